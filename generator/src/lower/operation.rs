//! Operations: path templates, parameters (in document order, path-item parameters first), request bodies,
//! responses per status, the success type and authentication.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent,
    PathItem, QueryStyle, ReferenceOr, RequestBody, Response as OpenApiResponse,
    SecurityRequirement, SecurityScheme, StatusCode,
};

use super::{Lowerer, docs_from};
use crate::ir::{
    Auth, Body, BodyMedia, Docs, HttpMethod, Operation, Param, ParamLocation, PathSegment,
    PathTemplate, Response, ResponseBody, StatusMatch, StatusVariant, Success, TypeKind, TypeRef,
};
use crate::names::{self, Scope};
use crate::pointer::Pointer;

/// Method names the hand-written `Client` (generated-client/src/client.rs) and its traits already use.
const RESERVED_METHOD_NAMES: &[&str] = &[
    "authenticate",
    "base_url",
    "builder",
    "clone",
    "exchange",
    "execute",
    "fmt",
    "from_parts",
    "new",
    "response",
];

/// Builder field and method names the generated request builders use themselves.
const RESERVED_BUILDER_NAMES: &[&str] = &["body", "client", "send", "into_future"];

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let document = self.document;
        let mut method_scope = Scope::with_reserved(RESERVED_METHOD_NAMES);
        let mut operations = Vec::new();
        let paths = Pointer::root().join("paths");
        let mut operation_ids: std::collections::BTreeMap<String, Pointer> = Default::default();
        for (template, item) in &document.paths.paths {
            let item_pointer = paths.join(template);
            if !template.starts_with('/') {
                self.diagnostics
                    .error(&item_pointer, "a path must start with `/`");
                continue;
            }
            let ReferenceOr::Item(item) = item else {
                self.diagnostics
                    .error(&item_pointer, "unsupported path item reference");
                continue;
            };
            for (method, operation) in operations_of(item) {
                let site = Site {
                    template,
                    item,
                    item_pointer: &item_pointer,
                };
                let pointer = item_pointer.join(method.as_str().to_ascii_lowercase());
                if let Some(id) = &operation.operation_id {
                    if let Some(first) = operation_ids.get(id) {
                        self.diagnostics.error(
                            &pointer,
                            format!("duplicate `operationId` `{id}`, first used at {first}"),
                        );
                        continue;
                    }
                    operation_ids.insert(id.clone(), pointer);
                }
                operations.push(self.lower_operation(&site, method, operation, &mut method_scope));
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        site: &Site<'a, '_>,
        http_method: HttpMethod,
        operation: &'a OpenApiOperation,
        method_scope: &mut Scope,
    ) -> Operation {
        let pointer = site
            .item_pointer
            .join(http_method.as_str().to_ascii_lowercase());
        let operation_id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => {
                let made = format!(
                    "{} {}",
                    http_method.as_str().to_ascii_lowercase(),
                    site.template
                );
                self.diagnostics.warn(
                    &pointer,
                    format!("no `operationId`; the method is named after `{made}`"),
                );
                made
            }
        };
        let method_name = method_scope.claim(&names::snake(&operation_id, "operation"));
        let type_stem = names::upper_camel(&operation_id, "Operation");
        let builder_name = self.claim_type_name(&format!("{type_stem}Request"));
        let path = parse_template(site.template);
        let params = self.lower_params(site, operation, &type_stem, &pointer);
        for segment in &path.segments {
            if let PathSegment::Param(name) = segment
                && !params
                    .iter()
                    .any(|param| param.location == ParamLocation::Path && &param.wire_name == name)
            {
                self.diagnostics.error(
                    &pointer,
                    format!(
                        "path parameter `{name}` of `{}` is not declared",
                        site.template
                    ),
                );
            }
        }
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.lower_body(body, &type_stem, &pointer.join("requestBody")));
        let responses = self.lower_responses(operation, &type_stem, &pointer.join("responses"));
        let success = self.success_of(&responses, &type_stem);
        let auth = self.auth_of(operation, &pointer);
        Operation {
            operation_id,
            method_name,
            builder_name,
            http_method,
            path,
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
            },
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            success,
            auth,
        }
    }

    fn lower_params(
        &mut self,
        site: &Site<'a, '_>,
        operation: &'a OpenApiOperation,
        type_stem: &str,
        pointer: &Pointer,
    ) -> Vec<Param> {
        let inherited =
            self.resolve_parameters(&site.item.parameters, &site.item_pointer.join("parameters"));
        let own = self.resolve_parameters(&operation.parameters, &pointer.join("parameters"));
        let mut declared: Vec<(&'a Parameter, Pointer)> = inherited
            .into_iter()
            .filter(|(parameter, _)| {
                let key = parameter_key(parameter);
                !own.iter()
                    .any(|(overriding, _)| parameter_key(overriding) == key)
            })
            .collect();
        declared.extend(own);
        for (parameter, at) in &declared {
            let name = &parameter.parameter_data_ref().name;
            if matches!(parameter, Parameter::Path { .. })
                && !site.template.contains(&format!("{{{name}}}"))
            {
                self.diagnostics.error(
                    at,
                    format!(
                        "path parameter `{name}` does not appear in `{}`",
                        site.template
                    ),
                );
            }
        }
        let mut scope = Scope::with_reserved(RESERVED_BUILDER_NAMES);
        declared
            .into_iter()
            .filter_map(|(parameter, at)| self.lower_param(parameter, type_stem, &at, &mut scope))
            .collect()
    }

    /// Resolves a parameter list, reporting a parameter declared twice in it.
    fn resolve_parameters(
        &mut self,
        parameters: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
    ) -> Vec<(&'a Parameter, Pointer)> {
        let mut resolved: Vec<(&'a Parameter, Pointer)> = Vec::new();
        for (index, parameter) in parameters.iter().enumerate() {
            let at = pointer.join(index);
            let Some(parameter) = self.resolve_parameter(parameter, &at) else {
                continue;
            };
            let key = parameter_key(parameter);
            if resolved
                .iter()
                .any(|(existing, _)| parameter_key(existing) == key)
            {
                let name = &parameter.parameter_data_ref().name;
                self.diagnostics
                    .error(&at, format!("parameter `{name}` is declared twice"));
                continue;
            }
            resolved.push((parameter, at));
        }
        resolved
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Option<&'a Parameter> {
        self.resolve(
            parameter,
            "parameters",
            |components| &components.parameters,
            pointer,
        )
    }

    /// What a `ReferenceOr` stands for: the item itself, or the component `#/components/<section>/<key>` it
    /// references (an unresolvable reference is reported at `pointer`).
    fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        components_of: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &Pointer,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let document = self.document;
        let found = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|key| components_of(document.components.as_ref()?).get(key))
            .and_then(ReferenceOr::as_item);
        if found.is_none() {
            self.diagnostics
                .error(pointer, format!("unresolvable reference `{reference}`"));
        }
        found
    }

    fn lower_param(
        &mut self,
        parameter: &Parameter,
        type_stem: &str,
        pointer: &Pointer,
        scope: &mut Scope,
    ) -> Option<Param> {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { style, .. } => {
                if !matches!(style, QueryStyle::Form) || data.explode == Some(false) {
                    self.diagnostics.error(
                        pointer,
                        "unsupported query style: only `form` with `explode: true` is implemented",
                    );
                }
                ParamLocation::Query
            }
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => {
                self.diagnostics
                    .error(pointer, "unsupported cookie parameter");
                return None;
            }
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                self.diagnostics.error(
                    pointer,
                    "unsupported parameter with `content` instead of `schema`",
                );
                return None;
            }
        };
        let context = format!("{type_stem}{}", names::upper_camel(&data.name, "Param"));
        let ty = match self.type_of(schema, &context, &pointer.join("schema")) {
            TypeRef::Optional(inner) => *inner,
            other => other,
        };
        let (title, default, deprecated_schema) = match schema {
            ReferenceOr::Item(schema) => (
                schema.schema_data.title.as_deref(),
                schema.schema_data.default.clone(),
                schema.schema_data.deprecated,
            ),
            ReferenceOr::Reference { .. } => (None, None, false),
        };
        let required = data.required || location == ParamLocation::Path;
        self.check_param_type(&ty, location, pointer);
        Some(Param {
            wire_name: data.name.clone(),
            rust_name: scope.claim(&names::snake(&data.name, "param")),
            location,
            required,
            ty,
            default,
            docs: docs_from(title, data.description.as_deref(), &data.name),
            deprecated: data.deprecated.unwrap_or(false) || deprecated_schema,
            sensitive: is_sensitive(&data.name),
        })
    }

    /// Parameters travel as text: strings, numbers, booleans, dates and string enums, and (in the query or a
    /// header) arrays of those, sent as repeated keys.
    fn check_param_type(&mut self, ty: &TypeRef, location: ParamLocation, pointer: &Pointer) {
        let allowed = match (ty, location) {
            (TypeRef::List(item), ParamLocation::Query | ParamLocation::Header) => {
                self.is_text_value(item)
            }
            (other, _) => self.is_text_value(other),
        };
        if !allowed {
            self.diagnostics.error(
                pointer,
                "unsupported parameter type: only strings, numbers, booleans, dates and string enums \
                 (and arrays of them in the query) can be sent",
            );
        }
    }

    fn is_text_value(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Date | TypeRef::DateTime | TypeRef::Integer(_) => true,
            TypeRef::Number(_) | TypeRef::Boolean => true,
            TypeRef::Named(name) => match self.types.get(name).map(|type_def| &type_def.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(target)) => {
                    !matches!(target, TypeRef::Named(_)) && self.is_text_value(target)
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_stem: &str,
        pointer: &Pointer,
    ) -> Option<Body> {
        let body = self.resolve(
            body,
            "requestBodies",
            |components| &components.request_bodies,
            pointer,
        )?;
        let chosen = body.content.iter().find_map(|(media_type, content)| {
            let media = body_media(media_type)?;
            Some((media, media_type, content))
        });
        let Some((media, media_type, content)) = chosen else {
            let listed: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.diagnostics.error(pointer, format!("unsupported request body media types {listed:?}: only JSON and form bodies are implemented"));
            return None;
        };
        let schema_pointer = pointer.join("content").join(media_type).join("schema");
        let ty = match &content.schema {
            Some(schema) => self.type_of(schema, &format!("{type_stem}Body"), &schema_pointer),
            None => TypeRef::Json,
        };
        Some(Body {
            media,
            ty,
            required: body.required,
            docs: docs_from(None, body.description.as_deref(), ""),
        })
    }

    fn lower_responses(
        &mut self,
        operation: &'a OpenApiOperation,
        type_stem: &str,
        pointer: &Pointer,
    ) -> Vec<Response> {
        let mut responses = Vec::new();
        if operation.responses.responses.is_empty() && operation.responses.default.is_none() {
            self.diagnostics.warn(
                pointer,
                "no responses are documented; any 2xx is returned as untyped JSON",
            );
            responses.push(Response {
                status: StatusMatch::Range(2),
                body: ResponseBody::Json(TypeRef::Json),
                description: "Any success (the document lists no responses).".to_owned(),
            });
        }
        for (status, response) in &operation.responses.responses {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(class) => StatusMatch::Range(u8::try_from(*class).unwrap_or(0)),
            };
            let at = pointer.join(status_key(status));
            if let Some(response) = self.lower_response(status, response, type_stem, &at) {
                responses.push(response);
            }
        }
        if let Some(response) = &operation.responses.default
            && let Some(response) = self.lower_response(
                StatusMatch::Default,
                response,
                type_stem,
                &pointer.join("default"),
            )
        {
            responses.push(response);
        }
        responses.sort_by_key(|response| response.status);
        responses
    }

    fn lower_response(
        &mut self,
        status: StatusMatch,
        response: &'a ReferenceOr<OpenApiResponse>,
        type_stem: &str,
        pointer: &Pointer,
    ) -> Option<Response> {
        let response = self.resolve(
            response,
            "responses",
            |components| &components.responses,
            pointer,
        )?;
        let json = response
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type));
        let body = match json {
            Some((
                media_type,
                MediaType {
                    schema: Some(schema),
                    ..
                },
            )) => {
                let context = match status {
                    StatusMatch::Code(200) => format!("{type_stem}Response"),
                    other => format!("{type_stem}Response{}", status_key(other)),
                };
                let schema_pointer = pointer.join("content").join(media_type).join("schema");
                ResponseBody::Json(self.type_of(schema, &context, &schema_pointer))
            }
            Some((_, MediaType { schema: None, .. })) => ResponseBody::Json(TypeRef::Json),
            None if response.content.is_empty() => ResponseBody::Empty,
            None => {
                let binary: Vec<&str> = response
                    .content
                    .keys()
                    .map(String::as_str)
                    .filter(|media_type| !media_type.to_ascii_lowercase().starts_with("text/"))
                    .collect();
                if !binary.is_empty() {
                    self.diagnostics.warn(
                        pointer,
                        format!("media types {binary:?} are returned as text (invalid UTF-8 is replaced)"),
                    );
                }
                ResponseBody::Text
            }
        };
        Some(Response {
            status,
            body,
            description: response.description.clone(),
        })
    }

    /// One type when every success status agrees (the common case), else an enum with a variant per status.
    fn success_of(&mut self, responses: &[Response], type_stem: &str) -> Success {
        let successes: Vec<&Response> = responses
            .iter()
            .filter(|response| response.is_success())
            .collect();
        match successes.as_slice() {
            [] => Success::Single(ResponseBody::Json(TypeRef::Json)),
            [first, rest @ ..] if rest.iter().all(|response| response.body == first.body) => {
                Success::Single(first.body.clone())
            }
            many => {
                let type_name = self.claim_type_name(&format!("{type_stem}Success"));
                let mut scope = Scope::default();
                let variants = many
                    .iter()
                    .map(|response| StatusVariant {
                        name: scope.claim(&status_variant_name(response.status)),
                        status: response.status,
                        body: response.body.clone(),
                    })
                    .collect();
                Success::ByStatus {
                    type_name,
                    variants,
                }
            }
        }
    }

    /// Bearer authentication when any security requirement names an HTTP bearer, OAuth2 or OpenID scheme.
    fn auth_of(&mut self, operation: &OpenApiOperation, pointer: &Pointer) -> Auth {
        let document = self.document;
        let requirements: &[SecurityRequirement] = operation
            .security
            .as_deref()
            .or(document.security.as_deref())
            .unwrap_or(&[]);
        let schemes = document
            .components
            .as_ref()
            .map(|components| &components.security_schemes);
        let mut bearer = false;
        for name in requirements
            .iter()
            .flat_map(|requirement| requirement.keys())
        {
            match schemes.and_then(|schemes| schemes.get(name)).and_then(ReferenceOr::as_item) {
                Some(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer") => bearer = true,
                Some(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. }) => bearer = true,
                Some(_) => self.diagnostics.warn(
                    pointer,
                    format!("security scheme `{name}` is not supported (only bearer tokens are); requests go without it"),
                ),
                None => self.diagnostics.error(pointer, format!("security scheme `{name}` is not defined in `#/components/securitySchemes`")),
            }
        }
        if bearer { Auth::Bearer } else { Auth::None }
    }
}

