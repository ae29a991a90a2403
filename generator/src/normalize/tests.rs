use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use serde_json::{Value, json};

use super::{normalize, rewrite};
use crate::error::Diagnostic;

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// A minimal 3.1 document with `schemas` as its component schemas.
fn with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Test", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}

/// The rewritten document and its warnings; panics on errors.
fn rewritten(mut document: Value) -> (Value, Vec<String>) {
    match rewrite(&mut document) {
        Ok(warnings) => (document, messages(&warnings)),
        Err(errors) => panic!("unexpected errors: {:#?}", messages(&errors)),
    }
}

/// The errors of rewriting `document`; panics when it succeeds.
fn errors(mut document: Value) -> Vec<String> {
    match rewrite(&mut document) {
        Ok(_) => panic!("expected errors, got {document:#}"),
        Err(errors) => messages(&errors),
    }
}

/// Rewrites `schema` as `#/components/schemas/S` (next to a plain `Pet`) and returns it with the warnings.
fn schema(schema: Value) -> (Value, Vec<String>) {
    let (document, warnings) = rewritten(with_schemas(
        json!({"S": schema, "Pet": {"type": "object"}}),
    ));
    (document["components"]["schemas"]["S"].clone(), warnings)
}

fn schema_errors(schema: Value) -> Vec<String> {
    errors(with_schemas(
        json!({"S": schema, "Pet": {"type": "object"}}),
    ))
}

fn normalized(document: Value) -> OpenAPI {
    match normalize(document) {
        Ok(normalized) => normalized.document,
        Err(errors) => panic!("unexpected errors: {:#?}", messages(&errors)),
    }
}

fn normalize_errors(document: Value) -> Vec<String> {
    match normalize(document) {
        Ok(normalized) => panic!("expected errors, got {:?}", normalized.document),
        Err(errors) => messages(&errors),
    }
}

// Rewrite 1: null branches of anyOf/oneOf.

#[test]
fn inline_null_branch_merges_into_the_parent() {
    let (rewritten, warnings) = schema(json!({
        "anyOf": [{"type": "string", "maxLength": 5, "description": "inner"}, {"type": "null"}],
        "title": "Name",
        "description": "outer",
        "default": null,
        "deprecated": true,
    }));
    let expected = json!({
        "type": "string", "maxLength": 5, "nullable": true,
        "title": "Name", "description": "outer", "default": null, "deprecated": true,
    });
    assert_eq!(rewritten, expected);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn referenced_null_branch_becomes_all_of() {
    let (rewritten, warnings) = schema(json!({
        "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Pet"}],
        "description": "The pet, if any",
        "default": null,
    }));
    let expected = json!({
        "allOf": [{"$ref": "#/components/schemas/Pet"}],
        "nullable": true, "description": "The pet, if any", "default": null,
    });
    assert_eq!(rewritten, expected);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn several_non_null_branches_stay() {
    let (rewritten, _) =
        schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]}));
    assert_eq!(
        rewritten,
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
}

#[test]
fn merged_branch_is_rewritten_first() {
    let (document, warnings) = rewritten(with_schemas(json!({
        "Filter": {"type": "object", "properties": {"include": {
            "anyOf": [
                {"items": {"type": "integer", "exclusiveMaximum": 2147483647.0, "exclusiveMinimum": 0.0}, "type": "array"},
                {"type": "null"},
            ],
            "title": "Include",
        }}},
    })));
    let include = &document["components"]["schemas"]["Filter"]["properties"]["include"];
    let expected = json!({
        "type": "array", "nullable": true, "title": "Include",
        "items": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 2147483647, "exclusiveMaximum": true},
    });
    assert_eq!(include, &expected);
    assert!(include["items"]["maximum"].is_i64());
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn only_null_becomes_a_nullable_null_enum() {
    for only_null in [
        json!({"type": "null"}),
        json!({"type": ["null"]}),
        json!({"anyOf": [{"type": "null"}]}),
    ] {
        let (rewritten, warnings) = schema(only_null);
        assert_eq!(rewritten, json!({"nullable": true, "enum": [null]}));
        assert_eq!(
            warnings,
            [
                "#/components/schemas/S: schema admits only null: rewritten as `nullable: true, enum: [null]`"
            ]
        );
    }
}

#[test]
fn dropped_null_branch_keywords_and_conflicts_warn() {
    let (rewritten, warnings) = schema(json!({
        "type": "object",
        "anyOf": [{"type": "string"}, {"type": "null", "description": "nothing"}],
    }));
    assert_eq!(rewritten, json!({"type": "object", "nullable": true}));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S: `type` of the only non-null branch conflicts with the schema's own and was dropped",
            "#/components/schemas/S/anyOf/1: keywords beside `type: null` dropped",
        ]
    );
}

