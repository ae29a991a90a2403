//! Schemas into types: primitives and containers become [`TypeRef`]s; objects, enums and unions become
//! named [`TypeDef`]s (component schemas by their own name, inline ones by the place they appear).

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{Lowerer, docs_from};
use crate::ir::{
    AdditionalField, EnumDef, EnumVariant, Field, IntegerWidth, NumberWidth, Presence, StructDef,
    TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant,
};
use crate::names::{self, Scope};
use crate::pointer::Pointer;

/// A schema as it is used: by reference or inline (openapiv3 boxes some inline schemas and not others).
#[derive(Clone, Copy)]
pub(super) enum SchemaUse<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaUse<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaUse<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

/// The properties of an object schema, wherever openapiv3 put them.
struct ObjectShape<'a> {
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(ObjectShape {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        }),
        SchemaKind::Any(any) if !any.properties.is_empty() => Some(ObjectShape {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }),
        _ => None,
    }
}

fn non_empty_alternatives(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AnyOf {
            any_of: alternatives,
        }
        | SchemaKind::OneOf {
            one_of: alternatives,
        } if alternatives.len() > 1 => Some(alternatives),
        _ => None,
    }
}

fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

impl<'a> Lowerer<'a> {
    /// Defines the named type `name` from `schema`.
    pub(super) fn define_named(&mut self, name: &str, schema: &Schema, pointer: &Pointer) {
        let docs = docs_from(
            schema.schema_data.title.as_deref(),
            schema.schema_data.description.as_deref(),
            name,
        );
        let kind = if let Some(shape) = object_shape(schema) {
            TypeKind::Struct(self.lower_struct(name, &shape, pointer))
        } else if let Some(values) = string_enum_values(schema) {
            TypeKind::Enum(lower_enum(
                &values,
                !schema.schema_data.extensions.contains_key("x-const"),
            ))
        } else if let Some(alternatives) = non_empty_alternatives(schema) {
            TypeKind::Union(self.lower_union(
                name,
                alternatives,
                &pointer.join(alternatives_keyword(schema)),
            ))
        } else if let SchemaKind::AllOf { all_of } = &schema.schema_kind
            && all_of.len() > 1
        {
            TypeKind::Struct(self.merge_all_of(name, all_of, pointer))
        } else {
            let mut target = self.type_of_kind(schema, &format!("{name}Value"), pointer);
            if schema.schema_data.nullable {
                target = optional(target);
            }
            TypeKind::Alias(target)
        };
        self.insert_type(TypeDef {
            name: name.to_owned(),
            origin: pointer.to_string(),
            docs,
            deprecated: schema.schema_data.deprecated,
            kind,
        });
    }

