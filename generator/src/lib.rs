//! Core of the Lex Machina client generator.
//!
//! The pipeline is `load` (JSON or YAML text into a JSON value) → `normalize` (OpenAPI 3.1 rewritten into the
//! 3.0 model that `openapiv3` reads, reporting anything it drops) → `lower` (the `openapiv3` model into the
//! plain-data [`ir`], where every naming and typing decision is made) → `emit` (the IR into token streams, no
//! decisions) → `format` (prettyplease, blank lines between items, the `@generated` header).

pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod normalize;
pub mod pointer;

mod emit;
mod format;

pub use error::{Diagnostic, Error};

use std::path::Path;

/// One generated source file of the client crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the client crate's `src/`, e.g. `generated/types.rs`.
    pub path: &'static str,
    /// The formatted source, starting with the `@generated` header.
    pub contents: String,
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The generated files, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Everything normalization and lowering approximated or dropped, each with its JSON pointer.
    pub warnings: Vec<Diagnostic>,
    /// `info.version` of the document.
    pub api_version: String,
    /// How many operations became methods.
    pub operation_count: usize,
    /// How many named types were emitted.
    pub type_count: usize,
}

/// Reads the document at `file` (JSON, or YAML by extension) and generates the client.
pub fn generate_from_file(file: &Path) -> Result<Generated, Error> {
    let document = load::read(file)?;
    generate_from_value(file, document)
}

/// Generates the client from document text; `file` names the document in errors and picks the syntax.
pub fn generate_from_str(file: &Path, text: &str) -> Result<Generated, Error> {
    let document = load::parse(file, text)?;
    generate_from_value(file, document)
}

/// Lowers a document into the IR without emitting code (for tests and tools that inspect decisions).
pub fn lower_from_str(file: &Path, text: &str) -> Result<lower::Lowered, Error> {
    lower_value(file, load::parse(file, text)?)
}

/// Normalizes and lowers a parsed document; the warnings of both stages, in that order, are on the result.
fn lower_value(file: &Path, document: serde_json::Value) -> Result<lower::Lowered, Error> {
    let invalid = |diagnostics| Error::Invalid {
        file: file.to_owned(),
        diagnostics,
    };
    let normalized = normalize::normalize(document).map_err(invalid)?;
    let mut lowered = lower::lower(&normalized.document).map_err(invalid)?;
    let mut warnings = normalized.warnings;
    warnings.append(&mut lowered.warnings);
    lowered.warnings = warnings;
    Ok(lowered)
}

fn generate_from_value(file: &Path, document: serde_json::Value) -> Result<Generated, Error> {
    let lower::Lowered { api, warnings } = lower_value(file, document)?;
    let files = emit::emit(&api)
        .into_iter()
        .map(|emitted| {
            let contents =
                format::format_file(emitted.tokens).map_err(|error| Error::Internal {
                    file: emitted.path.to_owned(),
                    message: error.to_string(),
                })?;
            Ok(GeneratedFile {
                path: emitted.path,
                contents,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Generated {
        files,
        warnings,
        api_version: api.version.clone(),
        operation_count: api.operations.len(),
        type_count: api.types.len(),
    })
}
