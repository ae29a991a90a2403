//! Emission: the IR into one token stream per generated file. Nothing is decided here; every name and type
//! comes from the IR, so this stage reads like a template.

mod decode;
mod docs;
mod requests;
mod type_ref;
mod types;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Api;

/// A generated file before formatting: its path inside the client's `src/` and its tokens.
#[derive(Debug)]
pub(crate) struct EmittedFile {
    /// Relative to the client crate's `src/`, e.g. `generated/types.rs`.
    pub path: &'static str,
    /// The items of the file.
    pub tokens: TokenStream,
}

/// Emits the generated module of the client crate.
pub(crate) fn emit(api: &Api) -> Vec<EmittedFile> {
    vec![
        EmittedFile {
            path: "generated/mod.rs",
            tokens: emit_module(api),
        },
        EmittedFile {
            path: "generated/types.rs",
            tokens: types::emit_types(api),
        },
        EmittedFile {
            path: "generated/requests.rs",
            tokens: requests::emit_requests(api),
        },
        EmittedFile {
            path: "generated/error_body.rs",
            tokens: emit_error_body(api),
        },
        EmittedFile {
            path: "generated/decode.rs",
            tokens: decode::emit_decode(api),
        },
    ]
}

fn emit_module(api: &Api) -> TokenStream {
    let version = &api.version;
    let title = &api.title;
    let title_doc =
        format!(" Code generated from the {title} document whose version is [`API_VERSION`].");
    quote! {
        #![doc = #title_doc]

        /// Models: one type per schema of the API document.
        pub mod types;

        /// Request builders, one per operation, returned by the methods of [`Client`](crate::Client).
        pub mod requests;

        mod error_body;

        mod decode;

        pub use error_body::ErrorBody;

        pub use decode::{OPERATION_IDS, decode_request_body, decode_response};

        /// The version of the API document this client was generated from.
        pub const API_VERSION: &str = #version;
    }
}

fn emit_error_body(api: &Api) -> TokenStream {
    let variants = api.error_body_types.iter().map(|name| {
        let ident = format_ident!("{}", name);
        let doc = docs::doc_attributes(&format!(
            "A [`{name}`](crate::types::{name}) body, as the document describes it."
        ));
        quote! { #doc #ident(crate::types::#ident) }
    });
    quote! {
        /// The body of an error response: typed where the API document gives the status a schema.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants,)*
            /// JSON that the document does not describe for this status.
            Json(::serde_json::Value),
            /// A body that is not JSON (empty, HTML from a proxy...); the raw text is on the error.
            Raw,
        }
    }
}
