//! The `check-response` example as a process: exit codes and streams. Its logic is unit-tested inside the
//! example (on every kind of bad input); this checks the wiring once per exit code, through `cargo run`.

mod support;

use std::error::Error;
use std::process::{Command, Output};

use support::{CURRENT_VERSION, read_document, response_examples};

fn check_response(arguments: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO"))
        .args([
            "run",
            "-q",
            "-p",
            "lexmachina",
            "--example",
            "check-response",
            "--",
        ])
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
}

#[test]
fn exit_codes_and_streams() -> Result<(), Box<dyn Error>> {
    let document = read_document(CURRENT_VERSION)?;
    let example = response_examples(&document)
        .into_iter()
        .find(|example| example.operation_id == "get_district_case" && example.status == "200")
        .ok_or("no get_district_case 200 example")?;
    let directory =
        std::env::temp_dir().join(format!("check-response-process-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    let valid = directory.join("valid.json");
    std::fs::write(&valid, serde_json::to_vec(&example.value)?)?;
    let mut broken = example.value.clone();
    *broken.pointer_mut("/dates/filed").ok_or("no dates.filed")? = serde_json::json!("yesterday");
    let invalid = directory.join("invalid.json");
    std::fs::write(&invalid, serde_json::to_vec(&broken)?)?;
    let (valid, invalid) = (
        valid.to_string_lossy().into_owned(),
        invalid.to_string_lossy().into_owned(),
    );

    let matches = check_response(&["get_district_case", "200", &valid])?;
    assert_eq!(
        matches.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&matches.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&matches.stdout)?;
    assert_eq!(printed.get("title"), example.value.get("title"));

    let mismatch = check_response(&["get_district_case", "200", &invalid])?;
    assert_eq!(mismatch.status.code(), Some(1));
    assert!(mismatch.stdout.is_empty());
    let message = String::from_utf8_lossy(&mismatch.stderr);
    assert!(message.contains("dates.filed: "), "{message}");

    let usage = check_response(&["get_district_case", "200"])?;
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: check-response"));

    std::fs::remove_dir_all(&directory)?;
    Ok(())
}
