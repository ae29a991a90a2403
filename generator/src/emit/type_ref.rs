//! Type uses into Rust type syntax.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{IntegerWidth, NumberWidth, TypeRef};

/// Where a type is printed from: inside `types.rs` names are local, elsewhere they need `crate::types::`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Types,
    Elsewhere,
}

/// The Rust type for a type use.
pub(super) fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        TypeRef::Integer(IntegerWidth::I32) => quote! { i32 },
        TypeRef::Integer(IntegerWidth::I64) => quote! { i64 },
        TypeRef::Integer(IntegerWidth::U64) => quote! { u64 },
        TypeRef::Number(NumberWidth::F32) => quote! { f32 },
        TypeRef::Number(NumberWidth::F64) => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::List(item) => {
            let item = type_tokens(item, scope);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Optional(inner) => {
            let inner = type_tokens(inner, scope);
            quote! { Option<#inner> }
        }
        TypeRef::Named(name) => named(name, scope),
        TypeRef::Boxed(name) => {
            let inner = named(name, scope);
            quote! { Box<#inner> }
        }
    }
}

fn named(name: &str, scope: Scope) -> TokenStream {
    let ident = format_ident!("{}", name);
    match scope {
        Scope::Types => quote! { #ident },
        Scope::Elsewhere => quote! { crate::types::#ident },
    }
}
