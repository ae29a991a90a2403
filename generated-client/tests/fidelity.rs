//! Model fidelity on the shapes that are easy to get wrong: a required-but-nullable field left out, dates,
//! unions (objects against objects, arrays against arrays, strings against a closed `const` enum, integers
//! against strings and null) and the closed enum itself. Real payloads come from the current document at run
//! time; the small JSON values written here are our own.

mod support;

use std::error::Error;

use lexmachina::types::{
    AlertItem, AlertItemItemId, AttorneyDataOrAttorneyReference, DistrictCaseDamagesAmount,
    DistrictCaseData, DistrictCaseDates, ListCourtsResponse,
    MassCounterfeiterDefaultDamagesAmountPerDefendant, StateCaseData, UnspecifiedDamagesAmount,
};
use serde_json::{Value, json};
use support::{
    CURRENT_VERSION, ResponseExample, first_difference, read_document, response_examples,
};

fn examples(operation_id: &str, status: &str) -> Result<Vec<ResponseExample>, Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    let found: Vec<ResponseExample> = response_examples(&document)
        .into_iter()
        .filter(|example| example.operation_id == operation_id && example.status == status)
        .collect();
    if found.is_empty() {
        return Err(format!("no {operation_id} {status} example").into());
    }
    Ok(found)
}

/// Decodes `value` as `T` and checks it encodes back to the same JSON.
fn round_trip<T>(value: &Value) -> Result<T, Box<dyn Error>>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = serde_json::from_value(value.clone())?;
    let encoded = serde_json::to_value(&decoded)?;
    if let Some(difference) = first_difference(value, &encoded) {
        return Err(format!("re-encoded differently at {difference}").into());
    }
    Ok(decoded)
}

#[test]
fn a_required_nullable_field_may_be_left_out() -> Result<(), Box<dyn Error>> {
    let examples = examples("get_state_case", "200")?;
    let without_trial = examples
        .iter()
        .find(|example| {
            example
                .value
                .pointer("/dates")
                .is_some_and(|dates| dates.get("trial").is_none())
        })
        .ok_or("no get_state_case example leaves out dates.trial")?;
    let bytes = serde_json::to_vec(&without_trial.value)?;
    let decoded = lexmachina::decode_response("get_state_case", 200, &bytes)?;
    let case = decoded
        .downcast_ref::<StateCaseData>()
        .ok_or("not a StateCaseData")?;
    assert_eq!(case.dates.trial, None);
    // Encoding writes the field as `null`, which is what `required` asks of a client.
    assert_eq!(
        decoded.to_json()?.pointer("/dates/trial"),
        Some(&Value::Null)
    );
    Ok(())
}

#[test]
fn dates_decode_as_calendar_dates() -> Result<(), Box<dyn Error>> {
    for example in examples("get_district_case", "200")? {
        let case: DistrictCaseData = round_trip(&example.value)?;
        let filed = example
            .value
            .pointer("/dates/filed")
            .and_then(Value::as_str)
            .ok_or("no dates.filed")?;
        assert_eq!(case.dates.filed.to_string(), filed);
    }
    let dates = |filed: &str| serde_json::from_value::<DistrictCaseDates>(json!({"filed": filed}));
    assert_eq!(dates("2021-02-28")?.filed.to_string(), "2021-02-28");
    assert!(
        dates("2021-02-30").is_err(),
        "an impossible date is an error"
    );
    assert!(dates("28/02/2021").is_err(), "only ISO dates are dates");
    Ok(())
}

#[test]
fn object_unions_pick_the_alternative_whose_required_fields_are_there() -> Result<(), Box<dyn Error>>
{
    for example in examples("get_attorney", "200")? {
        let attorney: AttorneyDataOrAttorneyReference = round_trip(&example.value)?;
        assert!(
            matches!(attorney, AttorneyDataOrAttorneyReference::AttorneyData(_)),
            "{attorney:?}"
        );
    }
    let moved = json!({"name": "A. Lawyer", "attorneyId": 2, "inputId": 1, "url": "https://example.test/attorneys/2"});
    let attorney: AttorneyDataOrAttorneyReference = round_trip(&moved)?;
    assert!(
        matches!(
            attorney,
            AttorneyDataOrAttorneyReference::AttorneyReference(_)
        ),
        "{attorney:?}"
    );
    Ok(())
}

