//! Rewrites an OpenAPI 3.1 document into the 3.0 model that `openapiv3` reads, without losing meaning, and
//! reports every rewrite that drops information.
//!
//! The rewrites work on the JSON tree and visit only real schema and reference positions ([`walk`]), so data
//! such as examples, defaults and enums is never touched. A first pass checks every `$ref` against the
//! untouched document; a second rewrites the schemas ([`schema`]) bottom-up; finally the result is
//! deserialized into [`openapiv3::OpenAPI`].

mod schema;
#[cfg(test)]
mod tests;
mod walk;

use serde_json::{Map, Value};

use self::walk::{At, Visit};
use crate::error::{Diagnostic, Diagnostics};
use crate::pointer::Pointer;

/// A document in the 3.0 model, plus what was dropped or approximated on the way.
#[derive(Debug)]
pub struct Normalized {
    /// The rewritten document.
    pub document: openapiv3::OpenAPI,
    /// Rewrites that lost information, in document order.
    pub warnings: Vec<Diagnostic>,
}

/// Normalizes a parsed OpenAPI 3.0 or 3.1 document. Errors name the JSON pointer of every node that cannot
/// be rewritten; when there are none, the first structural problem `openapiv3` finds.
pub fn normalize(mut document: Value) -> Result<Normalized, Vec<Diagnostic>> {
    let warnings = rewrite(&mut document)?;
    let document = deserialize(&mut document)?;
    Ok(Normalized { document, warnings })
}

/// Rewrites `document` in place into the 3.0 dialect; returns the warnings, or every error.
fn rewrite(document: &mut Value) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    let Value::Object(root) = document else {
        let message = format!(
            "expected the document to be an object, found {}",
            schema::describe(document)
        );
        diagnostics.error(&Pointer::root(), message);
        return diagnostics.finish();
    };
    if !check_version(root, &mut diagnostics) {
        return diagnostics.finish();
    }
    remove_unsupported_fields(root, &mut diagnostics);
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));

    let mut references = References::default();
    walk::document(document, &mut references);
    references.check(document, &mut diagnostics);
    let mut rewriter = Rewriter(diagnostics);
    walk::document(document, &mut rewriter);

    let mut result = rewriter.0.finish();
    match &mut result {
        Ok(diagnostics) | Err(diagnostics) => sort_in_document_order(diagnostics, document),
    }
    result
}

/// `3.1.x` becomes `3.0.3`; `3.0.x` stays; anything else cannot be normalized.
fn check_version(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) -> bool {
    let pointer = Pointer::root().join("openapi");
    match root.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.1.") => {
            root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
            true
        }
        Some(Value::String(version)) if version.starts_with("3.0.") => true,
        Some(Value::String(version)) => {
            diagnostics.error(
                &pointer,
                format!("unsupported OpenAPI version `{version}`: expected 3.0.x or 3.1.x"),
            );
            false
        }
        Some(other) => {
            let message = format!(
                "expected the OpenAPI version as a string, found {}",
                schema::describe(other)
            );
            diagnostics.error(&pointer, message);
            false
        }
        None => {
            diagnostics.error(&pointer, "missing OpenAPI version: expected 3.0.x or 3.1.x");
            false
        }
    }
}

/// Removes the 3.1 fields that have no 3.0 counterpart.
fn remove_unsupported_fields(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let at = At::Root;
    for key in ["webhooks", "jsonSchemaDialect"] {
        remove_field(root, key, &at, diagnostics);
    }
    let info_at = at.key("info");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        remove_field(info, "summary", &info_at, diagnostics);
        if let Some(Value::Object(license)) = info.get_mut("license") {
            remove_field(license, "identifier", &info_at.key("license"), diagnostics);
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        remove_field(components, "pathItems", &at.key("components"), diagnostics);
    }
}

/// Removes `key`, warning unless it held an empty object.
fn remove_field(
    map: &mut Map<String, Value>,
    key: &str,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    if let Some(value) = map.remove(key)
        && !value.as_object().is_some_and(Map::is_empty)
    {
        diagnostics.warn(
            &at.key(key).pointer(),
            format!("`{key}` removed: OpenAPI 3.0 has no such field"),
        );
    }
}

/// The first pass: every `$ref`, with the pointer of the node that holds it.
#[derive(Debug, Default)]
struct References {
    found: Vec<(Pointer, Option<String>)>,
}

impl References {
    fn record(&mut self, reference: Option<&Value>, at: &At<'_>) {
        if let Some(reference) = reference {
            self.found
                .push((at.pointer(), reference.as_str().map(str::to_owned)));
        }
    }

    /// Reports references that are not strings, leave the document, or point nowhere in it.
    fn check(self, document: &Value, diagnostics: &mut Diagnostics) {
        for (pointer, reference) in self.found {
            match reference {
                None => diagnostics.error(&pointer, "`$ref` must be a string"),
                Some(reference) => match reference.strip_prefix('#') {
                    None => diagnostics.error(
                        &pointer,
                        format!("unsupported external reference `{reference}`"),
                    ),
                    Some(fragment) if !fragment.is_empty() && !fragment.starts_with('/') => {
                        diagnostics.error(
                            &pointer,
                            format!("unsupported reference `{reference}`: anchors are not supported, only JSON pointers"),
                        );
                    }
                    Some(_) if !resolves(document, &reference) => {
                        diagnostics.error(&pointer, format!("dangling reference `{reference}`"));
                    }
                    Some(_) => {}
                },
            }
        }
    }
}

