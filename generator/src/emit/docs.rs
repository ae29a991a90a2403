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

fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if let Some(language) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && language.trim().is_empty() {
                lines.push(" ```text".to_owned());
                continue;
            }
            lines.push(format!(" {trimmed}"));
            continue;
        }
        let kept = if in_fence { line.trim_end() } else { trimmed };
        lines.push(if kept.is_empty() {
            String::new()
        } else {
            format!(" {kept}")
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::sanitize;

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