    /// The type of a schema where it is used. Inline schemas that need a name are named `context`.
    pub(super) fn type_of<'s>(
        &mut self,
        schema: impl Into<SchemaUse<'s>>,
        context: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match schema.into() {
            SchemaUse::Reference(reference) => match self.resolve_schema_name(reference, pointer) {
                Some(name) => TypeRef::Named(name),
                None => TypeRef::Json,
            },
            SchemaUse::Inline(schema) => {
                let inner = self.type_of_kind(schema, context, pointer);
                if schema.schema_data.nullable {
                    optional(inner)
                } else {
                    inner
                }
            }
        }
    }

    fn type_of_kind(&mut self, schema: &Schema, context: &str, pointer: &Pointer) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    return self.define_inline(context, schema, pointer);
                }
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    _ => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                if !integer.enumeration.is_empty() {
                    self.diagnostics.warn(
                        pointer,
                        "integer `enum` is not enforced by the client; the type is a plain integer",
                    );
                }
                match &integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => {
                        TypeRef::Integer(IntegerWidth::I32)
                    }
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "uint64" => {
                        TypeRef::Integer(IntegerWidth::U64)
                    }
                    _ => TypeRef::Integer(IntegerWidth::I64),
                }
            }
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => {
                    TypeRef::Number(NumberWidth::F32)
                }
                _ => TypeRef::Number(NumberWidth::F64),
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => TypeRef::List(Box::new(self.type_of(
                    items,
                    &format!("{context}Item"),
                    &pointer.join("items"),
                ))),
                None => TypeRef::List(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.map_of(object.additional_properties.as_ref(), context, pointer)
            }
            SchemaKind::Type(Type::Object(_)) => self.define_inline(context, schema, pointer),
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [] => TypeRef::Json,
                [single] => self.type_of(single, context, &pointer.join("allOf").join(0)),
                _ => self.define_inline(context, schema, pointer),
            },
            SchemaKind::AnyOf {
                any_of: alternatives,
            }
            | SchemaKind::OneOf {
                one_of: alternatives,
            } => {
                let keyword = alternatives_keyword(schema);
                match alternatives.as_slice() {
                    [] => TypeRef::Json,
                    [single] => self.type_of(single, context, &pointer.join(keyword).join(0)),
                    _ => self.union_type(context, schema, alternatives, pointer),
                }
            }
            SchemaKind::Not { .. } => {
                self.diagnostics.error(pointer, "unsupported keyword `not`");
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.type_of_any(any, context, schema, pointer),
        }
    }

    /// Schemas openapiv3 could not classify: `{}`, or keywords without `type`.
    fn type_of_any(
        &mut self,
        any: &AnySchema,
        context: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> TypeRef {
        if !any.properties.is_empty() {
            return self.define_inline(context, schema, pointer);
        }
        if let Some(items) = &any.items {
            return TypeRef::List(Box::new(self.type_of(
                items,
                &format!("{context}Item"),
                &pointer.join("items"),
            )));
        }
        match any.typ.as_deref() {
            Some("object") => self.map_of(any.additional_properties.as_ref(), context, pointer),
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::Integer(IntegerWidth::I64),
            Some("number") => TypeRef::Number(NumberWidth::F64),
            Some("boolean") => TypeRef::Boolean,
            _ => TypeRef::Json,
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&AdditionalProperties>,
        context: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(values)) => TypeRef::Map(Box::new(self.type_of(
                values.as_ref(),
                &format!("{context}Value"),
                &pointer.join("additionalProperties"),
            ))),
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// Defines an inline schema as a named type called `context` (or a suffixed form of it).
    fn define_inline(&mut self, context: &str, schema: &Schema, pointer: &Pointer) -> TypeRef {
        let name = self.claim_type_name(context);
        self.define_named(&name, schema, pointer);
        TypeRef::Named(name)
    }

    /// A union type. Unions made only of named types are named after them (`AttorneyDataOrAttorneyReference`)
    /// and shared by every place that uses the same alternatives.
    fn union_type(
        &mut self,
        context: &str,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> TypeRef {
        let referenced: Option<Vec<String>> = alternatives
            .iter()
            .map(|alternative| match alternative {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        let Some(references) = referenced else {
            return self.define_inline(context, schema, pointer);
        };
        if let Some(existing) = self.union_names.get(&references) {
            let name = existing.clone();
            return TypeRef::Named(name);
        }
        let member_names: Vec<String> = references
            .iter()
            .map(|reference| reference.rsplit('/').next().unwrap_or(reference).to_owned())
            .map(|key| self.component_names.get(&key).cloned().unwrap_or(key))
            .collect();
        let name = self.claim_type_name(&member_names.join("Or"));
        self.union_names.insert(references, name.clone());
        self.define_named(&name, schema, pointer);
        TypeRef::Named(name)
    }

    fn lower_union(
        &mut self,
        name: &str,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> UnionDef {
        let mut scope = Scope::default();
        let variants = alternatives
            .iter()
            .enumerate()
            .map(|(index, alternative)| {
                let hint = format!("{name}Alternative{}", index + 1);
                let ty = self.type_of(alternative, &hint, &pointer.join(index));
                UnionVariant {
                    rust_name: scope.claim(&variant_name(&ty)),
                    ty,
                }
            })
            .collect();
        UnionDef { variants }
    }

    fn lower_struct(
        &mut self,
        name: &str,
        shape: &ObjectShape<'_>,
        pointer: &Pointer,
    ) -> StructDef {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(shape.properties.len());
        for (key, property) in shape.properties {
            let property_pointer = pointer.join("properties").join(key);
            let context = format!("{name}{}", names::upper_camel(key, "Field"));
            let ty = self.type_of(property, &context, &property_pointer);
            let (docs, deprecated) = match property {
                ReferenceOr::Item(schema) => (
                    docs_from(
                        schema.schema_data.title.as_deref(),
                        schema.schema_data.description.as_deref(),
                        key,
                    ),
                    schema.schema_data.deprecated,
                ),
                ReferenceOr::Reference { .. } => (Default::default(), false),
            };
            let required = shape.required.iter().any(|required| required == key);
            let nullable = matches!(ty, TypeRef::Optional(_));
            let presence = match (required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, _) => Presence::Optional,
            };
            let ty = if presence == Presence::Required {
                ty
            } else {
                optional(ty)
            };
            fields.push(Field {
                wire_name: key.clone(),
                rust_name: scope.claim(&names::snake(key, "field")),
                ty,
                presence,
                docs,
                deprecated,
            });
        }
        let additional = match shape.additional {
            Some(AdditionalProperties::Schema(values)) => Some(AdditionalField {
                rust_name: scope.claim("additional_properties"),
                ty: self.type_of(
                    values.as_ref(),
                    &format!("{name}Additional"),
                    &pointer.join("additionalProperties"),
                ),
            }),
            _ => None,
        };
        StructDef {
            fields,
            additional,
            defaultable: false,
        }
    }

    /// `allOf` of object schemas (inline, referenced, or themselves `allOf`s): one struct with every member's
    /// properties, required where any member requires them. The first definition of a property wins.
    fn merge_all_of<'s>(
        &mut self,
        name: &str,
        members: &'s [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> StructDef
    where
        'a: 's,
    {
        let mut shapes = Vec::new();
        self.collect_all_of_shapes(members, pointer, 0, &mut shapes);
        let required: Vec<String> = shapes
            .iter()
            .flat_map(|(shape, _)| shape.required.iter().cloned())
            .collect();
        let mut merged = StructDef {
            fields: Vec::new(),
            additional: None,
            defaultable: false,
        };
        for (shape, member_pointer) in &shapes {
            let combined = ObjectShape {
                properties: shape.properties,
                required: &required,
                additional: shape.additional,
            };
            let part = self.lower_struct(name, &combined, member_pointer);
            for field in part.fields {
                match merged.fields.iter().find(|existing| existing.wire_name == field.wire_name) {
                    Some(existing) if existing.ty != field.ty => self.diagnostics.warn(
                        member_pointer,
                        format!(
                            "property `{}` is defined again with another type; the first definition is kept",
                            field.wire_name
                        ),
                    ),
                    Some(_) => {}
                    None => merged.fields.push(field),
                }
            }
            merged.additional = merged.additional.or(part.additional);
        }
        let mut scope = Scope::default();
        for field in &mut merged.fields {
            field.rust_name = scope.claim(&field.rust_name);
        }
        if let Some(additional) = &mut merged.additional {
            additional.rust_name = scope.claim("additional_properties");
        }
        merged
    }

    /// The object shapes an `allOf` combines, in order, descending into members that are `allOf`s themselves.
    fn collect_all_of_shapes<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        pointer: &Pointer,
        depth: usize,
        shapes: &mut Vec<(ObjectShape<'s>, Pointer)>,
    ) where
        'a: 's,
    {
        const MAX_DEPTH: usize = 16;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.join("allOf").join(index);
            let schema: Option<&'s Schema> = match member {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => self.component_schema(reference),
            };
            if let Some(shape) = schema.and_then(object_shape) {
                shapes.push((shape, member_pointer));
            } else if let Some(SchemaKind::AllOf { all_of }) =
                schema.map(|schema| &schema.schema_kind)
                && depth < MAX_DEPTH
            {
                self.collect_all_of_shapes(all_of, &member_pointer, depth + 1, shapes);
            } else {
                self.diagnostics.error(
                    &member_pointer,
                    "unsupported `allOf` member: only object schemas (or `allOf`s of them) can be combined",
                );
            }
        }
    }

    fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let document: &'a openapiv3::OpenAPI = self.document;
        let key = reference.strip_prefix("#/components/schemas/")?;
        document.components.as_ref()?.schemas.get(key)?.as_item()
    }
}

fn alternatives_keyword(schema: &Schema) -> &'static str {
    if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
        "oneOf"
    } else {
        "anyOf"
    }
}