/// Where an operation sits in the document.
struct Site<'a, 'p> {
    template: &'a str,
    item: &'a PathItem,
    item_pointer: &'p Pointer,
}

/// Named types used as bodies of error responses, sorted and deduplicated.
pub(super) fn error_body_types(operations: &[Operation]) -> Vec<String> {
    let names: BTreeSet<String> = operations
        .iter()
        .flat_map(|operation| &operation.responses)
        .filter(|response| !response.is_success())
        .filter_map(|response| match &response.body {
            ResponseBody::Json(TypeRef::Named(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    names.into_iter().collect()
}

fn operations_of(item: &PathItem) -> Vec<(HttpMethod, &OpenApiOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
    .collect()
}

fn parameter_key(parameter: &Parameter) -> (std::mem::Discriminant<Parameter>, &str) {
    (
        std::mem::discriminant(parameter),
        parameter.parameter_data_ref().name.as_str(),
    )
}

/// Splits `/attorneys/{attorney_id}` into literal text and parameter names.
pub(crate) fn parse_template(template: &str) -> PathTemplate {
    let mut segments = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
            break;
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        segments.push(PathSegment::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    PathTemplate {
        template: template.to_owned(),
        segments,
    }
}

/// Names that carry credentials: `client_secret`, `password`, `access_token`, `api_key`...
fn is_sensitive(name: &str) -> bool {
    let words: Vec<String> = names::split_words(name)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect();
    let has = |word: &str| words.iter().any(|candidate| candidate == word);
    has("secret") || has("password") || has("token") || has("apikey") || (has("api") && has("key"))
}

fn body_media(media_type: &str) -> Option<BodyMedia> {
    if is_json(media_type) {
        Some(BodyMedia::Json)
    } else if media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyMedia::Form)
    } else {
        None
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn status_key(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn status_variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".to_owned(),
        StatusMatch::Code(201) => "Created".to_owned(),
        StatusMatch::Code(202) => "Accepted".to_owned(),
        StatusMatch::Code(203) => "NonAuthoritative".to_owned(),
        StatusMatch::Code(204) => "NoContent".to_owned(),
        StatusMatch::Code(206) => "PartialContent".to_owned(),
        other => format!("Status{}", status_key(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_templates() {
        let template = parse_template("/alerts/runs/{alert_id}/{date}");
        assert_eq!(
            template.segments,
            [
                PathSegment::Literal("/alerts/runs/".into()),
                PathSegment::Param("alert_id".into()),
                PathSegment::Literal("/".into()),
                PathSegment::Param("date".into()),
            ]
        );
        assert_eq!(
            parse_template("/health").segments,
            [PathSegment::Literal("/health".into())]
        );
    }

    #[test]
    fn recognises_credentials() {
        for name in [
            "client_secret",
            "password",
            "access_token",
            "apiKey",
            "api_key",
            "X-Api-Key",
        ] {
            assert!(is_sensitive(name), "{name}");
        }
        for name in ["client_id", "grant_type", "q", "tokenizer"] {
            assert!(!is_sensitive(name), "{name}");
        }
    }

    #[test]
    fn recognises_json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(!is_json("text/plain"));
    }
}
