//! Reads the API document's text, JSON or YAML, into a JSON value.

use std::path::Path;

use serde_json::Value;

use crate::error::Error;

/// Reads `file` and parses it with [`parse`].
pub fn read(file: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        file: file.to_path_buf(),
        source,
    })?;
    parse(file, &text)
}

/// Parses `text` as YAML when `file` ends in `.yaml` or `.yml`, as JSON otherwise.
pub fn parse(file: &Path, text: &str) -> Result<Value, Error> {
    let is_yaml = file
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
        });
    let syntax_error = |syntax, message: String| Error::Syntax {
        file: file.to_path_buf(),
        syntax,
        message,
    };
    // Editors on Windows save a byte-order mark; it is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_yaml {
        // serde_yaml turns scalar keys such as `200` into strings and rejects the rest with a location.
        let value =
            serde_yaml::from_str(text).map_err(|error| syntax_error("YAML", error.to_string()))?;
        if !text.contains("<<") {
            return Ok(value);
        }
        // Merge keys (`<<: *anchor`), as YAML 1.1 tools apply them: merged, written out and read again.
        let mut merged: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|error| syntax_error("YAML", error.to_string()))?;
        merged
            .apply_merge()
            .map_err(|error| syntax_error("YAML", error.to_string()))?;
        let rewritten = serde_yaml::to_string(&merged)
            .map_err(|error| syntax_error("YAML", error.to_string()))?;
        serde_yaml::from_str(&rewritten).map_err(|error| syntax_error("YAML", error.to_string()))
    } else {
        serde_json::from_str(text).map_err(|error| syntax_error("JSON", error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::{parse, read};
    use crate::error::Error;

    #[test]
    fn applies_yaml_merge_keys_and_skips_a_byte_order_mark() {
        let text =
            "\u{feff}base: &base { description: shared, x: 1 }\nmerged:\n  <<: *base\n  x: 2\n";
        assert_eq!(
            parsed("a.yaml", text),
            json!({"base": {"description": "shared", "x": 1}, "merged": {"description": "shared", "x": 2}})
        );
        assert_eq!(parsed("a.json", "\u{feff}{\"a\": 1}"), json!({"a": 1}));
    }

    fn parsed(file: &str, text: &str) -> serde_json::Value {
        match parse(Path::new(file), text) {
            Ok(value) => value,
            Err(error) => panic!("{error}"),
        }
    }

    fn failure(result: Result<serde_json::Value, Error>) -> Error {
        match result {
            Ok(value) => panic!("expected an error, got {value}"),
            Err(error) => error,
        }
    }

    fn syntax_error(file: &str, text: &str) -> (PathBuf, &'static str, String) {
        match parse(Path::new(file), text) {
            Err(Error::Syntax {
                file,
                syntax,
                message,
            }) => (file, syntax, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn parses_json_and_yaml() {
        let json = parsed("api.json", r#"{"openapi": "3.1.0", "paths": {}}"#);
        assert_eq!(json, json!({"openapi": "3.1.0", "paths": {}}));
        let yaml = parsed("api.yaml", "openapi: 3.1.0\nresponses:\n  200: ok\n");
        assert_eq!(
            yaml,
            json!({"openapi": "3.1.0", "responses": {"200": "ok"}})
        );
        let yml = parsed("API.YML", "a: [1, 2.5, true, null]\n");
        assert_eq!(yml, json!({"a": [1, 2.5, true, null]}));
    }

    #[test]
    fn unknown_extensions_are_json() {
        let (_, syntax, _) = syntax_error("api.txt", "a: 1");
        assert_eq!(syntax, "JSON");
        assert_eq!(parsed("api", "[1]"), json!([1]));
    }

    #[test]
    fn json_errors_name_the_file_line_and_column() {
        let (file, syntax, message) = syntax_error(
            "spec/api.json",
            "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {",
        );
        assert_eq!(file, PathBuf::from("spec/api.json"));
        assert_eq!(syntax, "JSON");
        assert!(message.contains("line 3 column"), "{message}");
        let error = failure(parse(Path::new("spec/api.json"), "{]")).to_string();
        assert!(
            error.starts_with("spec/api.json: invalid JSON: "),
            "{error}"
        );
        assert!(error.contains("line 1 column 2"), "{error}");
    }

    #[test]
    fn yaml_errors_name_the_file_line_and_column() {
        let (file, syntax, message) = syntax_error("api.yaml", "openapi: 3.1.0\npaths: [1, 2\n");
        assert_eq!(file, PathBuf::from("api.yaml"));
        assert_eq!(syntax, "YAML");
        assert!(message.contains("line 3 column 1"), "{message}");
        let error = failure(parse(Path::new("api.yaml"), "a:\n  b: 1\n c: 2\n")).to_string();
        assert!(error.starts_with("api.yaml: invalid YAML: "), "{error}");
    }

    #[test]
    fn yaml_without_a_json_equivalent_is_a_syntax_error() {
        let (_, _, message) = syntax_error("api.yaml", "? [1, 2]\n: pair key\n");
        assert!(message.contains("expected a string key"), "{message}");
        assert!(message.contains("line 1 column"), "{message}");
        let (_, _, message) = syntax_error("api.yaml", "a: !custom 5\n");
        assert!(message.contains("line 1 column 4"), "{message}");
        let (_, _, message) = syntax_error("api.yaml", "--- 1\n--- 2\n");
        assert!(message.contains("more than one document"), "{message}");
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "\u{0}",
            "{{{{",
            "- - - -",
            ":",
            "\"",
            "[1, 2",
            "a: *missing",
        ] {
            for file in ["g.json", "g.yaml"] {
                let _ = parse(Path::new(file), text);
            }
        }
        let deep = "[".repeat(10_000);
        assert!(parse(Path::new("deep.json"), &deep).is_err());
        assert!(parse(Path::new("deep.yaml"), &deep).is_err());
    }

    #[test]
    fn read_reports_missing_files() {
        let error = failure(read(Path::new("/nonexistent/api.json")));
        assert!(matches!(error, Error::Read { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/api.json: cannot read the API document: ")
        );
    }

    #[test]
    fn reads_the_broken_fixture() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec/fixtures/broken/invalid-syntax.json");
        let error = failure(read(&file));
        assert!(
            matches!(error, Error::Syntax { syntax: "JSON", .. }),
            "{error:?}"
        );
    }
}
