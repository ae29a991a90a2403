//! Forward compatibility: what a newer (or older) server sends does not break this client. Unknown fields are
//! ignored, unknown enum values are kept and sent back unchanged, a value that fits no alternative of a union
//! is an error naming its JSON path, and the examples of the four older documents decode with today's client
//! except for an exact, explained list of real API changes.

mod support;

use std::collections::BTreeSet;
use std::error::Error;

use lexmachina::DecodeError;
use lexmachina::types::{CaseStatus, DistrictCaseData};
use serde_json::{Value, json};
use support::{
    CURRENT_VERSION, DOCUMENT_VERSIONS, first_difference, read_document, request_examples,
    response_examples, status_code,
};

/// The key added to every object to stand for a field a later server sends.
const ADDED_FIELD: &str = "fieldFromTheFuture";

/// An older-document example that today's client rejects because the API (or that document's own example)
/// changed, not because of the client.
struct KnownChange {
    versions: &'static [&'static str],
    operation: &'static str,
    status: &'static str,
    example: &'static str,
    /// Part of the error the client reports, so that a failure for another reason is noticed.
    error_says: &'static str,
    /// What changed, printed with the test's output.
    why: &'static str,
}

const KNOWN_CHANGES: &[KnownChange] = &[
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_appeals_case",
        status: "200",
        example: "single appeals court case",
        error_says: "missing field `docket`",
        why: "appeals cases require `docket` since 20260324 (examples carry it since 20250909); this one has none",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_bankruptcy_case",
        status: "200",
        example: "single federal bankruptcy case",
        error_says: "missing field `docket`",
        why: "bankruptcy cases require `docket` since 20260324 (examples carry it since 20250909); this one has none",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_district_case",
        status: "200",
        example: "single district court case",
        error_says: "missing field `docketEntryId`",
        why: "appeals-case resolutions require `docketEntryFiled` and `docketEntryId` since 20250708; the example has neither",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_state_case",
        status: "200",
        example: "a state case with docket text",
        error_says: "missing field `stateDocketEntryId`",
        why: "state-case resolutions require `stateDocketEntryId` since 20250708; the example has none",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_attorney",
        status: "200",
        example: "attorney",
        error_says: "matches no alternative",
        why: "the example spells `attorneyId` as `attorneyIds`, against its own document's schema (fixed in 20250909)",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_law_firm",
        status: "200",
        example: "resolve-law-firm",
        error_says: "matches no alternative",
        why: "the example wraps the firm in `{\"detail\": [...]}`, against its own document's schema",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_law_firms",
        status: "200",
        example: "resolve-law-firms",
        error_says: "expected a sequence",
        why: "the example wraps the list in `{\"detail\": [...]}`, against its own document's schema",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_state_judge",
        status: "200",
        example: "state_judge",
        error_says: "invalid type",
        why: "the example is a list of judges where its own document's schema has one judge object",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "get_state_judges",
        status: "200",
        example: "state_judges",
        error_says: "invalid type",
        why: "the example nests a list inside the list, against its own document's schema",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "search_judges",
        status: "200",
        example: "judge_search",
        error_says: "missing field `stateJudges`",
        why: "the example lacks `stateJudges` and `bankruptcyJudges`, which its own document's schema requires",
    },
    KnownChange {
        versions: &["20250318"],
        operation: "get_state_docket_entry",
        status: "200",
        example: "state case complaint",
        error_says: "missing field `state`",
        why: "the example lacks `state`, which its own document's schema requires",
    },
    KnownChange {
        versions: &["20250318", "20250708", "20250909"],
        operation: "get_health",
        status: "200",
        example: "health",
        error_says: "invalid type: string",
        why: "the health check was untyped (`{}`) with a bare-string example; it is a `HealthStatus` object since 20251118",
    },
    KnownChange {
        versions: &["20250318", "20250708", "20250909"],
        operation: "get_health",
        status: "401",
        example: "invalid_token",
        error_says: "documents no response for status 401",
        why: "the health check no longer documents a 401 response",
    },
    KnownChange {
        versions: &["20250318", "20250708", "20250909"],
        operation: "get_health",
        status: "404",
        example: "invalid_input",
        error_says: "documents no response for status 404",
        why: "the health check no longer documents a 404 response",
    },
    KnownChange {
        versions: &["20250318", "20250708"],
        operation: "query_state_cases",
        status: "400",
        example: "query_state_case_response",
        error_says: "documents no response for status 400",
        why: "state-case queries no longer document a 400 response",
    },
];