// Rewrite 2: type arrays.

#[test]
fn nullable_type_array() {
    let (rewritten, warnings) =
        schema(json!({"type": ["string", "null"], "format": "date", "title": "Day"}));
    assert_eq!(
        rewritten,
        json!({"type": "string", "nullable": true, "format": "date", "title": "Day"})
    );
    assert!(warnings.is_empty());
}

#[test]
fn several_types_split_into_branches() {
    let (rewritten, warnings) = schema(json!({
        "type": ["integer", "string", "null"],
        "title": "Id", "description": "Number or code", "default": 1,
        "format": "int64", "minimum": 1, "exclusiveMaximum": 10.0, "maxLength": 8, "pattern": "^[A-Z]+$",
    }));
    let expected = json!({
        "title": "Id", "description": "Number or code", "default": 1, "nullable": true,
        "anyOf": [
            {"type": "integer", "format": "int64", "minimum": 1, "maximum": 10, "exclusiveMaximum": true},
            {"type": "string", "maxLength": 8, "pattern": "^[A-Z]+$"},
        ],
    });
    assert_eq!(rewritten, expected);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn array_and_object_keywords_go_to_their_branches() {
    let (rewritten, _) = schema(json!({
        "type": ["array", "object", "boolean"],
        "items": {"type": "string"}, "minItems": 1, "uniqueItems": true,
        "properties": {"a": {"type": ["number", "null"]}}, "required": ["a"], "additionalProperties": false,
        "format": "date-time",
    }));
    let expected = json!({"anyOf": [
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},
        {"type": "object", "properties": {"a": {"type": "number", "nullable": true}}, "required": ["a"], "additionalProperties": false},
        {"type": "boolean"},
    ]});
    assert_eq!(rewritten, expected);
}

#[test]
fn enum_values_go_to_the_branch_of_their_type() {
    let (rewritten, _) =
        schema(json!({"type": ["string", "integer", "boolean"], "enum": ["a", 2.0, null]}));
    let expected =
        json!({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [2]}]});
    assert_eq!(rewritten, expected);
}

#[test]
fn keywords_of_absent_types_are_dropped() {
    let (rewritten, _) = schema(
        json!({"type": ["string", "integer"], "items": {"type": "string"}, "format": "date"}),
    );
    assert_eq!(
        rewritten,
        json!({"anyOf": [{"type": "string", "format": "date"}, {"type": "integer"}]})
    );
    let (rewritten, warnings) =
        schema(json!({"type": ["string", "integer", "null"], "enum": [null]}));
    assert_eq!(rewritten, json!({"nullable": true, "enum": [null]}));
    assert_eq!(warnings.len(), 1);
    let errors = schema_errors(json!({"type": ["string", "integer"], "enum": [true]}));
    assert_eq!(
        errors,
        ["#/components/schemas/S: no `enum` value has one of the listed types"]
    );
}

#[test]
fn type_arrays_of_non_strings_are_errors() {
    assert_eq!(
        schema_errors(json!({"type": ["string", 5]})),
        ["#/components/schemas/S: `type` must list type names"]
    );
}

// Rewrite 3: numeric bounds.

#[test]
fn numeric_exclusive_bounds_become_flags() {
    let (rewritten, warnings) =
        schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5}));
    let expected = json!({
        "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1.5, "exclusiveMaximum": true,
    });
    assert_eq!(rewritten, expected);
    assert!(warnings.is_empty());
}

#[test]
fn integer_schemas_get_integer_values() {
    let (rewritten, warnings) = schema(json!({
        "type": "integer", "exclusiveMaximum": 2147483647.0, "minimum": 1.0, "multipleOf": 2.0,
        "default": 4.0, "enum": [2.0, 4.0, null], "example": 3.0,
    }));
    let expected = json!({
        "type": "integer", "maximum": 2147483647, "exclusiveMaximum": true, "minimum": 1, "multipleOf": 2,
        "default": 4, "enum": [2, 4, null], "example": 3.0,
    });
    assert_eq!(rewritten, expected);
    for keyword in ["maximum", "minimum", "multipleOf", "default"] {
        assert!(rewritten[keyword].is_i64(), "{keyword}");
    }
    assert!(rewritten["enum"][0].is_i64());
    assert!(rewritten["example"].is_f64(), "examples are data");
    assert!(warnings.is_empty());
}

