//! Rewrites one schema object from JSON Schema 2020-12 (OpenAPI 3.1) into the OpenAPI 3.0 dialect. The walk
//! calls [`rewrite`] after the schema's subschemas, so a branch merged into its parent is already rewritten.

use serde_json::{Map, Value};

use super::walk::At;
use crate::error::Diagnostics;

/// Keywords that constrain values in ways OpenAPI 3.0 cannot express.
const UNSUPPORTED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "prefixItems",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "contains",
];

/// 3.1 identifiers and annotations that 3.0 lacks and that accept or reject nothing.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords of the 3.0 schema object, plus the 3.1 ones rewritten below.
const KNOWN: &[&str] = &[
    "$ref",
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "discriminator",
    "type",
    "format",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords that only say something about the value, so a parent's copy wins over a merged branch's silently.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];

/// The keywords that go to each branch when a `type` array is split.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMERIC_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const NUMERIC_FORMATS: &[&str] = &["int32", "int64", "float", "double"];

/// Whether `schema` only admits `null`: such a branch of `anyOf`/`oneOf` becomes `nullable` on its parent.
pub(super) fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => !names.is_empty() && names.iter().all(|name| name == "null"),
        _ => false,
    }
}

/// Rewrites the schema at `at` in place.
pub(super) fn rewrite(schema: &mut Value, at: &At<'_>, diagnostics: &mut Diagnostics) {
    let map = match schema {
        Value::Object(map) => map,
        Value::Bool(true) => {
            *schema = Value::Object(Map::new());
            return;
        }
        Value::Bool(false) => {
            return diagnostics.error(&at.pointer(), "unsupported schema `false`");
        }
        other => {
            let message = format!("expected a schema object, found {}", describe(other));
            return diagnostics.error(&at.pointer(), message);
        }
    };
    check_keywords(map, at, diagnostics);
    examples_to_example(map, at, diagnostics);
    const_to_enum(map, at, diagnostics);
    type_array(map, at, diagnostics);
    for keyword in ["anyOf", "oneOf"] {
        null_branches(map, keyword, at, diagnostics);
    }
    if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        only_null(map, at, diagnostics);
    }
    bounds(map, at, diagnostics);
    reference_siblings(map);
}

/// Errors on keywords 3.0 cannot express, drops pure annotations and warns about unknown keywords.
fn check_keywords(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    let mut removed = Vec::new();
    for (key, value) in map.iter() {
        let keyword = key.as_str();
        if keyword.starts_with("x-") || KNOWN.contains(&keyword) {
            continue;
        }
        if UNSUPPORTED.contains(&keyword) {
            diagnostics.error(&at.pointer(), format!("unsupported keyword `{keyword}`"));
        } else if DROPPED.contains(&keyword) {
            diagnostics.warn(&at.pointer(), format!("keyword `{keyword}` removed"));
            removed.push(key.clone());
        } else if keyword == "$defs" {
            if value.as_object().is_some_and(Map::is_empty) {
                removed.push(key.clone());
            } else {
                diagnostics.error(&at.pointer(), "unsupported keyword `$defs`");
            }
        } else {
            diagnostics.warn(
                &at.pointer(),
                format!("unknown keyword `{keyword}` ignored"),
            );
        }
    }
    for key in removed {
        map.remove(&key);
    }
}

/// 3.1's `examples` array becomes 3.0's single `example`.
fn examples_to_example(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    if !map.get("examples").is_some_and(Value::is_array) {
        return;
    }
    let Some(Value::Array(examples)) = map.remove("examples") else {
        return;
    };
    let count = examples.len();
    if map.contains_key("example") {
        if count > 0 {
            diagnostics.warn(
                &at.pointer(),
                "`examples` dropped: the schema already has an `example`",
            );
        }
        return;
    }
    if count > 1 {
        diagnostics.warn(
            &at.pointer(),
            format!("kept the first of {count} `examples` as `example`"),
        );
    }
    if let Some(first) = examples.into_iter().next() {
        map.insert("example".to_owned(), first);
    }
}

/// `const: v` becomes `enum: [v]` marked `x-const`, so lowering knows the enum is closed.
fn const_to_enum(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    let Some(value) = map.remove("const") else {
        return;
    };
    match map.get("enum") {
        None => {
            map.insert("enum".to_owned(), Value::Array(vec![value]));
        }
        Some(Value::Array(values)) if values.as_slice() == std::slice::from_ref(&value) => {}
        Some(_) => return diagnostics.error(&at.pointer(), "`const` conflicts with `enum`"),
    }
    map.insert("x-const".to_owned(), Value::Bool(true));
}