fn lower_enum(values: &[String], open: bool) -> EnumDef {
    let mut scope = Scope::default();
    let mut seen = std::collections::BTreeSet::new();
    // A value listed twice says nothing more; it gets one variant.
    let variants = values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| EnumVariant {
            rust_name: scope.claim(&names::upper_camel(value, "Value")),
            wire_value: value.clone(),
        })
        .collect();
    let fallback = open.then(|| scope.claim("UnknownValue"));
    EnumDef { variants, fallback }
}

fn optional(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Optional(_) => ty,
        other => TypeRef::Optional(Box::new(other)),
    }
}

/// A union variant's name, from the type it holds.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number(_) => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Json => "Json".to_owned(),
        TypeRef::List(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
        TypeRef::Optional(inner) => variant_name(inner),
        TypeRef::Named(name) | TypeRef::Boxed(name) => name.clone(),
    }
}

/// Orders every union's alternatives most specific first, since decoding takes the first that fits:
/// structs with more required fields before those with fewer, closed enums and dates before strings,
/// integers before numbers, untyped JSON last. Ties keep document order.
pub(super) fn order_union_variants(types: &mut [TypeDef]) {
    let index: BTreeMap<String, TypeKind> = types
        .iter()
        .map(|type_def| (type_def.name.clone(), type_def.kind.clone()))
        .collect();
    for type_def in types.iter_mut() {
        if let TypeKind::Union(union) = &mut type_def.kind {
            union
                .variants
                .sort_by_cached_key(|variant| specificity(&variant.ty, &index, 0));
        }
    }
}

