//! Turning document names into Rust identifiers: case conversion, keyword escaping and deterministic
//! collision suffixes.

use std::collections::HashSet;

/// Splits a name into words at separators, lower→upper changes and the end of acronyms
/// (`PTABTrialData` → `PTAB`, `Trial`, `Data`; `attorney_ids` → `attorney`, `ids`).
pub fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for run in name.split(|character: char| !character.is_ascii_alphanumeric()) {
        let characters: Vec<char> = run.chars().collect();
        let mut start = 0;
        for index in 1..characters.len() {
            let previous = characters[index - 1];
            let current = characters[index];
            let next = characters.get(index + 1).copied();
            let lower_to_upper = (previous.is_ascii_lowercase() || previous.is_ascii_digit())
                && current.is_ascii_uppercase();
            let acronym_end = previous.is_ascii_uppercase()
                && current.is_ascii_uppercase()
                && next.is_some_and(|next| next.is_ascii_lowercase());
            if lower_to_upper || acronym_end {
                words.push(characters[start..index].iter().collect());
                start = index;
            }
        }
        if start < characters.len() {
            words.push(characters[start..].iter().collect());
        }
    }
    words
}

fn capitalize(word: &str) -> String {
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => {
            first.to_ascii_uppercase().to_string() + &characters.as_str().to_ascii_lowercase()
        }
        None => String::new(),
    }
}

/// `UpperCamelCase` for types and variants; `fallback` is used when nothing alphanumeric is left, and
/// prefixes a name that would start with a digit.
pub fn upper_camel(name: &str, fallback: &str) -> String {
    let joined: String = split_words(name)
        .iter()
        .map(|word| capitalize(word))
        .collect();
    let identifier = if joined.is_empty() {
        fallback.to_owned()
    } else if joined.starts_with(|character: char| character.is_ascii_digit()) {
        format!("{fallback}{joined}")
    } else {
        joined
    };
    if identifier == "Self" {
        format!("Self{fallback}")
    } else {
        identifier
    }
}

/// `snake_case` for functions, fields and arguments; keywords get a trailing underscore (`type` → `type_`).
pub fn snake(name: &str, fallback: &str) -> String {
    let joined = split_words(name)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    let identifier = if joined.is_empty() {
        fallback.to_owned()
    } else if joined.starts_with(|character: char| character.is_ascii_digit()) {
        format!("{fallback}_{joined}")
    } else {
        joined
    };
    if is_keyword(&identifier) {
        format!("{identifier}_")
    } else {
        identifier
    }
}

/// Whether `word` is reserved in Rust 2024 (strict and reserved keywords).
pub fn is_keyword(word: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
        "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    KEYWORDS.contains(&word)
}

/// Hands out names that are unique within one scope: the first claimant of a name keeps it, later ones get
/// `_2`, `_3`... (snake case) or `2`, `3`... (camel case), so the result depends only on claim order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `wanted`, or the first free suffixed form of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let camel = wanted.contains(|character: char| character.is_ascii_uppercase());
        let separator = if camel || wanted.ends_with('_') {
            ""
        } else {
            "_"
        };
        let mut counter = 2;
        loop {
            let candidate = format!("{wanted}{separator}{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_acronyms_and_separators() {
        assert_eq!(split_words("PTABTrialData"), ["PTAB", "Trial", "Data"]);
        assert_eq!(
            split_words("HTTPValidationError"),
            ["HTTP", "Validation", "Error"]
        );
        assert_eq!(split_words("attorneyIds"), ["attorney", "Ids"]);
        assert_eq!(
            split_words("Pending before the ALJ"),
            ["Pending", "before", "the", "ALJ"]
        );
        assert_eq!(split_words("seach_law_firms"), ["seach", "law", "firms"]);
        assert_eq!(split_words("int32Value"), ["int32", "Value"]);
    }

    #[test]
    fn converts_case() {
        assert_eq!(upper_camel("PTABTrialData", "Type"), "PtabTrialData");
        assert_eq!(
            upper_camel("Final Decision: All Claims Unpatentable", "Value"),
            "FinalDecisionAllClaimsUnpatentable"
        );
        assert_eq!(upper_camel("2nd", "Value"), "Value2nd");
        assert_eq!(upper_camel("--", "Value"), "Value");
        assert_eq!(upper_camel("self", "Type"), "SelfType");
        assert_eq!(snake("caseNumbers", "field"), "case_numbers");
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("3rdParty", "field"), "field_3rd_party");
        assert_eq!(snake("oauth2_token", "operation"), "oauth2_token");
    }

    #[test]
    fn scope_suffixes_collisions_in_claim_order() {
        let mut scope = Scope::with_reserved(&["client"]);
        assert_eq!(scope.claim("client"), "client_2");
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("Pet"), "Pet");
        assert_eq!(scope.claim("Pet"), "Pet2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2", "no double underscore");
    }
}
