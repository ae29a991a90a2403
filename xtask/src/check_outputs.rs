//! `cargo xtask check-outputs`: every document the generator should handle produces a client that compiles
//! cleanly. Each upstream version in `../shared/lexmachina/` and each fixture in `spec/fixtures/` is generated
//! as a standalone crate under `target/outputs/` and linted with `cargo clippy -- -D warnings`, sharing the
//! workspace's target directory and lockfile (as a seed: the standalone crate prunes it) so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::flags::GenerateOptions;
use crate::{generate, project_root};

pub fn run() -> Result<()> {
    let root = project_root();
    let documents = documents(&root)?;
    let outputs = root.join("target").join("outputs");
    let mut failures = Vec::new();
    for (name, document) in &documents {
        let out = outputs.join(name);
        let options = GenerateOptions {
            spec: Some(document.clone()),
            out: Some(out.clone()),
            check: false,
        };
        if let Err(error) = generate::run(&options) {
            eprintln!("error: {name}: {error:#}");
            failures.push(name.clone());
            continue;
        }
        std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
            .context("cannot copy Cargo.lock")?;
        if !clippy(&root, &out)? {
            failures.push(name.clone());
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} outputs failed: {}",
            failures.len(),
            documents.len(),
            failures.join(", ")
        );
    }
    println!(
        "all {} outputs generate and pass clippy -D warnings",
        documents.len()
    );
    Ok(())
}

/// `(output name, document)` for every upstream version and every (non-broken) fixture, sorted.
fn documents(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut documents = Vec::new();
    let upstream = root.join("..").join("shared").join("lexmachina");
    for path in sorted_files(&upstream)? {
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        if let Some(version) = stem.strip_prefix("openapi-") {
            documents.push((format!("lexmachina-{version}"), path.clone()));
        }
    }
    if documents.is_empty() {
        bail!("no upstream documents in {}", upstream.display());
    }
    for path in sorted_files(&root.join("spec").join("fixtures"))? {
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if name.ends_with(".yaml") || name.ends_with(".json") {
            documents.push((format!("fixture-{}", name.replace('.', "-")), path.clone()));
        }
    }
    Ok(documents)
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn clippy(root: &Path, crate_dir: &Path) -> Result<bool> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["clippy", "--quiet", "--all-targets", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .context("cannot run cargo clippy")?;
    Ok(status.success())
}