#[test]
fn stricter_bound_wins() {
    let (rewritten, warnings) =
        schema(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0}));
    assert_eq!(rewritten, json!({"type": "integer", "minimum": 5}));
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S: both `minimum` and `exclusiveMinimum` are set: kept the stricter"
        ]
    );
    let (rewritten, _) = schema(json!({"type": "number", "maximum": 10, "exclusiveMaximum": 3}));
    assert_eq!(
        rewritten,
        json!({"type": "number", "maximum": 3, "exclusiveMaximum": true})
    );
    let (rewritten, _) = schema(json!({"type": "number", "minimum": 0, "exclusiveMinimum": 0}));
    assert_eq!(
        rewritten,
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
    );
}

#[test]
fn fractional_integer_bounds_are_rounded_inward() {
    let (rewritten, warnings) =
        schema(json!({"type": "integer", "exclusiveMaximum": 2.5, "minimum": 0.5}));
    assert_eq!(
        rewritten,
        json!({"type": "integer", "maximum": 2, "minimum": 1})
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S: integer schema's `minimum: 0.5` rounded to `minimum: 1`",
            "#/components/schemas/S: integer schema's `exclusiveMaximum: 2.5` rounded to `maximum: 2`",
        ]
    );
    let (rewritten, _) = schema(json!({"type": "integer", "exclusiveMinimum": -2.5}));
    assert_eq!(rewritten, json!({"type": "integer", "minimum": -2}));
}

#[test]
fn boolean_exclusive_flags_of_3_0_stay() {
    let mut document = with_schemas(json!({
        "S": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false},
    }));
    document["openapi"] = json!("3.0.3");
    let original = document.clone();
    let (document, warnings) = rewritten(document);
    assert_eq!(document, original);
    assert!(warnings.is_empty());
}

// Rewrite 4: const.

#[test]
fn const_becomes_a_marked_enum() {
    let (rewritten, _) =
        schema(json!({"type": "string", "const": "NotSpecified", "title": "Unspecified"}));
    assert_eq!(
        rewritten,
        json!({"type": "string", "enum": ["NotSpecified"], "x-const": true, "title": "Unspecified"})
    );
    let (rewritten, _) =
        schema(json!({"type": "string", "enum": ["NotSpecified"], "const": "NotSpecified"}));
    assert_eq!(
        rewritten,
        json!({"type": "string", "enum": ["NotSpecified"], "x-const": true})
    );
    let (rewritten, _) = schema(json!({"const": {"type": "null"}}));
    assert_eq!(
        rewritten,
        json!({"enum": [{"type": "null"}], "x-const": true}),
        "const values are data"
    );
}

#[test]
fn const_conflicting_with_enum_is_an_error() {
    let errors = schema_errors(json!({"type": "string", "enum": ["a", "b"], "const": "a"}));
    assert_eq!(
        errors,
        ["#/components/schemas/S: `const` conflicts with `enum`"]
    );
}

// Rewrite 5: references with siblings.

#[test]
fn schema_reference_siblings_survive_in_all_of() {
    let (rewritten, warnings) = schema(
        json!({"$ref": "#/components/schemas/Pet", "default": "ByFirstFiled", "description": "Order"}),
    );
    let expected = json!({"allOf": [{"$ref": "#/components/schemas/Pet"}], "default": "ByFirstFiled", "description": "Order"});
    assert_eq!(rewritten, expected);
    assert!(warnings.is_empty());
    let (rewritten, _) = schema(json!({"$ref": "#/components/schemas/Pet"}));
    assert_eq!(rewritten, json!({"$ref": "#/components/schemas/Pet"}));
}

#[test]
fn other_reference_siblings_are_dropped() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Test", "version": "1"},
        "paths": {"/pets": {"get": {
            "parameters": [{"$ref": "#/components/parameters/Limit", "description": "How many"}],
            "responses": {"200": {"$ref": "#/components/responses/Pets", "description": "d", "summary": "s"}},
        }}},
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            "responses": {"Pets": {"description": "Pets"}},
        },
    });
    let (document, warnings) = rewritten(document);
    let get = &document["paths"]["/pets"]["get"];
    assert_eq!(
        get["parameters"][0],
        json!({"$ref": "#/components/parameters/Limit"})
    );
    assert_eq!(
        get["responses"]["200"],
        json!({"$ref": "#/components/responses/Pets"})
    );
    assert_eq!(
        warnings,
        [
            "#/paths/~1pets/get/parameters/0: `description` beside `$ref` dropped",
            "#/paths/~1pets/get/responses/200: `description`, `summary` beside `$ref` dropped",
        ]
    );
}

// Rewrite 6: boolean schemas.

