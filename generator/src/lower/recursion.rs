//! Boxing: a type that contains itself by value (directly or through other types) has no finite size, so
//! the field or variant that closes the cycle holds a `Box`. Lists and maps already allocate and need none.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Types that contain themselves with no struct in between, which no Rust type can express (`type A = Vec<A>`,
/// `type A = B; type B = A;`) or which would recurse forever while decoding (a union listing itself as an
/// alternative, directly or through other unions). Returns their names, sorted.
pub(super) fn degenerate_cycles(types: &[TypeDef]) -> Vec<String> {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .filter_map(|type_def| {
            let targets = match &type_def.kind {
                TypeKind::Alias(target) => {
                    let mut names = Vec::new();
                    names_inside(target, &mut names);
                    names
                }
                TypeKind::Union(definition) => definition
                    .variants
                    .iter()
                    .filter_map(|variant| by_value_name(&variant.ty).map(str::to_owned))
                    .collect(),
                TypeKind::Struct(_) | TypeKind::Enum(_) => return None,
            };
            Some((type_def.name.clone(), targets))
        })
        .collect();
    let component = components(&edges);
    edges
        .iter()
        .filter(|(name, targets)| {
            targets
                .iter()
                .any(|target| component.get(target.as_str()) == component.get(name.as_str()))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn names_inside(ty: &TypeRef, names: &mut Vec<String>) {
    match ty {
        TypeRef::Optional(inner) | TypeRef::List(inner) | TypeRef::Map(inner) => {
            names_inside(inner, names)
        }
        TypeRef::Named(name) | TypeRef::Boxed(name) => names.push(name.clone()),
        _ => {}
    }
}

/// Rewrites `Named` into `Boxed` on every by-value edge that lies on a cycle.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|type_def| (type_def.name.clone(), by_value_targets(&type_def.kind)))
        .collect();
    let component: BTreeMap<String, usize> = components(&edges)
        .into_iter()
        .map(|(name, index)| (name.to_owned(), index))
        .collect();
    for type_def in types.iter_mut() {
        let owner = component.get(&type_def.name).copied();
        for ty in by_value_slots(&mut type_def.kind) {
            box_if_cyclic(ty, owner, &component);
        }
    }
}

/// Boxes a by-value use of a type in the owner's strongly connected component: such an edge closes a cycle.
fn box_if_cyclic(ty: &mut TypeRef, owner: Option<usize>, component: &BTreeMap<String, usize>) {
    match ty {
        TypeRef::Optional(inner) => box_if_cyclic(inner, owner, component),
        TypeRef::Named(target)
            if owner.is_some() && component.get(target.as_str()).copied() == owner =>
        {
            *ty = TypeRef::Boxed(target.clone())
        }
        _ => {}
    }
}

/// The strongly connected component of every node (Kosaraju, iteratively, so deep schemas cannot overflow
/// the stack): two types are in one component when each reaches the other. Linear in nodes plus edges.
fn components(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<&str, usize> {
    let mut finished: Vec<&str> = Vec::with_capacity(edges.len());
    let mut visited = BTreeSet::new();
    for start in edges.keys() {
        if !visited.insert(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        while let Some((node, next)) = stack.pop() {
            let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            match targets.get(next) {
                Some(target) => {
                    stack.push((node, next + 1));
                    if edges.contains_key(target) && visited.insert(target.as_str()) {
                        stack.push((target.as_str(), 0));
                    }
                }
                None => finished.push(node),
            }
        }
    }
    let mut reversed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (source, targets) in edges {
        for target in targets.iter().filter(|target| edges.contains_key(*target)) {
            reversed
                .entry(target.as_str())
                .or_default()
                .push(source.as_str());
        }
    }
    let mut component = BTreeMap::new();
    for (index, root) in finished.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut pending = vec![*root];
        component.insert(*root, index);
        while let Some(node) = pending.pop() {
            for source in reversed.get(node).into_iter().flatten() {
                if !component.contains_key(source) {
                    component.insert(*source, index);
                    pending.push(source);
                }
            }
        }
    }
    component
}

fn by_value_targets(kind: &TypeKind) -> Vec<String> {
    let mut targets = Vec::new();
    let mut collect = |ty: &TypeRef| {
        if let Some(name) = by_value_name(ty) {
            targets.push(name.to_owned());
        }
    };
    match kind {
        TypeKind::Struct(definition) => definition
            .fields
            .iter()
            .for_each(|field| collect(&field.ty)),
        TypeKind::Union(definition) => definition
            .variants
            .iter()
            .for_each(|variant| collect(&variant.ty)),
        TypeKind::Alias(target) => collect(target),
        TypeKind::Enum(_) => {}
    }
    targets
}

fn by_value_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Optional(inner) => by_value_name(inner),
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

fn by_value_slots(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Struct(definition) => definition
            .fields
            .iter_mut()
            .map(|field| &mut field.ty)
            .collect(),
        TypeKind::Union(definition) => definition
            .variants
            .iter_mut()
            .map(|variant| &mut variant.ty)
            .collect(),
        // An alias cannot hold a box of itself; a cycle through an alias is broken at the struct or union.
        TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, Presence, StructDef};

    fn structure(name: &str, fields: Vec<(&str, TypeRef)>) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Struct(StructDef {
                fields: fields
                    .into_iter()
                    .map(|(field, ty)| Field {
                        wire_name: field.to_owned(),
                        rust_name: field.to_owned(),
                        ty,
                        presence: Presence::Optional,
                        docs: Docs::default(),
                        deprecated: false,
                    })
                    .collect(),
                additional: None,
                defaultable: true,
            }),
        }
    }

    fn field_types(type_def: &TypeDef) -> Vec<TypeRef> {
        match &type_def.kind {
            TypeKind::Struct(definition) => definition
                .fields
                .iter()
                .map(|field| field.ty.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn finds_cycles_without_a_struct_in_between() {
        let alias = |name: &str, target: TypeRef| TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Alias(target),
        };
        let types = vec![
            alias(
                "Nested",
                TypeRef::List(Box::new(TypeRef::Named("Nested".into()))),
            ),
            alias("A", TypeRef::Named("B".into())),
            alias("B", TypeRef::Named("A".into())),
            alias("Fine", TypeRef::Named("Node".into())),
            structure(
                "Node",
                vec![(
                    "next",
                    TypeRef::Optional(Box::new(TypeRef::Named("Node".into()))),
                )],
            ),
        ];
        assert_eq!(degenerate_cycles(&types), ["A", "B", "Nested"]);
    }

    #[test]
    fn boxes_only_edges_on_a_cycle() {
        let optional = |name: &str| TypeRef::Optional(Box::new(TypeRef::Named(name.to_owned())));
        let mut types = vec![
            structure(
                "Node",
                vec![
                    ("parent", optional("Node")),
                    (
                        "children",
                        TypeRef::List(Box::new(TypeRef::Named("Node".into()))),
                    ),
                    ("leaf", optional("Leaf")),
                ],
            ),
            structure("Leaf", vec![]),
            structure("Ping", vec![("pong", optional("Pong"))]),
            structure("Pong", vec![("ping", optional("Ping"))]),
        ];
        box_recursive_fields(&mut types);
        assert_eq!(
            field_types(&types[0]),
            [
                TypeRef::Optional(Box::new(TypeRef::Boxed("Node".into()))),
                TypeRef::List(Box::new(TypeRef::Named("Node".into()))),
                optional("Leaf"),
            ]
        );
        assert_eq!(
            field_types(&types[2]),
            [TypeRef::Optional(Box::new(TypeRef::Boxed("Pong".into())))]
        );
        assert_eq!(
            field_types(&types[3]),
            [TypeRef::Optional(Box::new(TypeRef::Boxed("Ping".into())))]
        );
    }
}
