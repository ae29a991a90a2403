//! Secrets (tokens, client secrets) in a wrapper that never prints them, and the scrubbing of text a server
//! sent back, in case it echoes one.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What `application/x-www-form-urlencoded` (and so a query string built by `Url::query_pairs_mut`) leaves
/// as it is; a space becomes `+`.
const FORM_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// What a redacted secret is shown as.
pub(crate) const REDACTED: &str = "<redacted>";

/// A string that `Debug` shows as `<redacted>` and that has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// The forms a server may echo the secret in: as it is, escaped inside a JSON string, and encoded as a
    /// query or form value (the raw URL quoted back). Duplicates removed.
    fn forms(&self) -> Vec<String> {
        let mut forms = vec![self.0.clone()];
        let quoted = serde_json::to_string(&self.0).unwrap_or_default();
        if let Some(escaped) = quoted
            .strip_prefix('"')
            .and_then(|quoted| quoted.strip_suffix('"'))
        {
            forms.push(escaped.to_owned());
        }
        let encoded = utf8_percent_encode(&self.0, FORM_UNRESERVED).to_string();
        forms.push(encoded.replace("%20", "+"));
        forms.push(encoded);
        let mut unique = Vec::with_capacity(forms.len());
        for form in forms {
            if !unique.contains(&form) {
                unique.push(form);
            }
        }
        unique
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(REDACTED)
    }
}

/// A URL as text, with any password in it redacted.
pub(crate) fn display_url(url: &reqwest::Url) -> String {
    if url.password().is_none() {
        return url.to_string();
    }
    let mut url = url.clone();
    match url.set_password(Some(REDACTED)) {
        Ok(()) => url.to_string(),
        Err(()) => "<a URL with a password>".to_owned(),
    }
}

/// `text` with every occurrence of each secret replaced by `<redacted>`, whether it appears as it is,
/// JSON-escaped or URL-encoded. Secrets shorter than four bytes are left alone: replacing them would garble
/// the text without protecting anything.
pub(crate) fn scrub<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        if secret.0.len() < 4 {
            continue;
        }
        for form in secret.forms() {
            if text.contains(&form) {
                text = text.replace(&form, REDACTED);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn scrub_replaces_every_occurrence() {
        let token = Secret::new("tok-123");
        let short = Secret::new("a");
        let text = scrub("bad token tok-123 (tok-123) at a place", [&token, &short]);
        assert_eq!(text, "bad token <redacted> (<redacted>) at a place");
    }

    #[test]
    fn scrub_finds_escaped_and_encoded_forms() {
        let secret = Secret::new("a b&\"c/d");
        let text = scrub(
            r#"{"input": "a b&\"c/d"} GET /t?s=a+b%26%22c%2Fd or a%20b%26%22c%2Fd"#,
            [&secret],
        );
        assert_eq!(
            text,
            r#"{"input": "<redacted>"} GET /t?s=<redacted> or <redacted>"#
        );
    }
}