#[test]
fn boolean_schemas() {
    let (rewritten, _) = schema(json!({
        "type": "object",
        "properties": {"anything": true, "list": {"type": "array", "items": true}},
        "additionalProperties": false,
    }));
    let expected = json!({
        "type": "object",
        "properties": {"anything": {}, "list": {"type": "array", "items": {}}},
        "additionalProperties": false,
    });
    assert_eq!(rewritten, expected);
    let (rewritten, _) = schema(json!({"type": "object", "additionalProperties": true}));
    assert_eq!(
        rewritten,
        json!({"type": "object", "additionalProperties": true})
    );
    let errors = schema_errors(json!({"type": "object", "properties": {"never": false}}));
    assert_eq!(
        errors,
        ["#/components/schemas/S/properties/never: unsupported schema `false`"]
    );
}

// Rewrite 7: examples and dropped keywords.

#[test]
fn examples_become_example() {
    let (rewritten, warnings) = schema(json!({"type": "string", "examples": ["a"]}));
    assert_eq!(rewritten, json!({"type": "string", "example": "a"}));
    assert!(warnings.is_empty());
    let (rewritten, warnings) = schema(json!({"type": "string", "examples": ["a", "b", "c"]}));
    assert_eq!(rewritten, json!({"type": "string", "example": "a"}));
    assert_eq!(
        warnings,
        ["#/components/schemas/S: kept the first of 3 `examples` as `example`"]
    );
    let (rewritten, warnings) =
        schema(json!({"type": "string", "example": "x", "examples": ["a"]}));
    assert_eq!(rewritten, json!({"type": "string", "example": "x"}));
    assert_eq!(
        warnings,
        ["#/components/schemas/S: `examples` dropped: the schema already has an `example`"]
    );
}

#[test]
fn identifiers_and_content_annotations_are_removed() {
    let (rewritten, warnings) = schema(json!({
        "$anchor": "a", "$comment": "c", "$defs": {}, "$id": "urn:s",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "contentEncoding": "base64", "contentMediaType": "image/png", "type": "string",
    }));
    assert_eq!(rewritten, json!({"type": "string"}));
    let keywords = [
        "$anchor",
        "$comment",
        "$id",
        "$schema",
        "contentEncoding",
        "contentMediaType",
    ];
    let expected: Vec<String> = keywords
        .iter()
        .map(|keyword| format!("#/components/schemas/S: keyword `{keyword}` removed"))
        .collect();
    assert_eq!(warnings, expected);
    let errors = schema_errors(json!({"$defs": {"A": {"type": "string"}}}));
    assert_eq!(
        errors,
        ["#/components/schemas/S: unsupported keyword `$defs`"]
    );
}

// Rewrite 8: unsupported and unknown keywords.

#[test]
fn unsupported_keywords_are_errors() {
    for keyword in [
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
    ] {
        let mut inner = json!({"type": "array"});
        inner[keyword] = json!({});
        let errors = schema_errors(
            json!({"type": "object", "properties": {"p": {"anyOf": [inner, {"type": "null"}]}}}),
        );
        let expected =
            format!("#/components/schemas/S/properties/p/anyOf/0: unsupported keyword `{keyword}`");
        assert_eq!(errors, [expected]);
    }
}

#[test]
fn unknown_keywords_warn() {
    let (rewritten, warnings) =
        schema(json!({"type": "string", "upcoming": true, "x-internal": true}));
    assert_eq!(
        rewritten,
        json!({"type": "string", "upcoming": true, "x-internal": true})
    );
    assert_eq!(
        warnings,
        ["#/components/schemas/S: unknown keyword `upcoming` ignored"]
    );
}

// Rewrite 9: references.

#[test]
fn dangling_and_external_references_are_errors() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Test", "version": "1"},
        "components": {"schemas": {
            "A": {"type": "object", "properties": {
                "b": {"anyOf": [{"$ref": "#/components/schemas/A/properties/c"}, {"type": "null"}]},
                "c": {"$ref": "https://example.com/c.json"},
                "default": {"$ref": "#/components/schemas/Gone"},
                "weird": {"$ref": 5},
            }},
        }},
        "paths": {"/oauth2/token": {"post": {
            "parameters": [{"$ref": "#/components/parameters/Missing"}],
            "requestBody": {"$ref": "other.yaml#/components/requestBodies/Token"},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Nope"},
            }}}}},
        }}},
    });
    assert_eq!(
        errors(document),
        [
            "#/components/schemas/A/properties/c: unsupported external reference `https://example.com/c.json`",
            "#/components/schemas/A/properties/default: dangling reference `#/components/schemas/Gone`",
            "#/components/schemas/A/properties/weird: `$ref` must be a string",
            "#/paths/~1oauth2~1token/post/parameters/0: dangling reference `#/components/parameters/Missing`",
            "#/paths/~1oauth2~1token/post/requestBody: unsupported external reference `other.yaml#/components/requestBodies/Token`",
            "#/paths/~1oauth2~1token/post/responses/200/content/application~1json/schema/items: dangling reference `#/components/schemas/Nope`",
        ]
    );
}

