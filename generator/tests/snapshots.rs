//! Snapshot tests: each fixture document under `spec/fixtures/` (one concern each) generates the code
//! recorded in `tests/snapshots/`. Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::fmt::Write as _;
use std::path::Path;

fn render(path: &Path) -> String {
    let generated = match generator::generate_from_file(path) {
        Ok(generated) => generated,
        Err(error) => panic!("{error}"),
    };
    let mut text = String::new();
    for warning in &generated.warnings {
        let _ = writeln!(text, "// warning: {warning}");
    }
    for file in &generated.files {
        let _ = writeln!(text, "// ==== src/{} ====\n{}", file.path, file.contents);
    }
    text
}

#[test]
fn generated_code() {
    insta::glob!("../../spec/fixtures", "*.{yaml,json}", |path| {
        insta::assert_snapshot!(render(path));
    });
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("../../spec/fixtures", "*.{yaml,json}", |path| {
        assert_eq!(render(path), render(path), "{}", path.display());
    });
}

/// The same document in YAML and in JSON generates the same bytes.
#[test]
fn yaml_and_json_agree() -> Result<(), Box<dyn std::error::Error>> {
    let yaml_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures/token.yaml");
    let yaml = std::fs::read_to_string(&yaml_path)?;
    let value: serde_json::Value = serde_yaml::from_str(&yaml)?;
    let json = serde_json::to_string_pretty(&value)?;
    let from_yaml = generator::generate_from_str(&yaml_path, &yaml)?;
    let from_json = generator::generate_from_str(Path::new("token.json"), &json)?;
    assert_eq!(from_yaml.files, from_json.files);
    Ok(())
}