fn specificity(ty: &TypeRef, types: &BTreeMap<String, TypeKind>, depth: usize) -> Vec<i64> {
    const MAX_DEPTH: usize = 8;
    match ty {
        TypeRef::Optional(inner) => specificity(inner, types, depth),
        TypeRef::Named(name) | TypeRef::Boxed(name) => match types.get(name) {
            Some(TypeKind::Struct(fields)) => {
                let required = fields
                    .fields
                    .iter()
                    .filter(|field| field.presence != Presence::Optional)
                    .count();
                vec![0, -(required as i64), -(fields.fields.len() as i64)]
            }
            Some(TypeKind::Union(_)) => vec![1],
            Some(TypeKind::Enum(enumeration)) if enumeration.fallback.is_none() => vec![2],
            Some(TypeKind::Enum(_)) => vec![6],
            Some(TypeKind::Alias(target)) if depth < MAX_DEPTH => {
                specificity(target, types, depth + 1)
            }
            Some(TypeKind::Alias(_)) | None => vec![9],
        },
        TypeRef::List(item) => [vec![3], specificity(item, types, depth + 1)].concat(),
        TypeRef::Map(value) => [vec![4], specificity(value, types, depth + 1)].concat(),
        TypeRef::Integer(_) => vec![5, 0],
        TypeRef::Number(_) => vec![5, 1],
        TypeRef::Boolean => vec![5, 2],
        TypeRef::Date | TypeRef::DateTime => vec![5, 3],
        TypeRef::String => vec![7],
        TypeRef::Json => vec![9],
    }
}

/// Marks structs whose fields all have an empty value (options, lists, maps, strings, numbers, booleans,
/// JSON, or structs that are themselves defaultable), iterating until nothing changes.
pub(super) fn mark_defaultable(types: &mut [TypeDef]) {
    loop {
        let defaultable: std::collections::BTreeSet<String> = types
            .iter()
            .filter(|type_def| matches!(&type_def.kind, TypeKind::Struct(definition) if definition.defaultable))
            .map(|type_def| type_def.name.clone())
            .collect();
        let mut changed = false;
        for type_def in types.iter_mut() {
            if let TypeKind::Struct(definition) = &mut type_def.kind
                && !definition.defaultable
                && definition
                    .fields
                    .iter()
                    .all(|field| has_empty_value(&field.ty, &defaultable))
            {
                definition.defaultable = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

fn has_empty_value(ty: &TypeRef, defaultable: &std::collections::BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Optional(_)
        | TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::String
        | TypeRef::Integer(_) => true,
        TypeRef::Number(_) | TypeRef::Boolean | TypeRef::Json => true,
        TypeRef::Named(name) | TypeRef::Boxed(name) => defaultable.contains(name),
        TypeRef::Date | TypeRef::DateTime => false,
    }
}
