//! The document's structure: which nodes are schemas and which may be references. Both passes of
//! [`normalize`](super::normalize) share this walk, so they agree on what is a schema and what is data
//! (examples, defaults, enums and extensions are never entered).

use serde_json::{Map, Value};

use super::schema::is_null_schema;
use crate::pointer::Pointer;

/// Where the walk is: a borrowed path that becomes a [`Pointer`] only when a diagnostic needs one.
#[derive(Debug, Clone, Copy)]
pub(super) enum At<'a> {
    /// The document itself.
    Root,
    /// A member of an object.
    Key(&'a At<'a>, &'a str),
    /// An element of an array.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// The member `key` of this node.
    pub(super) fn key<'b>(&'b self, key: &'b str) -> At<'b> {
        At::Key(self, key)
    }

    /// The element `index` of this node.
    pub(super) fn index(&self, index: usize) -> At<'_> {
        At::Index(self, index)
    }

    /// The JSON pointer of this node.
    pub(super) fn pointer(&self) -> Pointer {
        match self {
            At::Root => Pointer::root(),
            At::Key(parent, key) => parent.pointer().join(key),
            At::Index(parent, index) => parent.pointer().join(index),
        }
    }
}

/// What a pass does at the nodes the walk finds.
pub(super) trait Visit {
    /// A schema position (possibly a `$ref`), called after its subschemas.
    fn schema(&mut self, schema: &mut Value, at: &At<'_>);
    /// A reference object where a path item, parameter, response, request body, header, example, link,
    /// callback or security scheme could be.
    fn reference(&mut self, object: &mut Map<String, Value>, at: &At<'_>);
}

type Each<V> = fn(&mut Value, &At<'_>, &mut V);

/// Walks the whole document.
pub(super) fn document<V: Visit>(document: &mut Value, visit: &mut V) {
    fields(document, &At::Root, visit, |key| match key {
        "paths" => Some(|value, at, visit| entries(value, at, visit, true, path_item)),
        "components" => Some(components),
        _ => None,
    });
}

/// Walks a schema and its subschemas, subschemas first.
pub(super) fn schema<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    if let Value::Object(map) = value {
        for (key, child) in map.iter_mut() {
            let at = at.key(key);
            match key.as_str() {
                "properties" => entries(child, &at, visit, false, schema),
                "items" | "not" => schema(child, &at, visit),
                "additionalProperties" if child.is_object() => schema(child, &at, visit),
                "allOf" => elements(child, &at, visit, schema),
                // `{ "type": "null" }` branches are removed by their parent rather than rewritten.
                "anyOf" | "oneOf" => elements(child, &at, visit, |branch, at, visit| {
                    if !is_null_schema(branch) {
                        schema(branch, at, visit);
                    }
                }),
                _ => {}
            }
        }
    }
    visit.schema(value, at);
}

fn components<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    fields(value, at, visit, |key| match key {
        "schemas" => Some(|value, at, visit| entries(value, at, visit, false, schema)),
        "responses" => Some(|value, at, visit| entries(value, at, visit, false, response)),
        "parameters" => Some(|value, at, visit| entries(value, at, visit, false, parameter)),
        "requestBodies" => Some(|value, at, visit| entries(value, at, visit, false, request_body)),
        "headers" => Some(|value, at, visit| entries(value, at, visit, false, parameter)),
        "callbacks" => Some(|value, at, visit| entries(value, at, visit, false, callback)),
        "examples" | "links" | "securitySchemes" => {
            Some(|value, at, visit| entries(value, at, visit, false, reference_only))
        }
        _ => None,
    });
}

fn path_item<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    object(value, at, visit, |key| match key {
        "parameters" => Some(|value, at, visit| elements(value, at, visit, parameter)),
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
            Some(operation)
        }
        _ => None,
    });
}

fn operation<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    fields(value, at, visit, |key| match key {
        "parameters" => Some(|value, at, visit| elements(value, at, visit, parameter)),
        "requestBody" => Some(request_body),
        "responses" => Some(|value, at, visit| entries(value, at, visit, true, response)),
        "callbacks" => Some(|value, at, visit| entries(value, at, visit, false, callback)),
        _ => None,
    });
}

fn callback<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    match value {
        Value::Object(map) if map.contains_key("$ref") => visit.reference(map, at),
        _ => entries(value, at, visit, true, path_item),
    }
}

/// A parameter or a header: both hold a schema or content.
fn parameter<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    object(value, at, visit, |key| match key {
        "schema" => Some(schema),
        "content" => Some(content),
        "examples" => Some(|value, at, visit| entries(value, at, visit, false, reference_only)),
        _ => None,
    });
}

fn request_body<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    object(value, at, visit, |key| {
        (key == "content").then_some(content)
    });
}

fn response<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    object(value, at, visit, |key| match key {
        "headers" => Some(|value, at, visit| entries(value, at, visit, false, parameter)),
        "content" => Some(content),
        "links" => Some(|value, at, visit| entries(value, at, visit, false, reference_only)),
        _ => None,
    });
}

fn content<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    entries(value, at, visit, false, media_type);
}

fn media_type<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    fields(value, at, visit, |key| match key {
        "schema" => Some(schema),
        "examples" => Some(|value, at, visit| entries(value, at, visit, false, reference_only)),
        "encoding" => Some(|value, at, visit| entries(value, at, visit, false, encoding)),
        _ => None,
    });
}

fn encoding<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    fields(value, at, visit, |key| {
        (key == "headers").then_some(|value, at, visit| entries(value, at, visit, false, parameter))
    });
}

/// An example, link or security scheme: nothing inside is walked, but it may be a reference.
fn reference_only<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V) {
    object(value, at, visit, |_| None);
}

/// A reference goes to the visitor; anything else is walked field by field.
fn object<V: Visit>(
    value: &mut Value,
    at: &At<'_>,
    visit: &mut V,
    field: impl Fn(&str) -> Option<Each<V>>,
) {
    match value {
        Value::Object(map) if map.contains_key("$ref") => visit.reference(map, at),
        _ => fields(value, at, visit, field),
    }
}

/// Walks the members of an object that `field` knows how to walk.
fn fields<V: Visit>(
    value: &mut Value,
    at: &At<'_>,
    visit: &mut V,
    field: impl Fn(&str) -> Option<Each<V>>,
) {
    if let Value::Object(map) = value {
        for (key, value) in map.iter_mut() {
            if let Some(each) = field(key) {
                each(value, &at.key(key), visit);
            }
        }
    }
}

/// Walks every value of a map; in maps that allow `extensions`, `x-` keys are skipped.
fn entries<V: Visit>(
    value: &mut Value,
    at: &At<'_>,
    visit: &mut V,
    extensions: bool,
    each: Each<V>,
) {
    if let Value::Object(map) = value {
        for (key, value) in map.iter_mut() {
            if !(extensions && key.starts_with("x-")) {
                each(value, &at.key(key), visit);
            }
        }
    }
}

fn elements<V: Visit>(value: &mut Value, at: &At<'_>, visit: &mut V, each: Each<V>) {
    if let Value::Array(values) = value {
        for (index, value) in values.iter_mut().enumerate() {
            each(value, &at.index(index), visit);
        }
    }
}
