//! Doc comments from document text. Descriptions are Markdown written for a web page, so indentation that
//! Markdown would read as a code block (and rustdoc as a doctest) is removed, and bare fences become `text`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `text`, one per line.
pub(super) fn doc_attributes(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #(#[doc = #lines])* }
}

/// Summary, a blank line, then description.
pub(super) fn docs_text(docs: &Docs) -> String {
    match (&docs.summary, &docs.description) {
        (Some(summary), Some(description)) if summary.trim() == description.trim() => {
            summary.clone()
        }
        (Some(summary), Some(description)) => format!("{summary}\n\n{description}"),
        (Some(text), None) | (None, Some(text)) => text.clone(),
        (None, None) => String::new(),
    }
}

/// `#[doc]` attributes for a summary and description, or nothing.
pub(super) fn docs_attributes(docs: &Docs) -> TokenStream {
    let text = docs_text(docs);
    if text.is_empty() {
        TokenStream::new()
    } else {
        doc_attributes(&text)
    }
}

/// Doc lines for document text. Every fenced block becomes `text`: a description's code is never a Rust
/// doctest (a `rust` fence from the vendor would be compiled and run by `cargo test`).
fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        let marker = ["```", "~~~"]
            .into_iter()
            .find(|marker| trimmed.starts_with(marker));
        match (fence, marker) {
            (None, Some(marker)) => {
                fence = Some(marker);
                lines.push(" ```text".to_owned());
                continue;
            }
            (Some(open), Some(marker))
                if open == marker && trimmed.trim_start_matches(marker).is_empty() =>
            {
                fence = None;
                lines.push(" ```".to_owned());
                continue;
            }
            _ => {}
        }
        let kept = if fence.is_some() {
            line.trim_end()
        } else {
            trimmed
        };
        lines.push(if kept.is_empty() {
            String::new()
        } else {
            format!(" {kept}")
        });
    }
    if fence.is_some() {
        lines.push(" ```".to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn no_fence_becomes_a_doctest() {
        let lines = sanitize("```rust\nfn main() {}\n```\n~~~python\nprint(1)\n~~~\n```\nunclosed");
        assert_eq!(
            lines,
            [
                " ```text",
                " fn main() {}",
                " ```",
                " ```text",
                " print(1)",
                " ```",
                " ```text",
                " unclosed",
                " ```"
            ]
        );
    }

    #[test]
    fn removes_indentation_and_labels_bare_fences() {
        let lines = sanitize("Gets a trial.\n\n    TTT is one of IPR\n```\nraw\n```");
        assert_eq!(
            lines,
            [
                " Gets a trial.",
                "",
                " TTT is one of IPR",
                " ```text",
                " raw",
                " ```"
            ]
        );
    }
}
