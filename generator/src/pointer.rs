//! JSON pointers (RFC 6901) in the URI-fragment form `#/paths/~1oauth2~1token/post`, used to say where in
//! the document a diagnostic applies.

use std::fmt;

/// A location inside the API document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer {
    segments: Vec<String>,
}

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses the fragment of a local `$ref` such as `#/components/schemas/Pet` (percent-escapes, as URI
    /// fragments may carry them, are decoded first: `#/components/schemas/with%20space`).
    pub fn parse(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Self::root());
        }
        let rest = percent_decode(rest.strip_prefix('/')?);
        let segments = rest
            .split('/')
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect();
        Some(Self { segments })
    }

    /// This pointer extended by one segment.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let mut segments = self.segments.clone();
        segments.push(segment.to_string());
        Self { segments }
    }

    /// The unescaped segments, outermost first.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("#")?;
        for segment in &self.segments {
            formatter.write_str("/")?;
            formatter.write_str(&segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

/// Decodes `%XX` escapes; anything that is not a valid escape, or not UTF-8 once decoded, is kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok());
        match (
            bytes[index],
            escape.and_then(|hex| u8::from_str_radix(hex, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slashes_and_tildes() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/oauth2/token")
            .join("a~b");
        assert_eq!(pointer.to_string(), "#/paths/~1oauth2~1token/a~0b");
    }

    #[test]
    fn parse_round_trips() {
        let text = "#/paths/~1oauth2~1token/post/responses/200";
        let pointer = Pointer::parse(text).map(|pointer| pointer.to_string());
        assert_eq!(pointer.as_deref(), Some(text));
        assert_eq!(Pointer::parse("other.json#/x"), None);
        let spaced = Pointer::parse("#/components/schemas/with%20space%zz");
        assert_eq!(
            spaced.map(|pointer| pointer.segments().to_vec()),
            Some(vec![
                "components".into(),
                "schemas".into(),
                "with space%zz".into()
            ])
        );
    }
}
