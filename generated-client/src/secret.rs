//! Secrets (tokens, client secrets) in a wrapper that never prints them, and the scrubbing of text a server
//! sent back, in case it echoes one.

use std::fmt;

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

/// `text` with every occurrence of each secret replaced by `<redacted>`. Secrets shorter than four bytes are
/// left alone: replacing them would garble the text without protecting anything.
pub(crate) fn scrub<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        if secret.0.len() >= 4 && text.contains(&secret.0) {
            text = text.replace(&secret.0, REDACTED);
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
}
