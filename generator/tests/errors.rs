//! Bad input: every broken document gives an error that names the file and the JSON pointer, never a panic.
//! The messages are snapshots (`tests/snapshots/errors__*.snap`) so their wording is reviewed like code.

use std::path::{Path, PathBuf};

fn broken_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fixtures/broken");
    dir.canonicalize().unwrap_or(dir)
}

fn broken(name: &str) -> PathBuf {
    broken_dir().join(name)
}

/// The error message with the machine-specific directory removed.
fn message(path: &Path) -> String {
    match generator::generate_from_file(path) {
        Ok(_) => panic!("{} generated without error", path.display()),
        Err(error) => error
            .to_string()
            .replace(&broken_dir().display().to_string(), "spec/fixtures/broken"),
    }
}

#[test]
fn broken_documents() {
    insta::glob!("../../spec/fixtures/broken", "*.{yaml,json}", |path| {
        insta::assert_snapshot!(message(path));
    });
}

#[test]
fn unreadable_file_names_the_file() {
    let missing = broken("does-not-exist.yaml");
    let text = message(&missing);
    assert!(
        text.starts_with("spec/fixtures/broken/does-not-exist.yaml: cannot read the API document"),
        "{text}"
    );
}

#[test]
fn pointers_are_exact() {
    let dangling = message(&broken("dangling-ref.yaml"));
    assert!(
        dangling
            .contains("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
        "{dangling}"
    );
    let shape = message(&broken("wrong-shape.json"));
    assert!(
        shape.contains("#/paths/~1oauth2~1token/post/responses: invalid type"),
        "{shape}"
    );
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "null",
        "42",
        "[]",
        "{}",
        "openapi: 3.1.0",
        "{\"openapi\": \"3.1.0\", \"info\": 5}",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": 5}",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/a/{b}\": {\"get\": {\"responses\": {}}}}}",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"A\": 42}}}",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"A\": {\"$ref\": \"#/components/schemas/A\"}}}}",
        "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"A\": {\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/components/schemas/A\"}}}}}}",
    ];
    for (index, input) in inputs.iter().enumerate() {
        let path = PathBuf::from(format!("garbage-{index}.json"));
        let outcome =
            std::panic::catch_unwind(|| generator::generate_from_str(&path, input).map(|_| ()));
        assert!(outcome.is_ok(), "panicked on {input:?}");
    }
}
