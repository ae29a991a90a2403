//! Every example of the current document decodes into the model the document gives it and encodes back to
//! the same JSON (an absent key equals `null`, numbers compare by value): the 302 response examples through
//! `decode_response` for their operation and status, and the 4 request-body examples through
//! `decode_request_body`.

mod support;

use std::error::Error;

use serde_json::json;
use support::{
    CURRENT_VERSION, first_difference, read_document, request_examples, response_examples,
    status_code,
};

/// How many examples the current document has; a change means the document changed, so look again.
const RESPONSE_EXAMPLES: usize = 302;
const SUCCESS_EXAMPLES: usize = 64;
/// Success responses whose schema is `{}` (any JSON), so their examples decode into `serde_json::Value`.
const UNTYPED_SUCCESSES: &[&str] = &["list_appealability_rulings"];
const REQUEST_EXAMPLES: usize = 4;

#[test]
fn every_response_example_round_trips() -> Result<(), Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    let examples = response_examples(&document);
    let mut failures = Vec::new();
    let (mut typed_successes, mut untyped_successes) = (0, Vec::new());
    for example in &examples {
        let Some(status) = status_code(&example.status) else {
            failures.push(format!("{}: not a status code", example.label()));
            continue;
        };
        let bytes = serde_json::to_vec(&example.value)?;
        let decoded = match lexmachina::decode_response(&example.operation_id, status, &bytes) {
            Ok(decoded) => decoded,
            Err(error) => {
                failures.push(format!("{}: {error}", example.label()));
                continue;
            }
        };
        if (200..300).contains(&status) {
            if decoded.type_name() == "serde_json::Value" {
                untyped_successes.push(example.operation_id.as_str());
            } else {
                typed_successes += 1;
            }
        }
        match decoded.to_json() {
            Ok(encoded) => {
                if let Some(difference) = first_difference(&example.value, &encoded) {
                    failures.push(format!(
                        "{}: re-encoded differently at {difference}",
                        example.label()
                    ));
                }
            }
            Err(error) => {
                failures.push(format!("{}: re-encoding failed: {error}", example.label()))
            }
        }
    }
    let passed = examples.len() - failures.len();
    println!(
        "{passed}/{} response examples ({typed_successes} success bodies into models, {} into JSON where the schema is `{{}}`)",
        examples.len(),
        untyped_successes.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        examples.len(),
        RESPONSE_EXAMPLES,
        "the document's response examples changed"
    );
    assert_eq!(
        untyped_successes, UNTYPED_SUCCESSES,
        "only schemaless successes decode into untyped JSON"
    );
    assert_eq!(typed_successes + untyped_successes.len(), SUCCESS_EXAMPLES);
    Ok(())
}

/// The document stores each request example as a JSON *string* holding the query object; the object inside
/// is what is decoded (see `support::request_examples`).
#[test]
fn every_request_example_round_trips() -> Result<(), Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    let examples = request_examples(&document)?;
    let mut failures = Vec::new();
    for example in &examples {
        let label = format!("{} request {:?}", example.operation_id, example.name);
        let bytes = serde_json::to_vec(&example.value)?;
        let outcome = lexmachina::decode_request_body(&example.operation_id, &bytes)
            .map_err(|error| error.to_string())
            .and_then(|decoded| {
                decoded
                    .to_json()
                    .map_err(|error| format!("re-encoding failed: {error}"))
            });
        match outcome {
            Ok(encoded) => {
                if let Some(difference) = first_difference(&example.value, &encoded) {
                    failures.push(format!("{label}: re-encoded differently at {difference}"));
                }
            }
            Err(error) => failures.push(format!("{label}: {error}")),
        }
    }
    println!(
        "{}/{} request examples",
        examples.len() - failures.len(),
        examples.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        examples.len(),
        REQUEST_EXAMPLES,
        "the document's request examples changed"
    );
    Ok(())
}

/// The comparison the round trips rely on: `null` and absent are equal, `1.0` and `1` are equal, anything
/// else is reported at its path.
#[test]
fn the_comparison_reports_the_first_difference() {
    let expected = json!({"a": {"b": [1, 2.5, {"c": "x"}]}, "d": null});
    assert_eq!(
        first_difference(
            &expected,
            &json!({"a": {"b": [1.0, 2.5, {"c": "x", "e": null}]}})
        ),
        None
    );
    assert_eq!(
        first_difference(&expected, &json!({"a": {"b": [1, 2.5, {"c": "y"}]}})).as_deref(),
        Some("a.b[2].c: expected \"x\", found \"y\"")
    );
    assert_eq!(
        first_difference(&expected, &json!({"a": {"b": [1, 2.5]}})).as_deref(),
        Some("a.b: 3 items expected, 2 found")
    );
    assert_eq!(
        first_difference(
            &expected,
            &json!({"a": {"b": [1, 2.5, {"c": "x"}]}, "d": 0})
        )
        .as_deref(),
        Some("d: expected null, found 0")
    );
}
