//! Errors and warnings. Every stage reports problems as [`Diagnostic`]s that carry the JSON pointer of the
//! offending node; a stage collects all of them before failing, so one run shows every problem.

use std::fmt;
use std::path::PathBuf;

use crate::pointer::Pointer;

/// One problem (or warning) at one place in the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where in the document.
    pub pointer: Pointer,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`.
    pub fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.pointer, self.message)
    }
}

/// Why generation failed. The committed client is never touched when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be read from disk.
    #[error("{}: cannot read the API document: {source}", file.display())]
    Read {
        /// The file that was asked for.
        file: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The document is not well-formed JSON or YAML.
    #[error("{}: invalid {syntax}: {message}", file.display())]
    Syntax {
        /// The document's file.
        file: PathBuf,
        /// `JSON` or `YAML`.
        syntax: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The document parsed but cannot be turned into a client.
    #[error("{}: {}", file.display(), DiagnosticList(diagnostics))]
    Invalid {
        /// The document's file.
        file: PathBuf,
        /// Every problem found, in document order.
        diagnostics: Vec<Diagnostic>,
    },
    /// The generator produced code it cannot parse back: a bug in the generator, not in the document.
    #[error("internal error: generated `{file}` is not valid Rust ({message}); please report this")]
    Internal {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [single] => write!(formatter, "{single}"),
            many => {
                write!(formatter, "{} problems", many.len())?;
                for diagnostic in many {
                    write!(formatter, "\n  {diagnostic}")?;
                }
                Ok(())
            }
        }
    }
}

/// Collects diagnostics during a stage; [`Diagnostics::finish`] fails the stage if any were errors.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error; the stage goes on to find more, then fails.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.errors.push(Diagnostic::new(pointer, message));
    }

    /// Records a warning: something was dropped or approximated, and the user should know.
    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(pointer, message));
    }

    /// Whether any error was recorded so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Moves the other collection's diagnostics into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// The warnings, or every error if there was one.
    pub fn finish(self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            Err(self.errors)
        }
    }
}
