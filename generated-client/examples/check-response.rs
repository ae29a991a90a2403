//! Checks a saved response body against the model the API document gives it, without a network.
//!
//! ```text
//! cargo run -p lexmachina --example check-response -- OPERATION_ID STATUS FILE.json
//! ```
//!
//! On success the body is printed again, pretty, as the client re-encodes it (exit 0), and any field the
//! client does not know (so would drop) is listed on stderr: a sign the server is newer than the document. A
//! body that does not match is reported on stderr with the JSON path of the first mismatch (exit 1). An unknown operation, a
//! status the operation does not document, an unreadable file or wrong arguments exit 2.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use lexmachina::{DecodeError, decode_response};

const USAGE: &str = "usage: check-response OPERATION_ID STATUS FILE.json";

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The body matches; its re-encoding was printed.
    Matches,
    /// The body does not match the documented type.
    Mismatch,
    /// The arguments were unusable.
    Usage,
}

impl Outcome {
    fn code(self) -> u8 {
        match self {
            Self::Matches => 0,
            Self::Mismatch => 1,
            Self::Usage => 2,
        }
    }
}

fn main() -> ExitCode {
    let arguments: Vec<OsString> = std::env::args_os().skip(1).collect();
    let outcome = run(
        &arguments,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(outcome.code())
}

/// Checks the body named by `arguments`, writing the re-encoded body to `out` and problems to `err`.
fn run(arguments: &[OsString], out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let [operation_id, status, file] = arguments else {
        return usage(err, "expected three arguments");
    };
    let Some(operation_id) = operation_id.to_str() else {
        return usage(err, "the operation id is not valid UTF-8");
    };
    let Some(status) = status
        .to_str()
        .and_then(|status| status.parse::<u16>().ok())
        .filter(|status| (100..600).contains(status))
    else {
        return usage(
            err,
            &format!(
                "{}: not an HTTP status (100 to 599)",
                status.to_string_lossy()
            ),
        );
    };
    let body = match std::fs::read(file) {
        Ok(body) => body,
        Err(error) => return usage(err, &format!("{}: {error}", file.to_string_lossy())),
    };
    let decoded = match decode_response(operation_id, status, &body) {
        Ok(decoded) => decoded,
        Err(
            error @ (DecodeError::UnknownOperation { .. } | DecodeError::UndocumentedStatus { .. }),
        ) => {
            return usage(err, &error.to_string());
        }
        Err(error) => {
            let _ = writeln!(err, "check-response: {error}");
            return Outcome::Mismatch;
        }
    };
    let original = serde_json::from_slice::<serde_json::Value>(&body).ok();
    if let (Some(original), Ok(reencoded)) = (&original, decoded.to_json()) {
        let mut unknown = Vec::new();
        dropped_fields(original, &reencoded, String::new(), &mut unknown);
        for path in &unknown {
            let _ = writeln!(
                err,
                "check-response: note: `{path}` is not in the API document; the client ignores it"
            );
        }
    }
    let printed = decoded
        .to_json_pretty()
        .map_err(|error| error.to_string())
        .and_then(|text| writeln!(out, "{text}").map_err(|error| error.to_string()));
    match printed {
        Ok(()) => Outcome::Matches,
        Err(error) => {
            let _ = writeln!(
                err,
                "check-response: decoded as `{}` but cannot print it: {error}",
                decoded.type_name()
            );
            Outcome::Mismatch
        }
    }
}

/// Paths of non-null values in `original` that the re-encoding lacks, e.g. `cases[0].newField`.
fn dropped_fields(
    original: &serde_json::Value,
    reencoded: &serde_json::Value,
    path: String,
    found: &mut Vec<String>,
) {
    use serde_json::Value;
    match (original, reencoded) {
        (Value::Object(original), Value::Object(reencoded)) => {
            for (key, value) in original {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match reencoded.get(key) {
                    Some(kept) => dropped_fields(value, kept, child, found),
                    None if !value.is_null() => found.push(child),
                    None => {}
                }
            }
        }
        (Value::Array(original), Value::Array(reencoded)) => {
            for (index, (value, kept)) in original.iter().zip(reencoded).enumerate() {
                dropped_fields(value, kept, format!("{path}[{index}]"), found);
            }
        }
        _ => {}
    }
}

fn usage(err: &mut impl Write, problem: &str) -> Outcome {
    let _ = writeln!(err, "check-response: {problem}\n{USAGE}");
    Outcome::Usage
}

#[cfg(test)]
mod tests {
    //! Runs the tool's logic on real examples of the current document (read at run time) and on files
    //! written to a temporary directory.

    use std::error::Error;
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{Outcome, run};

    /// The current document's examples for `operation_id` and `status`.
    fn examples(operation_id: &str, status: &str) -> Result<Vec<Value>, Box<dyn Error>> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/lexmachina/openapi-20260324.json");
        let document: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let paths = document
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("no paths")?;
        let found = paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .filter(|operation| {
                operation.get("operationId").and_then(Value::as_str) == Some(operation_id)
            })
            .filter_map(|operation| {
                operation.pointer(&format!(
                    "/responses/{status}/content/application~1json/examples"
                ))
            })
            .filter_map(Value::as_object)
            .flat_map(|examples| examples.values())
            .filter_map(|example| example.get("value").cloned())
            .collect();
        Ok(found)
    }

    /// Writes `contents` to a file of its own in the temporary directory.
    fn temporary_file(name: &str, contents: &[u8]) -> Result<PathBuf, Box<dyn Error>> {
        let path =
            std::env::temp_dir().join(format!("check-response-{}-{name}.json", std::process::id()));
        std::fs::write(&path, contents)?;
        Ok(path)
    }

    fn check(arguments: &[&str]) -> (Outcome, String, String) {
        let arguments: Vec<std::ffi::OsString> = arguments.iter().map(Into::into).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = run(&arguments, &mut out, &mut err);
        (
            outcome,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn a_documented_body_is_printed_again() -> Result<(), Box<dyn Error>> {
        let example = examples("get_district_case", "200")?
            .into_iter()
            .next()
            .ok_or("no example")?;
        let file = temporary_file("valid", &serde_json::to_vec(&example)?)?;
        let (outcome, out, err) = check(&["get_district_case", "200", &file.to_string_lossy()]);
        std::fs::remove_file(&file)?;
        assert_eq!(outcome, Outcome::Matches, "{err}");
        let printed: Value = serde_json::from_str(&out)?;
        assert_eq!(printed.get("districtCaseId"), example.get("districtCaseId"));
        assert!(out.contains("\n  \""), "pretty-printed");
        assert!(
            !err.contains("note:"),
            "a documented body has no unknown fields: {err}"
        );
        Ok(())
    }

    #[test]
    fn unknown_fields_are_listed() -> Result<(), Box<dyn Error>> {
        let mut example = examples("get_district_case", "200")?
            .into_iter()
            .next()
            .ok_or("no example")?;
        let judges = example
            .pointer_mut("/judges/0")
            .ok_or("no judge in the example")?;
        if let Some(judge) = judges.as_object_mut() {
            judge.insert("newField".to_owned(), serde_json::json!(1));
        }
        let file = temporary_file("unknown", &serde_json::to_vec(&example)?)?;
        let (outcome, _, err) = check(&["get_district_case", "200", &file.to_string_lossy()]);
        std::fs::remove_file(&file)?;
        assert_eq!(outcome, Outcome::Matches, "{err}");
        assert!(
            err.contains("note: `judges[0].newField` is not in the API document"),
            "{err}"
        );
        Ok(())
    }

    #[test]
    fn a_mismatch_names_its_json_path() -> Result<(), Box<dyn Error>> {
        let mut example = examples("get_district_case", "200")?
            .into_iter()
            .next()
            .ok_or("no example")?;
        let amount = example
            .pointer_mut("/damages/active/0/amount")
            .ok_or("no damages in the example")?;
        *amount = serde_json::json!(true);
        let file = temporary_file("mismatch", &serde_json::to_vec(&example)?)?;
        let (outcome, out, err) = check(&["get_district_case", "200", &file.to_string_lossy()]);
        std::fs::remove_file(&file)?;
        assert_eq!(outcome, Outcome::Mismatch);
        assert!(out.is_empty());
        assert!(err.contains("damages.active[0].amount: "), "{err}");
        Ok(())
    }

    #[test]
    fn unusable_arguments_exit_2_with_usage() -> Result<(), Box<dyn Error>> {
        let file = temporary_file("usage", b"{}")?;
        let file = file.to_string_lossy().into_owned();
        let missing = std::env::temp_dir().join("check-response-no-such-file.json");
        let cases: [&[&str]; 7] = [
            &[],
            &["get_district_case", "200"],
            &["get_district_case", "200", &file, "extra"],
            &["no_such_operation", "200", &file],
            &["get_district_case", "two hundred", &file],
            &["get_district_case", "418", &file],
            &["get_district_case", "200", &missing.to_string_lossy()],
        ];
        for arguments in cases {
            let (outcome, out, err) = check(arguments);
            assert_eq!(outcome, Outcome::Usage, "{arguments:?}: {err}");
            assert_eq!(outcome.code(), 2);
            assert!(
                out.is_empty() && err.contains("usage: check-response"),
                "{arguments:?}: {err}"
            );
        }
        std::fs::remove_file(&file)?;
        Ok(())
    }
}