/// `type: [T, "null"]` becomes `type: T, nullable: true`; several non-null types become `anyOf`.
fn type_array(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    let Some(Value::Array(entries)) = map.get("type") else {
        return;
    };
    let mut nullable = false;
    let mut types: Vec<String> = Vec::new();
    for entry in entries {
        match entry.as_str() {
            Some("null") => nullable = true,
            Some(name) if !types.iter().any(|known| known == name) => types.push(name.to_owned()),
            Some(_) => {}
            None => return diagnostics.error(&at.pointer(), "`type` must list type names"),
        }
    }
    if nullable {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match <[String; 1]>::try_from(types) {
        Ok([single]) => {
            map.insert("type".to_owned(), Value::String(single));
        }
        Err(types) if types.is_empty() => {
            map.insert("type".to_owned(), Value::String("null".to_owned()));
        }
        Err(types) => split_types(map, types, at, diagnostics),
    }
}

/// One `anyOf` branch per type, each with the keywords that apply to it; annotations stay on the parent.
fn split_types(
    map: &mut Map<String, Value>,
    types: Vec<String>,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    if map.contains_key("anyOf") {
        return diagnostics.error(&at.pointer(), "unsupported `type` list beside `anyOf`");
    }
    map.remove("type");
    let enumeration = map.remove("enum");
    let format = map.remove("format");
    let mut branches = Vec::new();
    for name in types {
        let mut branch = Map::new();
        let numeric = name == "integer" || name == "number";
        let keywords = match name.as_str() {
            "string" => STRING_KEYWORDS,
            "integer" | "number" => NUMERIC_KEYWORDS,
            "array" => ARRAY_KEYWORDS,
            "object" => OBJECT_KEYWORDS,
            _ => &[],
        };
        for &keyword in keywords {
            // Only the numeric keywords can apply to two branches; the others move.
            let value = if numeric {
                map.get(keyword).cloned()
            } else {
                map.remove(keyword)
            };
            if let Some(value) = value {
                branch.insert(keyword.to_owned(), value);
            }
        }
        if let Some(Value::String(format)) = &format
            && NUMERIC_FORMATS.contains(&format.as_str()) == numeric
            && (numeric || name == "string")
        {
            branch.insert("format".to_owned(), Value::String(format.clone()));
        }
        if let Some(Value::Array(values)) = &enumeration {
            let values: Vec<Value> = values
                .iter()
                .filter(|value| has_type(value, &name))
                .cloned()
                .collect();
            if values.is_empty() {
                continue;
            }
            branch.insert("enum".to_owned(), Value::Array(values));
        }
        branch.insert("type".to_owned(), Value::String(name));
        if numeric {
            bounds(&mut branch, at, diagnostics);
        }
        branches.push(Value::Object(branch));
    }
    // What is left applies to none of the types, so it constrains nothing.
    for keywords in [
        STRING_KEYWORDS,
        NUMERIC_KEYWORDS,
        ARRAY_KEYWORDS,
        OBJECT_KEYWORDS,
    ] {
        for keyword in keywords {
            map.remove(*keyword);
        }
    }
    if !branches.is_empty() {
        map.insert("anyOf".to_owned(), Value::Array(branches));
    } else if map.get("nullable") == Some(&Value::Bool(true)) {
        only_null(map, at, diagnostics);
    } else {
        diagnostics.error(&at.pointer(), "no `enum` value has one of the listed types");
    }
}

/// Removes `{ "type": "null" }` branches of `anyOf`/`oneOf` and marks the parent `nullable`.
fn null_branches(
    map: &mut Map<String, Value>,
    keyword: &str,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Array(branches)) = map.get(keyword) else {
        return;
    };
    if !branches.iter().any(is_null_schema) {
        return;
    }
    for (index, branch) in branches.iter().enumerate() {
        if is_null_schema(branch) && branch.as_object().is_some_and(|branch| branch.len() > 1) {
            let pointer = at.key(keyword).index(index).pointer();
            diagnostics.warn(&pointer, "keywords beside `type: null` dropped");
        }
    }
    let Some(Value::Array(branches)) = map.remove(keyword) else {
        return;
    };
    let mut branches: Vec<Value> = branches
        .into_iter()
        .filter(|branch| !is_null_schema(branch))
        .collect();
    map.insert("nullable".to_owned(), Value::Bool(true));
    if branches.len() > 1 {
        map.insert(keyword.to_owned(), Value::Array(branches));
    } else if let Some(single) = branches.pop() {
        merge_branch(map, single, keyword, at, diagnostics);
    } else {
        only_null(map, at, diagnostics);
    }
}

/// The only non-null branch replaces `anyOf`/`oneOf`: a reference becomes `allOf: [ref]`, an inline schema
/// is merged into the parent, whose own keywords win.
fn merge_branch(
    map: &mut Map<String, Value>,
    branch: Value,
    keyword: &str,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    let branch = match branch {
        Value::Object(branch) if branch.contains_key("$ref") => {
            return push_all_of(map, Value::Object(branch));
        }
        Value::Object(branch) => branch,
        // Already reported by the branch's own rewrite.
        other => {
            map.insert(keyword.to_owned(), Value::Array(vec![other]));
            return;
        }
    };
    for (key, value) in branch {
        match map.get(&key) {
            None => {
                map.insert(key, value);
            }
            Some(own)
                if *own == value
                    || key.starts_with("x-")
                    || ANNOTATIONS.contains(&key.as_str()) => {}
            Some(_) => {
                let message = format!(
                    "`{key}` of the only non-null branch conflicts with the schema's own and was dropped"
                );
                diagnostics.warn(&at.pointer(), message);
            }
        }
    }
}

