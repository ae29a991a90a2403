//! The pin of the upstream API document: `spec/upstream.pin` records which version the committed client is
//! generated from and its sha256. The document itself is read from `../shared/lexmachina/`, never copied.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The pinned upstream version.
#[derive(Debug, PartialEq, Eq)]
pub struct Pin {
    /// The vendor's version, e.g. `20260324`.
    pub version: String,
    /// Lower-case hex sha256 of the document's bytes.
    pub sha256: String,
}

impl Pin {
    /// Reads `spec/upstream.pin` (lines of `key = "value"`, `#` comments).
    pub fn read(root: &Path) -> Result<Self> {
        let file = root.join("spec").join("upstream.pin");
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        Self::parse(&text).with_context(|| format!("invalid pin file {}", file.display()))
    }

    fn parse(text: &str) -> Result<Self> {
        let mut version = None;
        let mut sha256 = None;
        for line in text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
        {
            let Some((key, value)) = line.split_once('=') else {
                bail!("expected `key = \"value\"`, found `{line}`")
            };
            let value = value.trim().trim_matches('"').to_owned();
            match key.trim() {
                "version" => version = Some(value),
                "sha256" => sha256 = Some(value.to_ascii_lowercase()),
                other => bail!("unknown key `{other}`"),
            }
        }
        match (version, sha256) {
            (Some(version), Some(sha256)) => Ok(Self { version, sha256 }),
            _ => bail!("both `version` and `sha256` are required"),
        }
    }

    /// Where the pinned document lives: `../shared/lexmachina/openapi-<version>.json` beside the project.
    pub fn upstream_path(&self, root: &Path) -> PathBuf {
        root.join("..")
            .join("shared")
            .join("lexmachina")
            .join(format!("openapi-{}.json", self.version))
    }
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_pin_format() {
        let pin = Pin::parse("# comment\nversion = \"20260324\"\nsha256 = \"ABC\"\n");
        assert_eq!(
            pin.ok(),
            Some(Pin {
                version: "20260324".into(),
                sha256: "abc".into()
            })
        );
        assert!(Pin::parse("version = \"1\"").is_err());
        assert!(Pin::parse("colour = \"red\"").is_err());
    }

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
