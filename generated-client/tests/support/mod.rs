//! Shared by the integration tests: reading the vendor's documents (at run time, from `../shared/lexmachina/`
//! beside the workspace), collecting their examples, and comparing JSON the way a round trip should.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::error::Error;
use std::path::PathBuf;

use serde_json::Value;

/// Every vendor document, oldest first; the last is the one the client is generated from.
pub const DOCUMENT_VERSIONS: &[&str] =
    &["20250318", "20250708", "20250909", "20251118", "20260324"];

/// The version the client is generated from.
pub const CURRENT_VERSION: &str = "20260324";

/// The path of the vendor document of `version`.
pub fn document_path(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../shared/lexmachina/openapi-{version}.json"))
}

/// Reads and parses the vendor document of `version`.
pub fn read_document(version: &str) -> Result<Value, Box<dyn Error>> {
    let path = document_path(version);
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

/// One documented response example.
#[derive(Debug, Clone)]
pub struct ResponseExample {
    pub operation_id: String,
    /// The status key as written (`200`, `404`...).
    pub status: String,
    /// The example's name.
    pub name: String,
    pub value: Value,
}

impl ResponseExample {
    /// `operation status "name"`, for messages.
    pub fn label(&self) -> String {
        format!("{} {} {:?}", self.operation_id, self.status, self.name)
    }
}

/// One documented request-body example.
#[derive(Debug, Clone)]
pub struct RequestExample {
    pub operation_id: String,
    pub name: String,
    /// The body: the document stores each as a JSON *string* holding the object, which is parsed here.
    pub value: Value,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations of a document with their `operationId`s, in document order.
fn operations(document: &Value) -> impl Iterator<Item = (&str, &Value)> {
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .filter_map(|operation| Some((operation.get("operationId")?.as_str()?, operation)))
}

/// The JSON media types of a `content` map.
fn json_media(content: Option<&Value>) -> impl Iterator<Item = &Value> {
    content
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|content| content.iter())
        .filter(|(media_type, _)| media_type.starts_with("application/json"))
        .map(|(_, media)| media)
}

/// Named examples (`examples.<name>.value`) of a media type object.
fn named_examples(media: &Value) -> impl Iterator<Item = (&String, &Value)> {
    media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|examples| examples.iter())
        .filter_map(|(name, example)| Some((name, example.get("value")?)))
}

/// Every response example of a document, in document order.
pub fn response_examples(document: &Value) -> Vec<ResponseExample> {
    let mut found = Vec::new();
    for (operation_id, operation) in operations(document) {
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten();
        for (status, response) in responses {
            for media in json_media(response.get("content")) {
                for (name, value) in named_examples(media) {
                    found.push(ResponseExample {
                        operation_id: operation_id.to_owned(),
                        status: status.clone(),
                        name: name.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
    }
    found
}

/// Every request-body example of a document, with each string-encoded body parsed into its object.
pub fn request_examples(document: &Value) -> Result<Vec<RequestExample>, Box<dyn Error>> {
    let mut found = Vec::new();
    for (operation_id, operation) in operations(document) {
        for media in json_media(
            operation
                .get("requestBody")
                .and_then(|body| body.get("content")),
        ) {
            for (name, value) in named_examples(media) {
                let value = match value {
                    Value::String(text) => serde_json::from_str(text).map_err(|error| {
                        format!("{operation_id} request example {name:?}: {error}")
                    })?,
                    other => other.clone(),
                };
                found.push(RequestExample {
                    operation_id: operation_id.to_owned(),
                    name: name.clone(),
                    value,
                });
            }
        }
    }
    Ok(found)
}

/// The path of the first place where `actual` differs from `expected`, with both values there. An absent
/// key equals `null`, and numbers compare by value (`1.0` equals `1`), since neither survives re-encoding.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<String> {
    difference_at(expected, actual, &mut String::new())
}

fn difference_at(expected: &Value, actual: &Value, path: &mut String) -> Option<String> {
    let here = |path: &str| {
        if path.is_empty() {
            ".".to_owned()
        } else {
            path.to_owned()
        }
    };
    match (expected, actual) {
        (Value::Object(left), Value::Object(right)) => {
            let keys = left
                .keys()
                .chain(right.keys().filter(|key| !left.contains_key(*key)));
            for key in keys {
                let (left, right) = (
                    left.get(key).unwrap_or(&Value::Null),
                    right.get(key).unwrap_or(&Value::Null),
                );
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                let found = difference_at(left, right, path);
                path.truncate(length);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!(
                    "{}: {} items expected, {} found",
                    here(path),
                    left.len(),
                    right.len()
                ));
            }
            for (index, (left, right)) in left.iter().zip(right).enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                let found = difference_at(left, right, path);
                path.truncate(length);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Number(left), Value::Number(right)) if numbers_equal(left, right) => None,
        (left, right) if left == right => None,
        (left, right) => Some(format!("{}: expected {left}, found {right}", here(path))),
    }
}

fn numbers_equal(left: &serde_json::Number, right: &serde_json::Number) -> bool {
    match (left.as_i64(), right.as_i64(), left.as_u64(), right.as_u64()) {
        (Some(left), Some(right), _, _) => left == right,
        (_, _, Some(left), Some(right)) => left == right,
        _ => left.as_f64() == right.as_f64(),
    }
}

/// The status code of a status key such as `200` (ranges and `default` have none).
pub fn status_code(status: &str) -> Option<u16> {
    status.parse().ok()
}
