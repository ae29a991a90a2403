//! Operations: a `Client` method per operation that takes the required parameters and returns a request
//! builder; the builder has a setter per optional parameter and sends on `.await`. New optional parameters
//! in a later document only add setters, so callers' code keeps compiling.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attributes, docs_text};
use super::type_ref::{Scope, type_tokens};
use crate::ir::{
    Api, Auth, Body, BodyMedia, Operation, Param, ParamLocation, PathSegment, ResponseBody,
    StatusMatch, Success, TypeRef,
};

pub(super) fn emit_requests(api: &Api) -> TokenStream {
    let items = api
        .operations
        .iter()
        .map(|operation| emit_operation(api, operation));
    quote! { #(#items)* }
}

/// How a parameter is taken by a method or setter, stored in the builder, and written into the request.
struct ParamShape {
    argument: TokenStream,
    stored: TokenStream,
    /// Turns the argument into the stored value; empty when it is stored as given.
    convert: TokenStream,
}

fn param_shape(ty: &TypeRef, value: &Ident) -> ParamShape {
    match ty {
        TypeRef::String => ParamShape {
            argument: quote! { impl Into<String> },
            stored: quote! { String },
            convert: quote! { #value.into() },
        },
        TypeRef::List(item) => {
            let item = type_tokens(item, Scope::Elsewhere);
            ParamShape {
                argument: quote! { impl IntoIterator<Item = #item> },
                stored: quote! { Vec<#item> },
                convert: quote! { #value.into_iter().collect() },
            }
        }
        other => {
            let ty = type_tokens(other, Scope::Elsewhere);
            ParamShape {
                argument: ty.clone(),
                stored: ty,
                convert: TokenStream::new(),
            }
        }
    }
}

fn success_type(operation: &Operation) -> TokenStream {
    match &operation.success {
        Success::Single(body) => body_type(body),
        Success::ByStatus { type_name, .. } => {
            let ident = format_ident!("{}", type_name);
            quote! { #ident }
        }
    }
}

fn body_type(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote! { () },
        ResponseBody::Json(ty) => type_tokens(ty, Scope::Elsewhere),
        ResponseBody::Text => quote! { String },
    }
}

fn emit_operation(api: &Api, operation: &Operation) -> TokenStream {
    let method = format_ident!("{}", operation.method_name);
    let builder = format_ident!("{}", operation.builder_name);
    let output = success_type(operation);
    let required: Vec<&Param> = operation
        .params
        .iter()
        .filter(|param| param.required)
        .collect();
    let optional: Vec<&Param> = operation
        .params
        .iter()
        .filter(|param| !param.required)
        .collect();

    let mut arguments = Vec::new();
    let mut fields = Vec::new();
    let mut initializers = Vec::new();
    for param in &required {
        let ident = format_ident!("{}", param.rust_name);
        let shape = param_shape(&param.ty, &ident);
        let (argument, stored, convert) = (shape.argument, shape.stored, shape.convert);
        arguments.push(quote! { #ident: #argument });
        fields.push(quote! { #ident: #stored });
        initializers.push(if convert.is_empty() {
            quote! { #ident }
        } else {
            quote! { #ident: #convert }
        });
    }
    let mut setters = Vec::new();
    for param in &optional {
        let ident = format_ident!("{}", param.rust_name);
        let value = format_ident!("value");
        let shape = param_shape(&param.ty, &value);
        let (argument, stored, convert) = (shape.argument, shape.stored, shape.convert);
        fields.push(quote! { #ident: Option<#stored> });
        initializers.push(quote! { #ident: None });
        let docs = doc_attributes(&param_doc(param));
        let deprecated = param.deprecated.then(|| quote! { #[deprecated] });
        let convert = if convert.is_empty() {
            quote! { value }
        } else {
            convert
        };
        setters.push(quote! {
            #docs
            #deprecated
            pub fn #ident(mut self, value: #argument) -> Self {
                self.#ident = Some(#convert);
                self
            }
        });
    }
    let body_parts = operation.body.as_ref().map(|body| {
        body_parts(
            body,
            &mut arguments,
            &mut fields,
            &mut initializers,
            &mut setters,
        )
    });

    let method_docs = doc_attributes(&method_doc(operation, &required));
    let method_deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    let builder_docs = doc_attributes(&format!(
        "The `{}` request, made by [`Client::{}`](crate::Client::{}): set optional parameters, then `.await` it.",
        operation.operation_id, operation.method_name, operation.method_name
    ));
    let lifetime_fields = quote! { client: &'a crate::Client, #(#fields,)* };
    let send = emit_send(api, operation, body_parts);
    let success_enum = emit_success_enum(operation);
    let debug = emit_builder_debug(operation);

    quote! {
        impl crate::Client {
            #method_docs
            #method_deprecated
            pub fn #method<'a>(&'a self, #(#arguments),*) -> #builder<'a> {
                #builder { client: self, #(#initializers,)* }
            }
        }

        #builder_docs
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            #lifetime_fields
        }

        #debug

        impl<'a> #builder<'a> {
            #(#setters)*

            #send
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = Result<#output, crate::Error>;
            type IntoFuture = crate::runtime::ResponseFuture<'a, #output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #success_enum
    }
}

/// Adds the body as an argument (required) or setter (optional); returns how `send` attaches it.
fn body_parts(
    body: &Body,
    arguments: &mut Vec<TokenStream>,
    fields: &mut Vec<TokenStream>,
    initializers: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) -> TokenStream {
    let ty = type_tokens(&body.ty, Scope::Elsewhere);
    let attach = match body.media {
        BodyMedia::Json => quote! { json_body },
        BodyMedia::Form => quote! { form_body },
    };
    if body.required {
        arguments.push(quote! { body: &'a #ty });
        fields.push(quote! { body: &'a #ty });
        initializers.push(quote! { body });
        quote! { request.#attach(self.body)?; }
    } else {
        fields.push(quote! { body: Option<&'a #ty> });
        initializers.push(quote! { body: None });
        let text = docs_text(&body.docs);
        let docs = doc_attributes(if text.is_empty() {
            "The request body."
        } else {
            &text
        });
        setters.push(quote! {
            #docs
            pub fn body(mut self, value: &'a #ty) -> Self {
                self.body = Some(value);
                self
            }
        });
        quote! {
            if let Some(body) = self.body {
                request.#attach(body)?;
            }
        }
    }
}

fn emit_send(api: &Api, operation: &Operation, body: Option<TokenStream>) -> TokenStream {
    let output = success_type(operation);
    let id = &operation.operation_id;
    let template = &operation.path.template;
    let method = format_ident!("{}", http_method_variant(operation));
    let auth = match operation.auth {
        Auth::None => quote! { crate::runtime::Auth::None },
        Auth::Bearer => quote! { crate::runtime::Auth::Bearer },
    };
    let path = operation.path.segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote! { request.push_path(#text); },
        PathSegment::Param(wire_name) => {
            match operation.params.iter().find(|param| {
                param.location == ParamLocation::Path && &param.wire_name == wire_name
            }) {
                Some(param) => {
                    let ident = format_ident!("{}", param.rust_name);
                    quote! { request.push_path_param(&self.#ident); }
                }
                None => TokenStream::new(),
            }
        }
    });
    let other_params = operation
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
        .map(|param| {
            let ident = format_ident!("{}", param.rust_name);
            let wire = &param.wire_name;
            let push = match param.location {
                // Credentials are pushed apart so the runtime can scrub them from anything it reports.
                ParamLocation::Header if param.sensitive => quote! { push_sensitive_header },
                ParamLocation::Header => quote! { push_header },
                _ if param.sensitive => quote! { push_sensitive_query },
                _ => quote! { push_query },
            };
            let is_list = matches!(param.ty, TypeRef::List(_));
            match (param.required, is_list) {
                (true, false) => quote! { request.#push(#wire, &self.#ident); },
                (true, true) => {
                    quote! { for value in &self.#ident { request.#push(#wire, value); } }
                }
                (false, false) => {
                    quote! { if let Some(value) = &self.#ident { request.#push(#wire, value); } }
                }
                (false, true) => quote! {
                    for value in self.#ident.iter().flatten() { request.#push(#wire, value); }
                },
            }
        });
    let arms = response_arms(api, operation);
    let docs = doc_attributes(&format!(
        "Sends the request: `{} {template}`.",
        operation.http_method.as_str()
    ));
    quote! {
        #docs
        pub async fn send(self) -> Result<#output, crate::Error> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: #id,
                method: crate::runtime::Method::#method,
                path_template: #template,
                auth: #auth,
            };
            let mut request = crate::runtime::Request::new(&OPERATION);
            #(#path)*
            #(#other_params)*
            #body
            let response = self.client.execute(request).await?;
            match response.status() {
                #(#arms)*
            }
        }
    }
}

/// The `match` pattern for a status; the generated decoder (`emit/decode.rs`) matches statuses the same way.
pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

fn response_arms(api: &Api, operation: &Operation) -> Vec<TokenStream> {
    let mut arms = Vec::new();
    let mut has_default = false;
    for response in &operation.responses {
        has_default |= response.status == StatusMatch::Default;
        let pattern = status_pattern(response.status);
        let result = if response.is_success() {
            match &operation.success {
                Success::Single(body) => decode_success(body, None),
                Success::ByStatus {
                    type_name,
                    variants,
                } => {
                    let variant = variants
                        .iter()
                        .find(|variant| variant.status == response.status);
                    match variant {
                        Some(variant) => {
                            let (enum_ident, variant_ident) = (
                                format_ident!("{}", type_name),
                                format_ident!("{}", variant.name),
                            );
                            decode_success(
                                &variant.body,
                                Some(quote! { #enum_ident::#variant_ident }),
                            )
                        }
                        None => quote! { Err(response.error()) },
                    }
                }
            }
        } else {
            match &response.body {
                ResponseBody::Json(TypeRef::Named(name)) if api.error_body_types.contains(name) => {
                    let ident = format_ident!("{}", name);
                    quote! { Err(response.error_with(crate::ErrorBody::#ident)) }
                }
                _ => quote! { Err(response.error()) },
            }
        };
        arms.push(quote! { #pattern => #result, });
    }
    if !has_default {
        arms.push(quote! { _ => Err(response.error()), });
    }
    arms
}

fn decode_success(body: &ResponseBody, wrapper: Option<TokenStream>) -> TokenStream {
    match (body, wrapper) {
        (ResponseBody::Empty, None) => quote! { Ok(()) },
        (ResponseBody::Empty, Some(wrapper)) => quote! { Ok(#wrapper) },
        (ResponseBody::Json(_), None) => quote! { response.json() },
        (ResponseBody::Json(_), Some(wrapper)) => quote! { response.json().map(#wrapper) },
        (ResponseBody::Text, None) => quote! { Ok(response.text()) },
        (ResponseBody::Text, Some(wrapper)) => quote! { Ok(#wrapper(response.text())) },
    }
}

fn emit_success_enum(operation: &Operation) -> TokenStream {
    let Success::ByStatus {
        type_name,
        variants,
    } = &operation.success
    else {
        return TokenStream::new();
    };
    let ident = format_ident!("{}", type_name);
    let docs = doc_attributes(&format!(
        "What a successful `{}` call returns, by status.",
        operation.operation_id
    ));
    let variants = variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let doc = doc_attributes(&format!("Status {:?}.", variant.status));
        match &variant.body {
            ResponseBody::Empty => quote! { #doc #name },
            ResponseBody::Text => quote! { #doc #name(String) },
            ResponseBody::Json(ty) => {
                let ty = type_tokens(ty, Scope::Elsewhere);
                quote! { #doc #name(#ty) }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #ident {
            #(#variants,)*
        }
    }
}

/// `Debug` for a builder, showing parameters but never a credential's value.
fn emit_builder_debug(operation: &Operation) -> TokenStream {
    let builder = format_ident!("{}", operation.builder_name);
    let name = &operation.builder_name;
    let fields = operation.params.iter().map(|param| {
        let ident = format_ident!("{}", param.rust_name);
        let label = &param.rust_name;
        match (param.sensitive, param.required) {
            (false, _) => quote! { .field(#label, &self.#ident) },
            (true, true) => quote! { .field(#label, &"<redacted>") },
            (true, false) => quote! { .field(#label, &self.#ident.as_ref().map(|_| "<redacted>")) },
        }
    });
    let body = operation
        .body
        .as_ref()
        .map(|_| quote! { .field("body", &self.body) });
    quote! {
        impl ::std::fmt::Debug for #builder<'_> {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.debug_struct(#name) #(#fields)* #body .finish_non_exhaustive()
            }
        }
    }
}

fn http_method_variant(operation: &Operation) -> String {
    let wire = operation.http_method.as_str();
    let mut characters = wire.chars();
    characters
        .next()
        .map(|first| first.to_string() + &characters.as_str().to_ascii_lowercase())
        .unwrap_or_default()
}

fn param_doc(param: &Param) -> String {
    let mut text = docs_text(&param.docs);
    if text.is_empty() {
        text = format!(
            "Sets the `{}` {} parameter.",
            param.wire_name,
            location_word(param.location)
        );
    }
    if let Some(default) = &param.default {
        text.push_str(&format!("\n\nWhen not set, the server uses `{default}`."));
    }
    text
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn method_doc(operation: &Operation, required: &[&Param]) -> String {
    let mut text = docs_text(&operation.docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}`",
        operation.http_method.as_str(),
        operation.path.template
    ));
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n");
        for param in required {
            let about = docs_text(&param.docs).replace('\n', " ");
            let about = if about.is_empty() {
                format!(
                    "the `{}` {} parameter",
                    param.wire_name,
                    location_word(param.location)
                )
            } else {
                about
            };
            text.push_str(&format!("\n- `{}`: {about}", param.rust_name));
        }
    }
    text
}
