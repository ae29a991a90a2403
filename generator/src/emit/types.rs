//! Models: structs, string enums with a fallback for unknown values, untagged unions and aliases.

mod union;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attributes, docs_attributes};
use super::type_ref::{Scope, type_tokens};
use crate::ir::{Api, EnumDef, Presence, StructDef, TypeDef, TypeKind, TypeRef};
use union::TypeIndex;

pub(super) fn emit_types(api: &Api) -> TokenStream {
    let index: TypeIndex<'_> = api
        .types
        .iter()
        .map(|type_def| (type_def.name.as_str(), &type_def.kind))
        .collect();
    let items = api.types.iter().map(|type_def| emit_type(type_def, &index));
    quote! { #(#items)* }
}

fn emit_type(type_def: &TypeDef, index: &TypeIndex<'_>) -> TokenStream {
    let mut docs = docs_attributes(&type_def.docs);
    if docs.is_empty() {
        docs = doc_attributes(&format!("`{}` in the API document.", type_def.origin));
    }
    // A deprecated *type* is only documented as such: `#[deprecated]` on it would fire inside the generated
    // code that must keep using it (fields, unions, decoders). Deprecated fields, setters and methods do get it.
    let deprecated = type_def
        .deprecated
        .then(|| doc_attributes("\n**Deprecated** in the API document."));
    let name = format_ident!("{}", type_def.name);
    let body = match &type_def.kind {
        TypeKind::Struct(definition) => emit_struct(&name, definition),
        TypeKind::Enum(definition) => emit_enum(&name, definition),
        TypeKind::Union(definition) => union::emit_union(&name, definition, index),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, Scope::Types);
            quote! { pub type #name = #target; }
        }
    };
    quote! { #docs #deprecated #body }
}

fn emit_struct(name: &proc_macro2::Ident, definition: &StructDef) -> TokenStream {
    let fields =
        definition.fields.iter().map(|field| {
            let docs = docs_attributes(&field.docs);
            let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
            let ident = format_ident!("{}", field.rust_name);
            let ty = type_tokens(&field.ty, Scope::Types);
            let wire = &field.wire_name;
            let mut serde_arguments = Vec::new();
            if field.wire_name != field.rust_name {
                serde_arguments.push(quote! { rename = #wire });
            }
            match field.presence {
                Presence::Required => {}
                Presence::RequiredNullable => serde_arguments.push(quote! { default }),
                Presence::Optional => serde_arguments
                    .push(quote! { default, skip_serializing_if = "Option::is_none" }),
            }
            // The API's dates are plain `YYYY-MM-DD`, which a direct reader decodes much faster than chrono's
            // general parser.
            match &field.ty {
                TypeRef::Date => {
                    serde_arguments.push(quote! { deserialize_with = "crate::decode::date" })
                }
                TypeRef::Optional(inner) if **inner == TypeRef::Date => serde_arguments
                    .push(quote! { deserialize_with = "crate::decode::optional_date" }),
                _ => {}
            }
            let serde =
                (!serde_arguments.is_empty()).then(|| quote! { #[serde(#(#serde_arguments),*)] });
            quote! { #docs #deprecated #serde pub #ident: #ty }
        });
    let additional = definition.additional.as_ref().map(|additional| {
        let ident = format_ident!("{}", additional.rust_name);
        let values = type_tokens(&additional.ty, Scope::Types);
        quote! {
            /// Properties beyond the named fields.
            #[serde(flatten)]
            pub #ident: ::std::collections::BTreeMap<String, #values>,
        }
    });
    let default = definition.defaultable.then(|| quote! { Default, });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields,)*
            #additional
        }
    }
}

fn emit_enum(name: &proc_macro2::Ident, definition: &EnumDef) -> TokenStream {
    let idents: Vec<_> = definition
        .variants
        .iter()
        .map(|variant| format_ident!("{}", variant.rust_name))
        .collect();
    let values: Vec<&str> = definition
        .variants
        .iter()
        .map(|variant| variant.wire_value.as_str())
        .collect();
    let variant_docs = values
        .iter()
        .map(|value| doc_attributes(&format!("`{value}`")));
    let as_wire_string = enum_as_wire_string(name);
    let Some(fallback) = &definition.fallback else {
        return quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variant_docs #idents,)*
            }

            impl #name {
                /// The value as it appears on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #(Self::#idents => #values,)*
                    }
                }
            }

            #as_wire_string

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::runtime::deserialize_closed_enum(deserializer, &[#(#values),*], |value| match value {
                        #(#values => Some(Self::#idents),)*
                        _ => None,
                    })
                }
            }
        };
    };
    let fallback = format_ident!("{}", fallback);
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value this version of the client does not know, kept as sent.
            #fallback(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        #as_wire_string

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    }
}

/// `Display` and `Serialize` for a string enum: both write `as_str()`.
fn enum_as_wire_string(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}
