//! `cargo xtask generate` as a user runs it: exit codes, messages, and what it leaves on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(arguments: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(arguments)
        .current_dir(project_root())
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run xtask: {error}"),
    }
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

fn fixture(name: &str) -> String {
    project_root()
        .join("spec/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn broken_documents_fail_cleanly_and_touch_nothing() {
    let out = scratch("broken");
    let out_text = out.display().to_string();
    let first = xtask(&[
        "generate",
        "--spec",
        &fixture("token.yaml"),
        "--out",
        &out_text,
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot_tree(&out);
    for (name, expected) in [
        (
            "broken/dangling-ref.yaml",
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/items",
        ),
        ("broken/invalid-syntax.json", "invalid JSON"),
        (
            "broken/unsupported-keyword.yaml",
            "unsupported keyword `prefixItems`",
        ),
        ("broken/does-not-exist.yaml", "cannot read the API document"),
    ] {
        let output = xtask(&["generate", "--spec", &fixture(name), "--out", &out_text]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(
            message.contains(name) && message.contains(expected),
            "{name}: {message}"
        );
        assert!(!message.contains("panicked"), "{name}: {message}");
    }
    assert_eq!(
        snapshot_tree(&out),
        before,
        "a failed generation changed files"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn check_names_stale_files_and_the_fix() {
    let out = scratch("stale");
    let out_text = out.display().to_string();
    let spec = fixture("token.yaml");
    let first = xtask(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(first.status.success(), "{}", stderr(&first));
    let fresh = xtask(&["generate", "--spec", &spec, "--out", &out_text, "--check"]);
    assert!(fresh.status.success(), "{}", stderr(&fresh));

    let types = out.join("src/generated/types.rs");
    let edited = std::fs::read_to_string(&types).unwrap_or_default() + "\n// edited by hand\n";
    assert!(std::fs::write(&types, &edited).is_ok());
    let stale = xtask(&["generate", "--spec", &spec, "--out", &out_text, "--check"]);
    let message = stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{message}");
    assert!(
        message.contains("types.rs is stale") && message.contains("run `cargo xtask generate`"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&types).unwrap_or_default(),
        edited,
        "--check must not write"
    );

    let again = xtask(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("1 file(s) changed"));
    let unchanged = xtask(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(
        String::from_utf8_lossy(&unchanged.stdout).contains("0 file(s) changed"),
        "files are rewritten only when they change"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn usage_errors_exit_with_2() {
    for arguments in [
        &["generate", "--bogus"][..],
        &["frobnicate"][..],
        &["generate", "--spec"][..],
    ] {
        let output = xtask(arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(
            stderr(&output).contains("usage: cargo xtask generate"),
            "{arguments:?}"
        );
    }
}