/// Whether a local reference names a node of the document (percent-escapes decoded, as in a URI fragment).
fn resolves(document: &Value, reference: &str) -> bool {
    let Some(target) = Pointer::parse(reference) else {
        return false;
    };
    let mut node = document;
    for segment in target.segments() {
        let next = match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index)),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    true
}

impl Visit for References {
    fn schema(&mut self, schema: &mut Value, at: &At<'_>) {
        self.record(schema.get("$ref"), at);
    }

    fn reference(&mut self, object: &mut Map<String, Value>, at: &At<'_>) {
        self.record(object.get("$ref"), at);
    }
}

/// The second pass: rewrites schemas, and strips what 3.0 references cannot carry.
#[derive(Debug)]
struct Rewriter(Diagnostics);

impl Visit for Rewriter {
    fn schema(&mut self, schema: &mut Value, at: &At<'_>) {
        schema::rewrite(schema, at, &mut self.0);
    }

    fn reference(&mut self, object: &mut Map<String, Value>, at: &At<'_>) {
        if object.len() < 2 {
            return;
        }
        let siblings: Vec<String> = object
            .keys()
            .filter(|key| *key != "$ref")
            .map(|key| format!("`{key}`"))
            .collect();
        self.0.warn(
            &at.pointer(),
            format!("{} beside `$ref` dropped", siblings.join(", ")),
        );
        object.retain(|key, _| key == "$ref");
    }
}

/// Deserializes the rewritten document, naming the pointer of the node `openapiv3` rejects.
fn deserialize(document: &mut Value) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    serde_path_to_error::deserialize(&*document).map_err(|error| {
        let (pointer, message) = located(error, &Pointer::root());
        let (pointer, message) = locate(document, pointer, message);
        vec![Diagnostic::new(&pointer, message)]
    })
}

/// The pointer of the node that failed to deserialize, `at` being the node deserialization started from.
fn located(
    error: serde_path_to_error::Error<serde_json::Error>,
    at: &Pointer,
) -> (Pointer, String) {
    let pointer = error
        .path()
        .iter()
        .fold(at.clone(), |pointer, segment| match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.join(index),
            serde_path_to_error::Segment::Map { key } => pointer.join(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.join(variant),
            serde_path_to_error::Segment::Unknown => pointer,
        });
    (pointer, error.into_inner().to_string())
}

/// `openapiv3` buffers flattened and untagged objects (all of `paths`, every schema), so an error inside one
/// names only its outermost node. This retries the path items, then every schema below the failing node, on
/// their own, to name the innermost node that fails.
fn locate(document: &mut Value, mut pointer: Pointer, mut message: String) -> (Pointer, String) {
    if pointer.segments() == ["paths"] {
        let items = document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten();
        let mut failures = items
            .filter(|(key, item)| !key.starts_with("x-") && item.get("$ref").is_none())
            .filter_map(|(key, item)| {
                let at = Pointer::root().join("paths").join(key);
                serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item)
                    .err()
                    .map(|error| located(error, &at))
            });
        if let Some(failure) = failures.next() {
            (pointer, message) = failure;
        }
    }
    let mut finder = InvalidSchema {
        within: pointer,
        found: None,
    };
    walk::document(document, &mut finder);
    finder.found.unwrap_or((finder.within, message))
}

/// Finds the first schema below `within` that fails to deserialize on its own; subschemas come first.
#[derive(Debug)]
struct InvalidSchema {
    within: Pointer,
    found: Option<(Pointer, String)>,
}

impl Visit for InvalidSchema {
    fn schema(&mut self, schema: &mut Value, at: &At<'_>) {
        if self.found.is_some() {
            return;
        }
        let pointer = at.pointer();
        if pointer.segments().starts_with(self.within.segments()) {
            let result = serde_path_to_error::deserialize::<
                _,
                openapiv3::ReferenceOr<openapiv3::Schema>,
            >(&*schema);
            self.found = result.err().map(|error| located(error, &pointer));
        }
    }

    fn reference(&mut self, _: &mut Map<String, Value>, _: &At<'_>) {}
}

/// Orders diagnostics as their nodes appear in `document`; a node removed by a rewrite sorts after its
/// siblings. The sort is stable, so diagnostics of one node keep the order they were found in.
fn sort_in_document_order(diagnostics: &mut [Diagnostic], document: &Value) {
    diagnostics.sort_by_cached_key(|diagnostic| {
        let mut node = Some(document);
        let mut position = Vec::with_capacity(diagnostic.pointer.segments().len());
        for segment in diagnostic.pointer.segments() {
            let (index, child) = match node {
                Some(Value::Object(map)) => match map.iter().position(|(key, _)| key == segment) {
                    Some(index) => ((index, String::new()), map.get(segment)),
                    None => ((usize::MAX, segment.clone()), None),
                },
                _ => {
                    let index = segment.parse().unwrap_or(usize::MAX);
                    (
                        (index, String::new()),
                        node.and_then(Value::as_array)
                            .and_then(|items| items.get(index)),
                    )
                }
            };
            position.push(index);
            node = child;
        }
        position
    });
}