#[test]
fn references_in_data_are_not_checked() {
    let (document, warnings) = rewritten(with_schemas(json!({
        "S": {
            "type": "object",
            "example": {"$ref": "#/nope", "type": ["a", "null"]},
            "default": {"anyOf": [{"type": "null"}]},
            "enum": [{"const": 1, "exclusiveMinimum": 1.0}],
            "x-meta": {"$ref": "#/nope"},
        },
    })));
    let expected = json!({
        "type": "object",
        "example": {"$ref": "#/nope", "type": ["a", "null"]},
        "default": {"anyOf": [{"type": "null"}]},
        "enum": [{"const": 1, "exclusiveMinimum": 1.0}],
        "x-meta": {"$ref": "#/nope"},
    });
    assert_eq!(document["components"]["schemas"]["S"], expected);
    assert!(warnings.is_empty());
}

#[test]
fn references_into_removed_path_items_dangle() {
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Test", "version": "1"},
        "paths": {"/pets": {"$ref": "#/components/pathItems/Pets"}},
        "components": {"pathItems": {"Pets": {"get": {"responses": {"200": {"description": "ok"}}}}}},
    });
    assert_eq!(
        errors(document),
        ["#/paths/~1pets: dangling reference `#/components/pathItems/Pets`"]
    );
}

// Rewrite 10: the top level.

#[test]
fn versions() {
    let (document, _) = rewritten(with_schemas(json!({})));
    assert_eq!(document["openapi"], "3.0.3");
    let mut document = with_schemas(json!({}));
    document["openapi"] = json!("3.0.1");
    assert_eq!(rewritten(document).0["openapi"], "3.0.1");
    let mut document = with_schemas(json!({}));
    document["openapi"] = json!("2.0");
    assert_eq!(
        errors(document),
        ["#/openapi: unsupported OpenAPI version `2.0`: expected 3.0.x or 3.1.x"]
    );
    assert_eq!(
        errors(json!({"swagger": "2.0", "paths": {}})),
        ["#/openapi: missing OpenAPI version: expected 3.0.x or 3.1.x"]
    );
    assert_eq!(
        errors(json!({"openapi": 3.1})),
        ["#/openapi: expected the OpenAPI version as a string, found a number"]
    );
}

#[test]
fn fields_without_3_0_counterpart_are_removed() {
    let (document, warnings) = rewritten(json!({
        "openapi": "3.1.1",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "T", "summary": "S", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
        "webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
        "components": {"pathItems": {}},
    }));
    let expected = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1", "license": {"name": "MIT"}},
        "paths": {},
        "components": {},
    });
    assert_eq!(document, expected);
    assert_eq!(
        warnings,
        [
            "#/info/license/identifier: `identifier` removed: OpenAPI 3.0 has no such field",
            "#/info/summary: `summary` removed: OpenAPI 3.0 has no such field",
            "#/jsonSchemaDialect: `jsonSchemaDialect` removed: OpenAPI 3.0 has no such field",
            "#/webhooks: `webhooks` removed: OpenAPI 3.0 has no such field",
        ]
    );
    let (_, warnings) = rewritten(
        json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "webhooks": {}}),
    );
    assert!(warnings.is_empty());
}

// Step 11: deserialization.

#[test]
fn structural_errors_name_their_pointer() {
    let errors = normalize_errors(json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/oauth2/token": {"post": {"responses": 5}}},
    }));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("#/paths/~1oauth2~1token/post/responses: invalid type: integer `5`"),
        "{errors:?}"
    );
    let errors = normalize_errors(json!({"openapi": "3.1.0", "paths": {}}));
    assert_eq!(errors, ["#: missing field `info`"]);
}

#[test]
fn invalid_schemas_are_located_precisely() {
    let errors = normalize_errors(with_schemas(json!({
        "A": {"type": "object", "properties": {"b": {"type": "array", "items": {"type": "string", "maxLength": -1}}}},
    })));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .starts_with("#/components/schemas/A/properties/b/items: invalid value: integer `-1`"),
        "{errors:?}"
    );
    let errors = normalize_errors(json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"c": {"type": "string", "pattern": 5}}},
        }}}}}}},
    }));
    let expected = "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/c: invalid type: integer `5`";
    assert!(errors[0].starts_with(expected), "{errors:?}");
}