#[test]
fn array_unions_pick_the_alternative_by_item_shape() -> Result<(), Box<dyn Error>> {
    let examples = examples("list_courts", "200")?;
    let (mut federal, mut state) = (0, 0);
    for example in &examples {
        match round_trip::<ListCourtsResponse>(&example.value)? {
            ListCourtsResponse::FederalDistrictCourtList(courts) => federal += courts.len(),
            ListCourtsResponse::StateCourtList(courts) => state += courts.len(),
        }
    }
    assert!(
        federal > 0 && state > 0,
        "both alternatives occur: {federal} federal, {state} state courts"
    );
    Ok(())
}

#[test]
fn string_unions_prefer_the_closed_enum() -> Result<(), Box<dyn Error>> {
    let cases = [
        (json!("NotSpecified"), "UnspecifiedDamagesAmount"),
        (json!("12500.00"), "String"),
        (json!("notspecified"), "String"),
        (
            json!({"amountPerDefendant": "NotSpecified"}),
            "MassCounterfeiterDefaultDamages/UnspecifiedDamagesAmount",
        ),
        (
            json!({"amountPerDefendant": "2000.00"}),
            "MassCounterfeiterDefaultDamages/String",
        ),
    ];
    for (value, expected) in cases {
        let amount: DistrictCaseDamagesAmount = round_trip(&value)?;
        let chosen = match &amount {
            DistrictCaseDamagesAmount::UnspecifiedDamagesAmount(
                UnspecifiedDamagesAmount::NotSpecified,
            ) => "UnspecifiedDamagesAmount",
            DistrictCaseDamagesAmount::String(_) => "String",
            DistrictCaseDamagesAmount::MassCounterfeiterDefaultDamages(damages) => {
                match damages.amount_per_defendant {
                    MassCounterfeiterDefaultDamagesAmountPerDefendant::UnspecifiedDamagesAmount(
                        _,
                    ) => "MassCounterfeiterDefaultDamages/UnspecifiedDamagesAmount",
                    MassCounterfeiterDefaultDamagesAmountPerDefendant::String(_) => {
                        "MassCounterfeiterDefaultDamages/String"
                    }
                }
            }
        };
        assert_eq!(chosen, expected, "{value}");
    }
    Ok(())
}

#[test]
fn the_const_enum_is_closed() {
    let known: Result<UnspecifiedDamagesAmount, _> = serde_json::from_value(json!("NotSpecified"));
    assert_eq!(known.ok(), Some(UnspecifiedDamagesAmount::NotSpecified));
    let other: Result<UnspecifiedDamagesAmount, _> = serde_json::from_value(json!("Unspecified"));
    assert!(other.is_err(), "a const accepts only its value");
}

#[test]
fn string_integer_or_null_unions_keep_the_kind() -> Result<(), Box<dyn Error>> {
    let items = [
        json!({"itemId": 6020}),
        json!({"itemId": "IPR2020-00001"}),
        json!({"itemId": null}),
        json!({}),
    ];
    let mut kinds = Vec::new();
    for item in &items {
        let decoded: AlertItem = round_trip(item)?;
        kinds.push(match decoded.item_id {
            Some(AlertItemItemId::Integer(_)) => "integer",
            Some(AlertItemItemId::String(_)) => "string",
            None => "none",
        });
    }
    assert_eq!(kinds, ["integer", "string", "none", "none"]);
    for example in examples("get_alert_run_results", "200")? {
        round_trip::<lexmachina::types::AlertRunResult>(&example.value)?;
    }
    Ok(())
}
