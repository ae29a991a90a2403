//! Untagged unions: `Serialize` is derived, `Deserialize` is written out. The written decoder looks at the
//! kind of JSON value first (null, boolean, integer, float, string, array, object) and tries only the
//! alternatives that accept that kind, in union order, handing each the value itself; serde's derived
//! `untagged` decoder instead copies every value into an intermediate tree and retries each alternative on
//! the copy. Only an array or object that several alternatives accept is buffered (as a `serde_json::Value`),
//! and an alternative that reads it directly keeps the JSON path of errors inside it.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::type_ref::{Scope, type_tokens};
use crate::ir::{TypeKind, TypeRef, UnionDef, UnionVariant};

/// The named types, for finding out which JSON kinds a named alternative accepts.
pub(super) type TypeIndex<'a> = BTreeMap<&'a str, &'a TypeKind>;

/// JSON kinds as bits.
const NULL: u8 = 1;
const BOOLEAN: u8 = 1 << 1;
const INTEGER: u8 = 1 << 2;
const FLOAT: u8 = 1 << 3;
const STRING: u8 = 1 << 4;
const ARRAY: u8 = 1 << 5;
const OBJECT: u8 = 1 << 6;
const ANY: u8 = NULL | BOOLEAN | INTEGER | FLOAT | STRING | ARRAY | OBJECT;

/// How deep aliases and nested unions are followed before an alternative is assumed to accept anything.
const MAX_DEPTH: usize = 16;

pub(super) fn emit_union(
    name: &Ident,
    definition: &UnionDef,
    types: &TypeIndex<'_>,
) -> TokenStream {
    let variants = definition.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let ty = type_tokens(&variant.ty, Scope::Types);
        quote! { #ident(#ty) }
    });
    let deserialize = emit_deserialize(name, definition, types);
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
        }

        #deserialize
    }
}

fn emit_deserialize(name: &Ident, definition: &UnionDef, types: &TypeIndex<'_>) -> TokenStream {
    let kinds: Vec<(&UnionVariant, u8)> = definition
        .variants
        .iter()
        .map(|variant| (variant, kinds_of(&variant.ty, types, 0)))
        .collect();
    let accepting = |kind: u8| -> Vec<&UnionVariant> {
        kinds
            .iter()
            .filter(|(_, accepted)| accepted & kind != 0)
            .map(|(variant, _)| *variant)
            .collect()
    };
    let visitor = format_ident!("{}Visitor", name);
    let expecting = alternatives_text(definition);

    let mut methods = Vec::new();
    let null = accepting(NULL);
    if !null.is_empty() {
        let body = scalar_attempts(
            name,
            &null,
            &quote! { ::serde::de::value::UnitDeserializer::<E>::new() },
        );
        methods.push(quote! {
            fn visit_unit<E: ::serde::de::Error>(self) -> Result<#name, E> { #body }

            fn visit_none<E: ::serde::de::Error>(self) -> Result<#name, E> { self.visit_unit() }
        });
    }
    let scalars = [
        (
            BOOLEAN,
            quote! { visit_bool },
            quote! { bool },
            quote! { BoolDeserializer },
        ),
        (
            INTEGER,
            quote! { visit_i64 },
            quote! { i64 },
            quote! { I64Deserializer },
        ),
        (
            INTEGER,
            quote! { visit_u64 },
            quote! { u64 },
            quote! { U64Deserializer },
        ),
        (
            FLOAT,
            quote! { visit_f64 },
            quote! { f64 },
            quote! { F64Deserializer },
        ),
    ];
    for (kind, method, ty, deserializer) in scalars {
        let candidates = accepting(kind);
        if candidates.is_empty() {
            continue;
        }
        let body = scalar_attempts(
            name,
            &candidates,
            &quote! { ::serde::de::value::#deserializer::<E>::new(value) },
        );
        methods.push(quote! {
            fn #method<E: ::serde::de::Error>(self, value: #ty) -> Result<#name, E> { #body }
        });
    }
    let strings = accepting(STRING);
    if !strings.is_empty() {
        let body = scalar_attempts(
            name,
            &strings,
            &quote! { ::serde::de::value::StrDeserializer::<E>::new(value) },
        );
        methods.push(quote! {
            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<#name, E> { #body }
        });
    }
    let arrays = accepting(ARRAY);
    if !arrays.is_empty() {
        let body = compound_attempts(
            name,
            &arrays,
            &quote! { ::serde::de::value::SeqAccessDeserializer::new(access) },
            &quote! { A::Error },
        );
        methods.push(quote! {
            fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, access: A) -> Result<#name, A::Error> { #body }
        });
    }
    let objects = accepting(OBJECT);
    if !objects.is_empty() {
        let body = compound_attempts(
            name,
            &objects,
            &quote! { ::serde::de::value::MapAccessDeserializer::new(access) },
            &quote! { A::Error },
        );
        methods.push(quote! {
            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, access: A) -> Result<#name, A::Error> { #body }
        });
    }

    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct #visitor;

                impl<'de> ::serde::de::Visitor<'de> for #visitor {
                    type Value = #name;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    #(#methods)*
                }

                deserializer.deserialize_any(#visitor)
            }
        }
    }
}