#[test]
fn normalizes_into_openapiv3() {
    let document = normalized(with_schemas(json!({
        "Pet": {"type": "object", "properties": {"id": {"type": "integer", "exclusiveMaximum": 2147483647.0}}},
    })));
    let Some(ReferenceOr::Item(pet)) = document
        .components
        .as_ref()
        .and_then(|components| components.schemas.get("Pet"))
    else {
        panic!("no Pet");
    };
    let SchemaKind::Type(Type::Object(object)) = &pet.schema_kind else {
        panic!("{pet:?}")
    };
    let Some(ReferenceOr::Item(id)) = object.properties.get("id") else {
        panic!("no id")
    };
    let SchemaKind::Type(Type::Integer(integer)) = &id.schema_kind else {
        panic!("{id:?}")
    };
    assert_eq!(
        (integer.maximum, integer.exclusive_maximum),
        (Some(2147483647), true)
    );
}

#[test]
fn garbage_never_panics() {
    let garbage = [
        json!(42),
        json!([]),
        json!(null),
        json!({"openapi": "3.1.0", "paths": 5}),
        json!({"openapi": "3.1.0", "info": 5, "paths": {"/a": 5, "/b": {"get": 5}, "/c": {"parameters": 5}}}),
        json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [5, {"schema": 5}], "responses": []}}}}),
        json!({"openapi": "3.1.0", "components": 5}),
        json!({"openapi": "3.1.0", "components": {"schemas": [], "responses": 5, "parameters": {"p": 5}}}),
        with_schemas(json!({"S": 42})),
        with_schemas(json!({"S": "string"})),
        with_schemas(json!({"S": {"anyOf": 5, "oneOf": [5, null, {"type": "null"}], "allOf": {}}})),
        with_schemas(json!({"S": {"anyOf": [true, {"type": "null"}]}})),
        with_schemas(json!({"S": {"anyOf": [5, {"type": "null"}]}})),
        with_schemas(
            json!({"S": {"type": [], "properties": 5, "items": [1], "additionalProperties": 5}}),
        ),
        with_schemas(json!({"S": {"type": ["integer", "string"], "anyOf": []}})),
        with_schemas(json!({"S": {"type": ["integer", "string"], "enum": 5, "format": 5}})),
        with_schemas(
            json!({"S": {"type": "integer", "exclusiveMinimum": "x", "minimum": "y", "enum": 5}}),
        ),
        with_schemas(
            json!({"S": {"type": "integer", "maximum": 1e300, "exclusiveMaximum": -1e300, "default": 0.5}}),
        ),
        with_schemas(json!({"S": {"type": 5, "const": 1, "enum": 5, "examples": 5, "$ref": 5}})),
        with_schemas(json!({"S": {"$ref": "#/components/schemas/S", "allOf": 5}})),
        with_schemas(json!({"S": {"$ref": "#"}, "T": {"$ref": "#components"}, "U": {"$ref": ""}})),
        json!({"openapi": "3.1.0", "info": {"license": 5}, "webhooks": 5, "jsonSchemaDialect": 5}),
    ];
    for document in garbage {
        let _ = normalize(document);
    }
}

#[test]
fn diagnostics_are_in_document_order() {
    let parameters: Vec<Value> = (0..12)
        .map(|index| json!({"name": format!("p{index}"), "in": "query", "schema": {"type": "string", "upcoming": true}}))
        .collect();
    // Listed in sorted order, so the test holds with and without serde_json's `preserve_order`.
    let document = json!({
        "components": {"schemas": {"S": {"properties": {"p": {"upcoming": 2}}, "type": "object", "upcoming": 1}}},
        "info": {"title": "T", "version": "1"},
        "openapi": "3.1.0",
        "paths": {"/a": {"get": {"parameters": parameters, "responses": {}}}},
    });
    let (_, warnings) = rewritten(document);
    let mut expected = vec![
        "#/components/schemas/S: unknown keyword `upcoming` ignored".to_owned(),
        "#/components/schemas/S/properties/p: unknown keyword `upcoming` ignored".to_owned(),
    ];
    expected.extend((0..12).map(|index| {
        format!("#/paths/~1a/get/parameters/{index}/schema: unknown keyword `upcoming` ignored")
    }));
    assert_eq!(warnings, expected);
}

// The fixtures.

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/fixtures")
        .join(name)
}

