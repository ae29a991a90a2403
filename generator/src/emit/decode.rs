//! Decoding by operation id: `decode_response` maps an operation and a status to the body type the document
//! gives that response, and `decode_request_body` maps an operation to its request body type, so a tool or
//! test holding a body (but no request) can check it against the models.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::requests::status_pattern;
use super::type_ref::{Scope, type_tokens};
use crate::ir::{
    Api, IntegerWidth, NumberWidth, Operation, Response, ResponseBody, StatusMatch, TypeRef,
};

/// What an emitted arm needs from the function around it.
#[derive(Default, Clone, Copy)]
struct Uses {
    status: bool,
    body: bool,
    json: bool,
    empty: bool,
    text: bool,
}

impl Uses {
    fn merge(self, other: Self) -> Self {
        Self {
            status: self.status || other.status,
            body: self.body || other.body,
            json: self.json || other.json,
            empty: self.empty || other.empty,
            text: self.text || other.text,
        }
    }
}

pub(super) fn emit_decode(api: &Api) -> TokenStream {
    let (response_arms, response_uses) = collect_arms(api.operations.iter().map(response_arm));
    let (body_arms, body_uses) = collect_arms(api.operations.iter().map(request_body_arm));
    let ids = api
        .operations
        .iter()
        .map(|operation| &operation.operation_id);
    let uses = response_uses.merge(body_uses);
    let helpers: Vec<TokenStream> = [
        (uses.empty, quote! { empty }),
        (uses.json, quote! { json }),
        (uses.text, quote! { text }),
    ]
    .into_iter()
    .filter_map(|(used, helper)| used.then_some(helper))
    .collect();
    let import = (!helpers.is_empty()).then(|| quote! { use crate::decode::{#(#helpers),*}; });
    // Parameters no arm reads are named with a leading underscore, so that any document compiles cleanly.
    let status = parameter("status", response_uses.status);
    let response_body = parameter("body", response_uses.body);
    let request_body = parameter("body", body_uses.body);
    let unknown =
        quote! { Err(DecodeError::UnknownOperation { operation_id: operation_id.to_owned() }) };
    let dispatch = |arms: &[TokenStream]| {
        if arms.is_empty() {
            unknown.clone()
        } else {
            quote! {
                match operation_id {
                    #(#arms)*
                    _ => #unknown,
                }
            }
        }
    };
    let (responses, bodies) = (dispatch(&response_arms), dispatch(&body_arms));
    quote! {
        //! Decoding a body by operation id (and status): one arm per operation of the document.

        #import
        use crate::{DecodeError, Decoded};

        /// Every `operationId` of the document, in document order.
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];

        /// Decodes `body` as the response `operation_id` documents for `status`, matching the status as the
        /// request builders do: the exact code, then a range such as `4XX`, then `default`.
        ///
        /// The value is the type the document gives that response: the success model, a typed error body, or
        /// [`serde_json::Value`] where the document only shows examples. An empty response decodes from an
        /// empty (or blank) body as `()`.
        pub fn decode_response(operation_id: &str, #status: u16, #response_body: &[u8]) -> Result<Decoded, DecodeError> {
            #responses
        }

        /// Decodes `body` as the request body of `operation_id`, from its JSON form (how the document writes
        /// request examples, whatever the body's media type).
        pub fn decode_request_body(operation_id: &str, #request_body: &[u8]) -> Result<Decoded, DecodeError> {
            #bodies
        }
    }
}

fn collect_arms(arms: impl Iterator<Item = (TokenStream, Uses)>) -> (Vec<TokenStream>, Uses) {
    let mut uses = Uses::default();
    let arms = arms
        .map(|(arm, used)| {
            uses = uses.merge(used);
            arm
        })
        .collect();
    (arms, uses)
}

fn parameter(name: &str, used: bool) -> Ident {
    if used {
        format_ident!("{name}")
    } else {
        format_ident!("_{name}")
    }
}

fn response_arm(operation: &Operation) -> (TokenStream, Uses) {
    let id = &operation.operation_id;
    let documented: Vec<String> = operation
        .responses
        .iter()
        .map(|response| status_label(response.status))
        .collect();
    let mut uses = Uses::default();
    let has_default = operation
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default);
    // How each response decodes, given how the arm names the operation id.
    let decode = |response: &Response, id: &TokenStream| {
        let label = status_label(response.status);
        match &response.body {
            ResponseBody::Empty => quote! { empty(#id, #label, body) },
            ResponseBody::Text => quote! { text(#id, #label, body) },
            ResponseBody::Json(ty) => {
                let rust = type_tokens(ty, Scope::Elsewhere);
                let name = type_name(ty);
                quote! { json::<#rust>(#id, #label, #name, body) }
            }
        }
    };
    for response in &operation.responses {
        uses.body = true;
        match response.body {
            ResponseBody::Empty => uses.empty = true,
            ResponseBody::Json(_) => uses.json = true,
            ResponseBody::Text => uses.text = true,
        }
    }
    let undocumented = |id: &TokenStream| {
        quote! { Err(DecodeError::UndocumentedStatus { operation_id: #id, status, documented: &[#(#documented),*] }) }
    };
    let literal = quote! { #id };
    let arm = match operation.responses.as_slice() {
        [] => {
            uses.status = true;
            let undocumented = undocumented(&literal);
            quote! { #id => #undocumented, }
        }
        [only] if has_default => {
            let decode = decode(only, &literal);
            quote! { #id => #decode, }
        }
        responses => {
            uses.status = true;
            let constant = quote! { ID };
            let arms = responses.iter().map(|response| {
                let pattern = status_pattern(response.status);
                let decode = decode(response, &constant);
                quote! { #pattern => #decode, }
            });
            let undocumented = undocumented(&constant);
            let fallback = (!has_default).then(|| quote! { _ => #undocumented, });
            quote! {
                #id => {
                    const ID: &str = #id;
                    match status {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    };
    (arm, uses)
}

fn request_body_arm(operation: &Operation) -> (TokenStream, Uses) {
    let id = &operation.operation_id;
    match &operation.body {
        Some(body) => {
            let rust = type_tokens(&body.ty, Scope::Elsewhere);
            let name = type_name(&body.ty);
            let uses = Uses {
                body: true,
                json: true,
                ..Uses::default()
            };
            (
                quote! { #id => json::<#rust>(#id, "request body", #name, body), },
                uses,
            )
        }
        None => (
            quote! { #id => Err(DecodeError::NoRequestBody { operation_id: #id }), },
            Uses::default(),
        ),
    }
}

/// How the document writes a status key: `200`, `4XX`, `default`.
fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

/// The Rust type as users name it (`types::DistrictCase`, `Vec<types::StateCourt>`), for messages.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        TypeRef::Integer(IntegerWidth::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerWidth::I64) => "i64".to_owned(),
        TypeRef::Integer(IntegerWidth::U64) => "u64".to_owned(),
        TypeRef::Number(NumberWidth::F32) => "f32".to_owned(),
        TypeRef::Number(NumberWidth::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::List(item) => format!("Vec<{}>", type_name(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(value)),
        TypeRef::Optional(inner) => format!("Option<{}>", type_name(inner)),
        TypeRef::Named(name) => format!("types::{name}"),
        TypeRef::Boxed(name) => format!("Box<types::{name}>"),
    }
}
