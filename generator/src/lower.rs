//! Lowering: the normalized `openapiv3` model into the [`ir`](crate::ir). Every judgement call lives here
//! (names, optionality, which inline schemas become named types, union order, success types, boxing), so
//! emission only prints.

mod operation;
mod recursion;
mod schema;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::{Api, Docs, TypeDef};
use crate::names::{self, Scope};
use crate::pointer::Pointer;

/// The lowered API plus the warnings lowering produced.
#[derive(Debug)]
pub struct Lowered {
    /// The IR.
    pub api: Api,
    /// Things that were approximated; generation still succeeded.
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a normalized document. Errors name the JSON pointer of every node that cannot be lowered.
pub fn lower(document: &OpenAPI) -> Result<Lowered, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(document);
    lowerer.lower_component_schemas();
    let operations = lowerer.lower_operations();
    let error_body_types = operation::error_body_types(&operations);
    let mut types: Vec<TypeDef> = std::mem::take(&mut lowerer.types).into_values().collect();
    for name in recursion::degenerate_cycles(&types) {
        if let Some(type_def) = types.iter().find(|type_def| type_def.name == name) {
            let pointer = Pointer::parse(&type_def.origin).unwrap_or_default();
            lowerer.diagnostics.error(
                &pointer,
                "unsupported schema: it contains itself with no object in between (an alias or a union of itself)",
            );
        }
    }
    schema::order_union_variants(&mut types);
    schema::mark_defaultable(&mut types);
    recursion::box_recursive_fields(&mut types);
    let warnings = lowerer.diagnostics.finish()?;
    let api = Api {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        operations,
        types,
        error_body_types,
    };
    Ok(Lowered { api, warnings })
}

/// Names the generated crate's hand-written items use, which generated types must not take (`Json` and
/// `Raw` are the fallback variants of the generated `ErrorBody`, whose other variants are named after types).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ErrorBody",
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Json",
    "Raw",
    "BTreeMap",
    "Value",
    "NaiveDate",
    "DateTime",
];

struct Lowerer<'a> {
    document: &'a OpenAPI,
    diagnostics: Diagnostics,
    /// Rust names of component schemas, by schema key.
    component_names: BTreeMap<String, String>,
    /// Every named type so far, by Rust name (so iteration is sorted by name).
    types: BTreeMap<String, TypeDef>,
    /// Names of inline unions made only of named alternatives, by their alternatives, shared between uses.
    union_names: BTreeMap<Vec<String>, String>,
    type_scope: Scope,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a OpenAPI) -> Self {
        let mut type_scope = Scope::with_reserved(RESERVED_TYPE_NAMES);
        let mut component_names = BTreeMap::new();
        if let Some(components) = &document.components {
            for key in components.schemas.keys() {
                let name = type_scope.claim(&names::upper_camel(key, "Type"));
                component_names.insert(key.clone(), name);
            }
        }
        Self {
            document,
            diagnostics: Diagnostics::default(),
            component_names,
            types: BTreeMap::new(),
            union_names: BTreeMap::new(),
            type_scope,
        }
    }

    fn lower_component_schemas(&mut self) {
        let Some(components) = &self.document.components else {
            return;
        };
        let schemas = Pointer::root().join("components").join("schemas");
        for (key, schema) in &components.schemas {
            let Some(name) = self.component_names.get(key).cloned() else {
                continue;
            };
            let pointer = schemas.join(key);
            match schema {
                ReferenceOr::Item(schema) => self.define_named(&name, schema, &pointer),
                ReferenceOr::Reference { reference } => {
                    if let Some(target) = self.resolve_schema_name(reference, &pointer) {
                        let docs = Docs::default();
                        self.insert_type(TypeDef {
                            name: name.clone(),
                            origin: pointer.to_string(),
                            docs,
                            deprecated: false,
                            kind: crate::ir::TypeKind::Alias(crate::ir::TypeRef::Named(target)),
                        });
                    }
                }
            }
        }
    }

    /// The Rust name of the component schema a `$ref` points to.
    fn resolve_schema_name(&mut self, reference: &str, pointer: &Pointer) -> Option<String> {
        let target = Pointer::parse(reference);
        let key = match target.as_ref().map(Pointer::segments) {
            Some([components, schemas, key])
                if components == "components" && schemas == "schemas" =>
            {
                key
            }
            _ => {
                self.diagnostics.error(
                    pointer,
                    format!("unsupported reference `{reference}`: only `#/components/schemas/...` can name a type"),
                );
                return None;
            }
        };
        let name = self.component_names.get(key).cloned();
        if name.is_none() {
            self.diagnostics
                .error(pointer, format!("dangling reference `{reference}`"));
        }
        name
    }

    fn insert_type(&mut self, type_def: TypeDef) {
        self.types.insert(type_def.name.clone(), type_def);
    }

    /// Claims a fresh name for an inline type, suffixing it when taken.
    fn claim_type_name(&mut self, wanted: &str) -> String {
        self.type_scope.claim(wanted)
    }
}

/// Documentation from a schema's title and description, leaving out FastAPI's automatic titles, which only
/// repeat the name they were derived from (`Attorneyids` for `attorneyIds`).
fn docs_from(title: Option<&str>, description: Option<&str>, name: &str) -> Docs {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|character| character.to_ascii_lowercase())
            .collect()
    };
    let summary = title
        .map(str::trim)
        .filter(|title| !title.is_empty() && squash(title) != squash(name))
        .map(str::to_owned);
    let description = description
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned);
    Docs {
        summary,
        description,
    }
}
