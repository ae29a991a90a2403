//! `cargo xtask generate` as a user runs it: exit codes, messages, and what it leaves on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(arguments: &[&str]) -> Output {
    xtask_in(&project_root(), arguments)
}

/// Runs xtask from `dir`, so that a relative `--out` resolves there.
fn xtask_in(dir: &Path, arguments: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(arguments)
        .current_dir(dir)
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
    let fix = format!("run `cargo xtask generate --spec {spec} --out {out_text}`");
    assert!(
        message.contains("types.rs is stale") && message.contains(&fix),
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

fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        assert!(
            std::fs::create_dir_all(parent).is_ok(),
            "{}",
            parent.display()
        );
    }
    assert!(std::fs::write(path, contents).is_ok(), "{}", path.display());
}

#[test]
fn an_empty_out_is_refused() {
    // Run from a scratch directory: before the fix, `--out ""` wrote Cargo.toml and src/ into the current one.
    let cwd = scratch("empty-out");
    let output = xtask_in(
        &cwd,
        &["generate", "--spec", &fixture("token.yaml"), "--out", ""],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("`--out` is empty"), "{message}");
    assert!(snapshot_tree(&cwd).is_empty(), "files were written");
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn directories_that_are_not_generated_clients_are_never_overwritten() {
    let spec = fixture("token.yaml");
    let base = scratch("not-a-client");

    // A crate of someone else's, like `--out generator` or `--out .`.
    let project = base.join("project");
    write(&project.join("Cargo.toml"), "[package]\nname = \"mine\"\n");
    write(&project.join("src/lib.rs"), "pub fn mine() {}\n");
    // A crate with a src/generated/mod.rs of its own, not written by this tool.
    let lookalike = base.join("lookalike");
    write(
        &lookalike.join("Cargo.toml"),
        "[package]\nname = \"other\"\n",
    );
    write(
        &lookalike.join("src/generated/mod.rs"),
        "// generated by hand\npub mod types;\n",
    );
    // A file where a directory should be.
    let file = base.join("a-file");
    write(&file, "not a directory\n");

    for (target, why) in [
        (&project, "has no src/generated/mod.rs"),
        (&lookalike, "does not start with"),
        (&file, "not a directory"),
    ] {
        let before = snapshot_tree(&base);
        let target_text = target.display().to_string();
        for check in [false, true] {
            let mut arguments = vec!["generate", "--spec", &spec, "--out", &target_text];
            if check {
                arguments.push("--check");
            }
            let output = xtask(&arguments);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{target_text}: {message}");
            assert!(
                message.contains(&format!("{target_text}: refusing to write"))
                    && message.contains(why),
                "{target_text}: {message}"
            );
            assert_eq!(snapshot_tree(&base), before, "{target_text}: files changed");
        }
    }

    // The same from inside the crate, with a relative `--out`, as `--out generator` was run.
    let before = snapshot_tree(&project);
    let output = xtask_in(&base, &["generate", "--spec", &spec, "--out", "project"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(snapshot_tree(&project), before, "files changed");
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn new_empty_and_generated_directories_are_written() {
    let spec = fixture("token.yaml");
    let base = scratch("targets");
    let new = base.join("does/not/exist/yet");
    let empty = base.join("empty");
    assert!(std::fs::create_dir_all(&empty).is_ok());
    for target in [&new, &empty] {
        let target_text = target.display().to_string();
        let output = xtask(&["generate", "--spec", &spec, "--out", &target_text]);
        assert!(
            output.status.success(),
            "{target_text}: {}",
            stderr(&output)
        );
        assert!(target.join("Cargo.toml").is_file(), "{target_text}");
        // A client this tool generated may be regenerated, also after it was built (target/, Cargo.lock).
        write(&target.join("Cargo.lock"), "# lockfile\n");
        let again = xtask(&["generate", "--spec", &spec, "--out", &target_text]);
        assert!(again.status.success(), "{target_text}: {}", stderr(&again));
    }
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn check_says_which_generated_files_should_not_exist() {
    let out = scratch("leftover");
    let out_text = out.display().to_string();
    let spec = fixture("token.yaml");
    let first = xtask(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(first.status.success(), "{}", stderr(&first));
    let extra = out.join("src/generated/removed.rs");
    write(&extra, "// left over from an older document\n");

    let check = xtask(&["generate", "--spec", &spec, "--out", &out_text, "--check"]);
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{message}");
    assert!(
        message.contains("removed.rs should not exist") && !message.contains("is stale"),
        "{message}"
    );
    assert!(extra.is_file(), "--check must not remove files");

    let again = xtask(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!extra.exists(), "generation removes leftovers");
    let _ = std::fs::remove_dir_all(&out);
}