fn load_fixture(name: &str) -> Value {
    match crate::load::read(&fixture(name)) {
        Ok(document) => document,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn nullable_fixture() {
    let (document, warnings) = rewritten(load_fixture("normalize-nullable.yaml"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let schemas = &document["components"]["schemas"];
    let book = &schemas["Book"]["properties"];
    let subtitle = json!({
        "type": "string", "maxLength": 200, "nullable": true, "title": "Subtitle", "description": "Shown under the title.",
    });
    assert_eq!(book["subtitle"], subtitle);
    let shelf = json!({
        "allOf": [{"$ref": "#/components/schemas/Shelf"}], "description": "Where the book lives.", "default": "fiction",
    });
    assert_eq!(book["shelf"], shelf);
    assert_eq!(
        book["binding"],
        json!({"$ref": "#/components/schemas/Binding"})
    );
    assert_eq!(
        schemas["Binding"],
        json!({"type": "string", "enum": ["paperback"], "x-const": true})
    );
    let author = json!({"oneOf": [{"$ref": "#/components/schemas/Author"}, {"type": "string"}], "nullable": true});
    assert_eq!(book["author"], author);
    let isbn = json!({
        "description": "An ISBN-10 string or an ISBN-13 number.",
        "anyOf": [{"type": "string", "minLength": 10}, {"type": "integer", "minimum": 1_000_000_000_000_i64}],
    });
    assert_eq!(book["isbn"], isbn);
    let tags = json!({"type": "array", "nullable": true, "items": {"type": "string"}, "uniqueItems": true});
    assert_eq!(book["tags"], tags);
    let list = &document["paths"]["/books"]["get"]["parameters"];
    assert_eq!(
        list[0]["schema"],
        json!({"allOf": [{"$ref": "#/components/schemas/Shelf"}], "nullable": true})
    );
    assert_eq!(
        list[1]["schema"],
        json!({"type": "integer", "nullable": true, "maximum": 100, "default": 20})
    );
    let example = &document["paths"]["/books/{bookId}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["classic"]["value"];
    assert_eq!(example["type"], json!(["string", "null"]));
    assert_eq!(example["const"], json!(1));
    let document = normalized(load_fixture("normalize-nullable.yaml"));
    assert_eq!(document.operations().count(), 2);
}

#[test]
fn bounds_fixture() {
    let (document, warnings) = rewritten(load_fixture("normalize-bounds.json"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let parameters = &document["paths"]["/sensors/{sensorId}/readings"]["get"]["parameters"];
    let sensor = json!({
        "type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 2147483647, "exclusiveMaximum": true,
    });
    assert_eq!(parameters[0]["schema"], sensor);
    assert!(parameters[0]["schema"]["minimum"].is_i64());
    let limit =
        json!({"type": "integer", "minimum": 5, "maximum": 500, "multipleOf": 5, "default": 50});
    assert_eq!(parameters[1]["schema"], limit);
    assert!(parameters[1]["schema"]["default"].is_i64());
    let reading = &document["components"]["schemas"]["Reading"]["properties"];
    let celsius =
        json!({"type": "number", "minimum": -273.15, "exclusiveMinimum": true, "maximum": 100});
    assert_eq!(reading["celsius"], celsius);
    let humidity =
        json!({"type": "number", "minimum": 0, "maximum": 100.0, "exclusiveMaximum": true});
    assert_eq!(reading["humidity"], humidity);
    assert_eq!(
        reading["level"],
        json!({"type": "integer", "enum": [1, 2, 3], "default": 1})
    );
    let battery = json!({
        "type": "integer", "nullable": true, "title": "Battery percentage",
        "minimum": -1, "exclusiveMinimum": true, "maximum": 101, "exclusiveMaximum": true,
    });
    assert_eq!(reading["battery"], battery);
    assert_eq!(
        normalized(load_fixture("normalize-bounds.json"))
            .operations()
            .count(),
        1
    );
}

#[test]
fn broken_fixtures() {
    assert_eq!(
        normalize_errors(load_fixture("broken/dangling-ref.yaml")),
        [
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/items: dangling reference `#/components/schemas/Nope`"
        ]
    );
    assert_eq!(
        normalize_errors(load_fixture("broken/unsupported-keyword.yaml")),
        ["#/components/schemas/Point: unsupported keyword `prefixItems`"]
    );
    let error = crate::load::read(&fixture("broken/invalid-syntax.json"));
    assert!(
        matches!(
            error,
            Err(crate::error::Error::Syntax { syntax: "JSON", .. })
        ),
        "{error:?}"
    );
}

// The real Lex Machina documents.

fn lexmachina(version: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../shared/lexmachina/openapi-{version}.json"));
    match crate::load::read(&file) {
        Ok(document) => document,
        Err(error) => panic!("{error}"),
    }
}

fn component<'a>(document: &'a OpenAPI, name: &str) -> &'a openapiv3::Schema {
    match document
        .components
        .as_ref()
        .and_then(|components| components.schemas.get(name))
    {
        Some(ReferenceOr::Item(schema)) => schema,
        other => panic!("{name}: {other:?}"),
    }
}

fn property<'a>(
    schema: &'a openapiv3::Schema,
    name: &str,
) -> &'a ReferenceOr<Box<openapiv3::Schema>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => match object.properties.get(name) {
            Some(property) => property,
            None => panic!("no property {name}"),
        },
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn real_documents() {
    let expectations = [
        ("20250318", 52, 164, 0),
        ("20250708", 52, 167, 0),
        ("20250909", 53, 168, 2),
        ("20251118", 56, 181, 2),
        ("20260324", 57, 181, 0),
    ];
    for (version, operations, schemas, upcoming) in expectations {
        let normalized = match normalize(lexmachina(version)) {
            Ok(normalized) => normalized,
            Err(errors) => panic!("{version}: {:#?}", messages(&errors)),
        };
        let document = &normalized.document;
        assert_eq!(document.openapi, "3.0.3");
        assert_eq!(document.operations().count(), operations, "{version}");
        let schema_count = document
            .components
            .as_ref()
            .map_or(0, |components| components.schemas.len());
        assert_eq!(schema_count, schemas, "{version}");
        let warnings = messages(&normalized.warnings);
        assert_eq!(warnings.len(), upcoming, "{version}: {warnings:#?}");
        for warning in &warnings {
            assert!(
                warning.ends_with(": unknown keyword `upcoming` ignored"),
                "{version}: {warning}"
            );
        }
    }
}

#[test]
fn real_document_spot_checks() {
    let normalized = match normalize(lexmachina("20260324")) {
        Ok(normalized) => normalized,
        Err(errors) => panic!("{:#?}", messages(&errors)),
    };
    let document = &normalized.document;

    let ReferenceOr::Item(include) =
        property(component(document, "AppealsAttorneyFilter"), "include")
    else {
        panic!("include is a reference");
    };
    assert!(include.schema_data.nullable);
    assert_eq!(include.schema_data.title.as_deref(), Some("Include"));
    let SchemaKind::Type(Type::Array(array)) = &include.schema_kind else {
        panic!("{include:?}")
    };
    let Some(ReferenceOr::Item(items)) = &array.items else {
        panic!("{array:?}")
    };
    let SchemaKind::Type(Type::Integer(integer)) = &items.schema_kind else {
        panic!("{items:?}")
    };
    assert_eq!(
        (integer.minimum, integer.exclusive_minimum),
        (Some(0), true)
    );
    assert_eq!(
        (integer.maximum, integer.exclusive_maximum),
        (Some(2147483647), true)
    );

    let ReferenceOr::Item(ordering) =
        property(component(document, "DistrictCaseQuery"), "ordering")
    else {
        panic!("ordering is a bare reference");
    };
    assert_eq!(ordering.schema_data.default, Some(json!("ByFirstFiled")));
    let SchemaKind::AllOf { all_of } = &ordering.schema_kind else {
        panic!("{ordering:?}")
    };
    let [ReferenceOr::Reference { reference }] = all_of.as_slice() else {
        panic!("{all_of:?}")
    };
    assert_eq!(reference, "#/components/schemas/Ordering");

    let unspecified = component(document, "UnspecifiedDamagesAmount");
    assert_eq!(
        unspecified.schema_data.extensions.get("x-const"),
        Some(&json!(true))
    );
    let SchemaKind::Type(Type::String(string)) = &unspecified.schema_kind else {
        panic!("{unspecified:?}")
    };
    assert_eq!(string.enumeration, [Some("NotSpecified".to_owned())]);
}

#[test]
fn normalizing_is_fast() {
    let document = lexmachina("20260324");
    let copies: Vec<Value> = (0..5).map(|_| document.clone()).collect();
    let start = std::time::Instant::now();
    for copy in copies {
        if let Err(errors) = normalize(copy) {
            panic!("{:#?}", messages(&errors));
        }
    }
    let each = start.elapsed() / 5;
    let mut rewritten_only = document.clone();
    let start = std::time::Instant::now();
    let _ = rewrite(&mut rewritten_only);
    let rewrite_time = start.elapsed();
    println!("normalize(20260324): {each:?} per run, of which rewriting {rewrite_time:?}");
}