/// `A, B or C`: what the decoder expects, for serde's messages.
fn alternatives_text(definition: &UnionDef) -> String {
    let names: Vec<&str> = definition
        .variants
        .iter()
        .map(|variant| variant.rust_name.as_str())
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => "nothing".to_owned(),
    }
}

/// Tries each candidate on a fresh deserializer of the same scalar; the last one's error is the result.
fn scalar_attempts(
    name: &Ident,
    candidates: &[&UnionVariant],
    deserializer: &TokenStream,
) -> TokenStream {
    let Some((last, rest)) = candidates.split_last() else {
        return TokenStream::new();
    };
    let attempts = rest.iter().map(|variant| {
        let (ident, ty) = (
            format_ident!("{}", variant.rust_name),
            type_tokens(&variant.ty, Scope::Elsewhere),
        );
        quote! {
            if let Ok(decoded) = <#ty as ::serde::Deserialize>::deserialize(#deserializer) {
                return Ok(#name::#ident(decoded));
            }
        }
    });
    let (ident, ty) = (
        format_ident!("{}", last.rust_name),
        type_tokens(&last.ty, Scope::Elsewhere),
    );
    quote! {
        #(#attempts)*
        <#ty as ::serde::Deserialize>::deserialize(#deserializer).map(#name::#ident)
    }
}

/// A single candidate reads the array or object directly (keeping error paths inside it); several share
/// one buffered copy and are tried in order.
fn compound_attempts(
    name: &Ident,
    candidates: &[&UnionVariant],
    deserializer: &TokenStream,
    error: &TokenStream,
) -> TokenStream {
    if let [only] = candidates {
        let (ident, ty) = (
            format_ident!("{}", only.rust_name),
            type_tokens(&only.ty, Scope::Elsewhere),
        );
        return quote! { <#ty as ::serde::Deserialize>::deserialize(#deserializer).map(#name::#ident) };
    }
    let mut attempts = Vec::new();
    for (index, variant) in candidates.iter().enumerate() {
        let (ident, ty) = (
            format_ident!("{}", variant.rust_name),
            type_tokens(&variant.ty, Scope::Elsewhere),
        );
        if variant.ty == TypeRef::Json {
            attempts.push(quote! { Ok(#name::#ident(buffered)) });
            break;
        }
        if index + 1 < candidates.len() {
            attempts.push(quote! {
                if let Ok(decoded) = <#ty as ::serde::Deserialize>::deserialize(&buffered) {
                    return Ok(#name::#ident(decoded));
                }
            });
        } else {
            let message = format!(
                "matches no alternative of `{name}` (as {}: {{}})",
                variant.rust_name
            );
            attempts.push(quote! {
                match <#ty as ::serde::Deserialize>::deserialize(&buffered) {
                    Ok(decoded) => Ok(#name::#ident(decoded)),
                    Err(error) => Err(<#error as ::serde::de::Error>::custom(format_args!(#message, error))),
                }
            });
        }
    }
    quote! {
        let buffered = <::serde_json::Value as ::serde::Deserialize>::deserialize(#deserializer)?;
        #(#attempts)*
    }
}

/// The JSON kinds a value of `ty` can be decoded from.
fn kinds_of(ty: &TypeRef, types: &TypeIndex<'_>, depth: usize) -> u8 {
    match ty {
        TypeRef::String | TypeRef::Date | TypeRef::DateTime => STRING,
        TypeRef::Integer(_) => INTEGER,
        TypeRef::Number(_) => INTEGER | FLOAT,
        TypeRef::Boolean => BOOLEAN,
        TypeRef::Json => ANY,
        TypeRef::List(_) => ARRAY,
        TypeRef::Map(_) => OBJECT,
        TypeRef::Optional(inner) => NULL | kinds_of(inner, types, depth),
        TypeRef::Named(name) | TypeRef::Boxed(name) => match types.get(name.as_str()) {
            Some(TypeKind::Struct(_)) => OBJECT,
            Some(TypeKind::Enum(_)) => STRING,
            Some(TypeKind::Union(union)) if depth < MAX_DEPTH => {
                union.variants.iter().fold(0, |kinds, variant| {
                    kinds | kinds_of(&variant.ty, types, depth + 1)
                })
            }
            Some(TypeKind::Alias(target)) if depth < MAX_DEPTH => {
                kinds_of(target, types, depth + 1)
            }
            _ => ANY,
        },
    }
}