/// How many response examples each older document has, so that a change to a document is noticed.
const OLDER_EXAMPLE_COUNTS: &[(&str, usize)] = &[
    ("20250318", 192),
    ("20250708", 192),
    ("20250909", 285),
    ("20251118", 287),
];

/// Decodes a response body and encodes the value again.
fn decode_and_encode(operation_id: &str, status: u16, value: &Value) -> Result<Value, String> {
    let bytes = serde_json::to_vec(value).map_err(|error| error.to_string())?;
    let decoded = lexmachina::decode_response(operation_id, status, &bytes)
        .map_err(|error| error.to_string())?;
    decoded
        .to_json()
        .map_err(|error| format!("re-encoding failed: {error}"))
}

/// `value` with [`ADDED_FIELD`] in every non-empty object, at every depth. Its value copies the object's first
/// value, so that where an object is a map (every key is data, values of one type) the new entry still fits.
fn with_added_field(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut object: serde_json::Map<String, Value> = object
                .iter()
                .map(|(key, value)| (key.clone(), with_added_field(value)))
                .collect();
            if let Some(first) = object.values().next().cloned() {
                object.insert(ADDED_FIELD.to_owned(), first);
            }
            Value::Object(object)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_added_field).collect()),
        other => other.clone(),
    }
}

/// `value` without [`ADDED_FIELD`] anywhere (where the model keeps arbitrary JSON, it survives).
fn without_added_field(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| key.as_str() != ADDED_FIELD)
                .map(|(key, value)| (key.clone(), without_added_field(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_added_field).collect()),
        other => other.clone(),
    }
}

/// The first `get_district_case` 200 example of the current document.
fn district_case() -> Result<Value, Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    response_examples(&document)
        .into_iter()
        .find(|example| example.operation_id == "get_district_case" && example.status == "200")
        .map(|example| example.value)
        .ok_or_else(|| "no get_district_case 200 example".into())
}

