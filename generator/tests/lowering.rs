//! The decisions lowering makes, checked on the IR directly (no code emission involved).

use std::path::Path;

use generator::ir::{
    Api, Auth, Presence, ResponseBody, StatusMatch, Success, TypeDef, TypeKind, TypeRef,
};

fn lower_fixture(name: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    match generator::lower_from_str(&path, &text) {
        Ok(lowered) => lowered.api,
        Err(error) => panic!("{error}"),
    }
}

fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|type_def| type_def.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api
                .types
                .iter()
                .map(|type_def| type_def.name.as_str())
                .collect();
            panic!("no type {name} among {names:?}")
        })
}

fn named_ty(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn optional(ty: TypeRef) -> TypeRef {
    TypeRef::Optional(Box::new(ty))
}

#[test]
fn token_operation_as_declared() {
    let api = lower_fixture("token.yaml");
    let [operation] = api.operations.as_slice() else {
        panic!("one operation expected")
    };
    assert_eq!(operation.method_name, "oauth2_token_oauth2_token_post");
    assert_eq!(operation.auth, Auth::None);
    let params: Vec<(&str, bool)> = operation
        .params
        .iter()
        .map(|param| (param.wire_name.as_str(), param.required))
        .collect();
    assert_eq!(
        params,
        [
            ("client_id", false),
            ("client_secret", false),
            ("grant_type", false)
        ]
    );
    assert!(operation.params[1].sensitive && !operation.params[0].sensitive);
    assert_eq!(
        operation.params[2].default,
        Some(serde_json::json!("client_credentials"))
    );
    assert_eq!(
        operation.success,
        Success::Single(ResponseBody::Json(TypeRef::Json))
    );
    let statuses: Vec<StatusMatch> = operation
        .responses
        .iter()
        .map(|response| response.status)
        .collect();
    assert_eq!(statuses, [StatusMatch::Code(200), StatusMatch::Code(422)]);
    assert_eq!(api.error_body_types, ["HttpValidationError"]);
}

#[test]
fn unions_put_the_most_specific_alternative_first_and_are_shared() {
    let api = lower_fixture("unions.json");
    let union = named(&api, "PersonSummaryOrPersonReference");
    let TypeKind::Union(definition) = &union.kind else {
        panic!("union expected")
    };
    let order: Vec<&str> = definition
        .variants
        .iter()
        .map(|variant| variant.rust_name.as_str())
        .collect();
    assert_eq!(
        order,
        ["PersonReference", "PersonSummary"],
        "more required fields first"
    );
    let by_id = &api.operations[0];
    let by_ids = &api.operations[1];
    assert_eq!(
        by_id.success,
        Success::Single(ResponseBody::Json(named_ty(
            "PersonSummaryOrPersonReference"
        )))
    );
    assert_eq!(
        by_ids.success,
        Success::Single(ResponseBody::Json(TypeRef::List(Box::new(named_ty(
            "PersonSummaryOrPersonReference"
        )))))
    );
    let tag = named(&api, "TagWhen");
    let TypeKind::Union(definition) = &tag.kind else {
        panic!("union expected")
    };
    assert_eq!(
        definition.variants[0].ty,
        TypeRef::Date,
        "dates before plain strings"
    );
}

#[test]
fn required_nullable_fields_are_options_that_may_be_missing() {
    let api = lower_fixture("presence.yaml");
    let fields: Vec<(String, Presence, TypeRef)> = api
        .types
        .iter()
        .filter_map(|type_def| match &type_def.kind {
            TypeKind::Struct(definition) => Some(definition.fields.iter()),
            _ => None,
        })
        .flatten()
        .map(|field| (field.wire_name.clone(), field.presence, field.ty.clone()))
        .collect();
    for (name, presence, ty) in &fields {
        match presence {
            Presence::Required => assert!(!matches!(ty, TypeRef::Optional(_)), "{name}"),
            Presence::RequiredNullable | Presence::Optional => {
                assert!(matches!(ty, TypeRef::Optional(_)), "{name}")
            }
        }
    }
    let presences: Vec<(&str, Presence)> = fields
        .iter()
        .map(|(name, presence, _)| (name.as_str(), *presence))
        .collect();
    assert_eq!(
        presences,
        [
            ("caseId", Presence::Required),
            ("title", Presence::Required),
            ("trial", Presence::RequiredNullable),
            ("filed", Presence::Optional),
            ("judge", Presence::Optional),
            ("runs", Presence::Optional),
            ("reasons", Presence::Optional),
        ]
    );
    assert_eq!(fields[2].2, optional(TypeRef::Date));
    assert_eq!(
        fields[5].2,
        optional(TypeRef::Map(Box::new(TypeRef::String)))
    );
    let TypeKind::Struct(case) = &named(&api, "Case").kind else {
        panic!("struct expected")
    };
    assert!(case.fields[6].deprecated);
    assert_eq!(
        case.fields[0].docs.summary, None,
        "a title that only repeats the name is left out"
    );
    assert_eq!(
        case.fields[1].docs.description.as_deref(),
        Some("The caption of the case.")
    );
}

#[test]
fn recursive_fields_are_boxed() {
    let api = lower_fixture("recursion.yaml");
    let TypeKind::Struct(court) = &named(&api, "Court").kind else {
        panic!("struct expected")
    };
    let types: Vec<(&str, &TypeRef)> = court
        .fields
        .iter()
        .map(|field| (field.rust_name.as_str(), &field.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("name", &TypeRef::String),
            ("parent", &optional(TypeRef::Boxed("Court".into()))),
            (
                "children",
                &optional(TypeRef::List(Box::new(named_ty("Court"))))
            ),
            ("appeal", &optional(TypeRef::Boxed("Appeal".into()))),
        ]
    );
}

#[test]
fn names_avoid_keywords_collisions_and_runtime_items() {
    let api = lower_fixture("naming.yaml");
    let names: Vec<&str> = api
        .types
        .iter()
        .map(|type_def| type_def.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Client2", "Error2", "PtabTrialData", "PtabTrialData2"]
    );
    let TypeKind::Struct(trial) = &named(&api, "PtabTrialData").kind else {
        panic!("struct expected")
    };
    let fields: Vec<(&str, &str)> = trial
        .fields
        .iter()
        .map(|field| (field.wire_name.as_str(), field.rust_name.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("type", "type_"),
            ("caseID", "case_id"),
            ("case_id", "case_id_2"),
            ("2ndOpinion", "field_2nd_opinion"),
            ("async", "async_")
        ]
    );
    let methods: Vec<&str> = api
        .operations
        .iter()
        .map(|operation| operation.method_name.as_str())
        .collect();
    assert_eq!(
        methods,
        ["seach_law_firms", "execute_2"],
        "the runtime's own `Client::execute` is kept"
    );
    let params: Vec<&str> = api.operations[0]
        .params
        .iter()
        .map(|param| param.rust_name.as_str())
        .collect();
    assert_eq!(params, ["type_", "page_size", "page_size_2", "self_"]);
}

#[test]
fn enums_are_open_except_consts() {
    let api = lower_fixture("enums.yaml");
    let TypeKind::Enum(status) = &named(&api, "Status").kind else {
        panic!("enum expected")
    };
    let variants: Vec<&str> = status
        .variants
        .iter()
        .map(|variant| variant.rust_name.as_str())
        .collect();
    assert_eq!(
        variants,
        [
            "Open",
            "Closed",
            "PendingBeforeTheAlj",
            "Open2",
            "Unknown",
            "SelfValue"
        ]
    );
    assert_eq!(status.fallback.as_deref(), Some("UnknownValue"));
    let TypeKind::Enum(constant) = &named(&api, "NotSpecified").kind else {
        panic!("enum expected")
    };
    assert_eq!(constant.fallback, None);
}

#[test]
fn parameters_keep_document_order_and_path_item_parameters_come_first() {
    let api = lower_fixture("parameters.yaml");
    let run = api
        .operations
        .iter()
        .find(|operation| operation.operation_id == "get_alert_run");
    let Some(run) = run else {
        panic!("get_alert_run missing")
    };
    let params: Vec<&str> = run
        .params
        .iter()
        .map(|param| param.wire_name.as_str())
        .collect();
    assert_eq!(
        params,
        [
            "alert_id",
            "date",
            "caseIds",
            "court",
            "pageSize",
            "tags",
            "X-Request-Id",
            "legacy"
        ]
    );
    assert_eq!(run.params[1].ty, TypeRef::Date);
    assert_eq!(
        run.params[3].ty,
        TypeRef::String,
        "a nullable optional parameter is just optional"
    );
    assert!(run.deprecated && run.params[7].deprecated);
    let templates: Vec<&str> = api
        .operations
        .iter()
        .map(|operation| operation.path.template.as_str())
        .collect();
    assert!(
        templates.contains(&"/trials/{trial_id}") && templates.contains(&"/trials/{trial_number}")
    );
}

#[test]
fn different_success_bodies_become_an_enum() {
    let api = lower_fixture("responses.yaml");
    let Success::ByStatus {
        type_name,
        variants,
    } = &api.operations[0].success
    else {
        panic!("per-status success expected")
    };
    assert_eq!(type_name, "CreateJobSuccess");
    let names: Vec<&str> = variants
        .iter()
        .map(|variant| variant.name.as_str())
        .collect();
    assert_eq!(names, ["Created", "Accepted", "NoContent"]);
    assert_eq!(
        api.operations[1].success,
        Success::Single(ResponseBody::Empty)
    );
    assert_eq!(api.error_body_types, ["Problem"]);
}

#[test]
fn bodies_and_security() {
    let api = lower_fixture("bodies.yaml");
    let [query, note, login] = api.operations.as_slice() else {
        panic!("three operations expected")
    };
    assert_eq!(query.auth, Auth::Bearer, "document-level security applies");
    assert_eq!(login.auth, Auth::None, "`security: []` turns it off");
    assert!(
        query
            .body
            .as_ref()
            .is_some_and(|body| body.required && body.ty == named_ty("Query"))
    );
    assert!(note.body.as_ref().is_some_and(|body| !body.required));
    assert!(
        login
            .body
            .as_ref()
            .is_some_and(|body| body.media == generator::ir::BodyMedia::Form)
    );
    let TypeKind::Struct(definition) = &named(&api, "Query").kind else {
        panic!("struct expected")
    };
    let ordering = definition
        .fields
        .iter()
        .find(|field| field.wire_name == "ordering");
    assert!(
        ordering.is_some_and(|field| field.ty == optional(named_ty("Ordering"))
            && field.docs.description.as_deref() == Some("How results are sorted.")),
        "{ordering:?}"
    );
}