/// A schema that admits only `null`.
fn only_null(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    map.insert("nullable".to_owned(), Value::Bool(true));
    if !map.contains_key("enum") {
        map.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
    }
    diagnostics.warn(
        &at.pointer(),
        "schema admits only null: rewritten as `nullable: true, enum: [null]`",
    );
}

/// 3.1's numeric exclusive bounds become 3.0's boolean flags; integer schemas get integer bounds.
fn bounds(map: &mut Map<String, Value>, at: &At<'_>, diagnostics: &mut Diagnostics) {
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    for lower in [true, false] {
        exclusive_bound(map, lower, at, diagnostics);
        if integer {
            integer_bound(map, lower, at, diagnostics);
        }
    }
    if integer {
        for keyword in ["multipleOf", "default"] {
            if let Some(value) = map.get_mut(keyword) {
                make_integral(value);
            }
        }
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.iter_mut().for_each(make_integral);
        }
    }
}

fn bound_keywords(lower: bool) -> (&'static str, &'static str) {
    if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    }
}

/// `exclusiveMinimum: n` becomes `minimum: n, exclusiveMinimum: true`, unless an inclusive bound is stricter.
fn exclusive_bound(
    map: &mut Map<String, Value>,
    lower: bool,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    let (inclusive, exclusive) = bound_keywords(lower);
    let Some(Value::Number(limit)) = map.get(exclusive) else {
        return;
    };
    let limit = limit.clone();
    let inclusive_is_stricter = match (map.get(inclusive).and_then(Value::as_f64), limit.as_f64()) {
        (Some(own), Some(limit)) => {
            let message =
                format!("both `{inclusive}` and `{exclusive}` are set: kept the stricter");
            diagnostics.warn(&at.pointer(), message);
            if lower { own > limit } else { own < limit }
        }
        _ => false,
    };
    if inclusive_is_stricter {
        map.remove(exclusive);
    } else {
        map.insert(inclusive.to_owned(), Value::Number(limit));
        map.insert(exclusive.to_owned(), Value::Bool(true));
    }
}

/// An integer schema's bound must be an integer: `2147483647.0` becomes `2147483647`, and a fractional
/// bound becomes the equivalent inclusive one (`exclusiveMaximum: 2.5` → `maximum: 2`).
fn integer_bound(
    map: &mut Map<String, Value>,
    lower: bool,
    at: &At<'_>,
    diagnostics: &mut Diagnostics,
) {
    let (inclusive, exclusive) = bound_keywords(lower);
    let Some(value) = map.get_mut(inclusive) else {
        return;
    };
    let Some(number) = value.as_f64().filter(|_| value.is_f64()) else {
        return;
    };
    if number.fract() == 0.0 {
        make_integral(value);
        return;
    }
    let rounded = if lower { number.ceil() } else { number.floor() };
    let Some(integer) = to_integer(rounded) else {
        return;
    };
    *value = Value::from(integer);
    let original = if map.remove(exclusive) == Some(Value::Bool(true)) {
        exclusive
    } else {
        inclusive
    };
    let message =
        format!("integer schema's `{original}: {number}` rounded to `{inclusive}: {integer}`");
    diagnostics.warn(&at.pointer(), message);
}

/// Turns an integral float such as `5.0` into the integer `5`.
fn make_integral(value: &mut Value) {
    if let Some(integer) = value
        .as_f64()
        .filter(|_| value.is_f64())
        .and_then(to_integer)
    {
        *value = Value::from(integer);
    }
}

fn to_integer(number: f64) -> Option<i64> {
    // The upper limit is 2^63, which is exactly representable; i64::MAX is not.
    let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&number);
    (number.fract() == 0.0 && in_range).then_some(number as i64)
}

/// `{ "$ref": ..., "default": ... }` becomes `{ "allOf": [{ "$ref": ... }], "default": ... }`: `openapiv3`
/// would otherwise drop every keyword beside the reference.
fn reference_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 || !map.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    if let Some(reference) = map.remove("$ref") {
        let mut target = Map::new();
        target.insert("$ref".to_owned(), reference);
        push_all_of(map, Value::Object(target));
    }
}

fn push_all_of(map: &mut Map<String, Value>, schema: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(all)) => all.insert(0, schema),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![schema]));
        }
    }
}

/// Whether an `enum` value belongs to the branch for JSON Schema type `name`.
fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64()
                || value.is_u64()
                || value.as_f64().is_some_and(|number| number.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// `a number`, `an array`, … for messages.
pub(super) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