#[test]
fn unknown_fields_are_ignored_at_every_depth() -> Result<(), Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    let mut checked = 0;
    for example in response_examples(&document) {
        let Some(status) =
            status_code(&example.status).filter(|status| (200..300).contains(status))
        else {
            continue;
        };
        let encoded = decode_and_encode(
            &example.operation_id,
            status,
            &with_added_field(&example.value),
        )
        .map_err(|error| format!("{}: {error}", example.label()))?;
        if let Some(difference) = first_difference(&example.value, &without_added_field(&encoded)) {
            return Err(format!("{}: differs at {difference}", example.label()).into());
        }
        checked += 1;
    }
    assert_eq!(checked, 64, "every success example of the document");

    let encoded = decode_and_encode(
        "get_district_case",
        200,
        &with_added_field(&district_case()?),
    )?;
    assert!(
        !encoded.to_string().contains(ADDED_FIELD),
        "typed models drop fields they do not know"
    );
    Ok(())
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back() -> Result<(), Box<dyn Error>> {
    let mut case = district_case()?;
    *case.get_mut("status").ok_or("no status")? = json!("Stayed Pending Arbitration");
    let decoded =
        lexmachina::decode_response("get_district_case", 200, &serde_json::to_vec(&case)?)?;
    let typed = decoded
        .downcast_ref::<DistrictCaseData>()
        .ok_or("not a DistrictCaseData")?;
    assert_eq!(
        typed.status,
        CaseStatus::UnknownValue("Stayed Pending Arbitration".to_owned())
    );
    assert_eq!(typed.status.as_str(), "Stayed Pending Arbitration");
    assert_eq!(first_difference(&case, &decoded.to_json()?), None);

    // Known values still decode to their variants, including from an owned (escaped) string.
    let known: CaseStatus = serde_json::from_str(r#""Termin\u0061ted""#)?;
    assert_eq!(known, CaseStatus::Terminated);
    Ok(())
}

#[test]
fn a_value_fitting_no_union_alternative_is_an_error_at_its_path() -> Result<(), Box<dyn Error>> {
    let mut case = district_case()?;
    *case
        .pointer_mut("/damages/active/0/amount")
        .ok_or("no damages in the example")? = json!(true);
    let mismatch = |operation: &str, body: &Value| match lexmachina::decode_response(
        operation,
        200,
        body.to_string().as_bytes(),
    ) {
        Err(DecodeError::Mismatch { path, message, .. }) => Ok((path, message)),
        Err(other) => Err(format!("{operation}: not a mismatch: {other}")),
        Ok(decoded) => Err(format!("{operation}: decoded as {}", decoded.type_name())),
    };

    // A string-or-object union given a boolean: no alternative takes one.
    let (path, message) = mismatch("get_district_case", &case)?;
    assert_eq!(path, "damages.active[0].amount");
    assert!(
        message.contains(
            "expected MassCounterfeiterDefaultDamages, UnspecifiedDamagesAmount or String"
        ),
        "{message}"
    );

    // An object union given an object of neither shape, inside a list.
    let attorneys = json!([{"name": "A. Lawyer", "attorneyId": 1}, {"name": "B. Lawyer"}]);
    let (path, message) = mismatch("get_attorneys", &attorneys)?;
    assert_eq!(path, "[1]");
    assert!(
        message.contains("matches no alternative of `AttorneyDataOrAttorneyReference`"),
        "{message}"
    );

    // An array union given items of neither shape.
    let (path, message) = mismatch("list_courts", &json!([{"name": "Court of Nowhere"}]))?;
    assert_eq!(path, ".");
    assert!(
        message.contains("matches no alternative of `ListCourtsResponse`"),
        "{message}"
    );
    Ok(())
}

#[test]
fn older_documents_decode_except_for_real_api_changes() -> Result<(), Box<dyn Error>> {
    let mut unexpected = Vec::new();
    let mut unmet: BTreeSet<(&str, &str, &str, &str)> = KNOWN_CHANGES
        .iter()
        .flat_map(|known| {
            known
                .versions
                .iter()
                .map(move |version| (*version, known.operation, known.status, known.example))
        })
        .collect();
    for version in DOCUMENT_VERSIONS
        .iter()
        .filter(|version| **version != CURRENT_VERSION)
    {
        let document = read_document(version)?;
        let examples = response_examples(&document);
        let mut passed = 0;
        for example in &examples {
            let outcome = match status_code(&example.status) {
                Some(status) => decode_and_encode(&example.operation_id, status, &example.value)
                    .and_then(|encoded| match first_difference(&example.value, &encoded) {
                        Some(difference) => Err(format!("re-encoded differently at {difference}")),
                        None => Ok(()),
                    }),
                None => Err(format!("status key {} is not a code", example.status)),
            };
            let Err(error) = outcome else {
                passed += 1;
                continue;
            };
            let known = KNOWN_CHANGES.iter().find(|known| {
                known.versions.contains(version)
                    && known.operation == example.operation_id
                    && known.status == example.status
                    && known.example == example.name
            });
            match known {
                Some(known) if error.contains(known.error_says) => {
                    println!("  expected: {version} {}: {}", example.label(), known.why);
                    unmet.remove(&(*version, known.operation, known.status, known.example));
                }
                _ => unexpected.push(format!("{version} {}: {error}", example.label())),
            }
        }
        let requests = request_examples(&document)?;
        for example in &requests {
            let bytes = serde_json::to_vec(&example.value)?;
            let encoded =
                lexmachina::decode_request_body(&example.operation_id, &bytes)?.to_json()?;
            if let Some(difference) = first_difference(&example.value, &encoded) {
                unexpected.push(format!(
                    "{version} {} request {:?}: differs at {difference}",
                    example.operation_id, example.name
                ));
            }
        }
        println!(
            "{version}: {passed}/{} response examples ({:.1}%), {}/{} request examples",
            examples.len(),
            100.0 * passed as f64 / examples.len().max(1) as f64,
            requests.len(),
            requests.len(),
        );
        let expected_count = OLDER_EXAMPLE_COUNTS
            .iter()
            .find(|(known, _)| known == version)
            .map(|(_, count)| *count);
        assert_eq!(
            Some(examples.len()),
            expected_count,
            "{version}: the document's examples changed"
        );
    }
    assert!(
        unexpected.is_empty(),
        "failures that are not known API changes:\n{}",
        unexpected.join("\n")
    );
    assert!(
        unmet.is_empty(),
        "known changes that no longer fail (remove them): {unmet:?}"
    );
    Ok(())
}
