//! `cargo xtask generate`: picks the document, runs the generator, and writes (or checks) the client crate.
//! Nothing is written unless generation succeeded, and a file is rewritten only when its content changed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::flags::GenerateOptions;
use crate::pin::{self, Pin};
use crate::project_root;

/// The client crate inside the project.
const CLIENT_DIR: &str = "generated-client";

/// The command users run to regenerate, quoted in staleness messages.
const REGENERATE: &str = "cargo xtask generate";

pub fn run(options: &GenerateOptions) -> Result<()> {
    let root = project_root();
    let spec = choose_spec(&root, options)?;
    let bytes = std::fs::read(&spec.path)
        .with_context(|| format!("{}: cannot read the API document", spec.path.display()))?;
    if let Some(pin) = &spec.pin {
        let actual = pin::sha256_hex(&bytes);
        if actual != pin.sha256 {
            eprintln!(
                "notice: {} has sha256 {actual}, not the {} pinned for version {} in spec/upstream.pin; generating anyway",
                spec.path.display(),
                pin.sha256,
                pin.version
            );
        }
    }
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: the document is not UTF-8", spec.path.display()))?;
    let generated = generator::generate_from_str(&spec.path, &text)?;
    for warning in &generated.warnings {
        eprintln!("warning: {}: {warning}", spec.path.display());
    }

    let out = options.out.clone().unwrap_or_else(|| root.join(CLIENT_DIR));
    let mut files: Vec<(PathBuf, String)> = generated
        .files
        .iter()
        .map(|file| (out.join("src").join(file.path), file.contents.clone()))
        .collect();
    let standalone = !same_directory(&out, &root.join(CLIENT_DIR));
    if standalone {
        files.extend(runtime_files(&root.join(CLIENT_DIR), &out)?);
    }

    if options.check {
        let stale = stale_files(&files, &out.join("src").join("generated"))?;
        if !stale.is_empty() {
            for file in &stale {
                eprintln!("{} is stale", display_relative(file, &root));
            }
            bail!("the generated client is out of date; run `{REGENERATE}` and commit the result");
        }
        println!(
            "{} is up to date with {} (API version {})",
            display_relative(&out, &root),
            spec.path.display(),
            generated.api_version
        );
        return Ok(());
    }

    let mut written = 0;
    for (path, contents) in &files {
        if write_if_changed(path, contents)? {
            written += 1;
        }
    }
    written += remove_leftovers(&files, &out.join("src").join("generated"))?;
    println!(
        "generated {} operations and {} types from {} (API version {}) into {}: {written} file(s) changed",
        generated.operation_count,
        generated.type_count,
        spec.path.display(),
        generated.api_version,
        display_relative(&out, &root),
    );
    Ok(())
}

struct ChosenSpec {
    path: PathBuf,
    /// The pin to compare against, when the document was chosen by default.
    pin: Option<Pin>,
}

/// `--spec`, else a document the user put at `spec/openapi.{json,yaml,yml}`, else the pinned upstream one.
fn choose_spec(root: &Path, options: &GenerateOptions) -> Result<ChosenSpec> {
    if let Some(path) = &options.spec {
        return Ok(ChosenSpec {
            path: path.clone(),
            pin: None,
        });
    }
    let pin = Pin::read(root)?;
    for name in ["openapi.json", "openapi.yaml", "openapi.yml"] {
        let local = root.join("spec").join(name);
        if local.is_file() {
            return Ok(ChosenSpec {
                path: local,
                pin: Some(pin),
            });
        }
    }
    let upstream = pin.upstream_path(root);
    if !upstream.is_file() {
        bail!(
            "{}: the pinned API document (version {}) is missing; put a document at spec/openapi.json or pass --spec PATH",
            upstream.display(),
            pin.version
        );
    }
    Ok(ChosenSpec {
        path: upstream,
        pin: Some(pin),
    })
}

/// The hand-written parts of the client crate, for a standalone copy: its manifest (made its own
/// workspace, without the bench, example and test targets, which are not copied) and every source file
/// outside `src/generated/`.
fn runtime_files(client: &Path, out: &Path) -> Result<Vec<(PathBuf, String)>> {
    let manifest_path = client.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest = format!(
        "{}\n# A standalone copy, outside the project's workspace.\n[workspace]\n",
        without_target_tables(&manifest)
    );
    let mut files = vec![(out.join("Cargo.toml"), manifest)];
    let source = client.join("src");
    for entry in
        std::fs::read_dir(&source).with_context(|| format!("cannot list {}", source.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "rs") && path.is_file() {
            let contents = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let Some(name) = path.file_name() else {
                continue;
            };
            files.push((out.join("src").join(name), contents));
        }
    }
    files.sort();
    Ok(files)
}

/// The manifest without `[[bench]]`, `[[example]]` and `[[test]]` tables.
fn without_target_tables(manifest: &str) -> String {
    let mut kept = String::with_capacity(manifest.len());
    let mut skipping = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            skipping = ["[[bench]]", "[[example]]", "[[test]]"]
                .iter()
                .any(|table| trimmed.starts_with(table));
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

/// Files whose content on disk differs from what generation produced, plus generated files that should not
/// exist any more.
fn stale_files(files: &[(PathBuf, String)], generated_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        let current = std::fs::read_to_string(path)
            .ok()
            .map(|text| text.replace("\r\n", "\n"));
        if current.as_deref() != Some(contents.as_str()) {
            stale.push(path.clone());
        }
    }
    stale.extend(leftovers(files, generated_dir)?);
    Ok(stale)
}

fn leftovers(files: &[(PathBuf, String)], generated_dir: &Path) -> Result<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(generated_dir) else {
        return Ok(Vec::new());
    };
    let mut extra = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.is_file() && !files.iter().any(|(expected, _)| expected == &path) {
            extra.push(path);
        }
    }
    extra.sort();
    Ok(extra)
}

fn remove_leftovers(files: &[(PathBuf, String)], generated_dir: &Path) -> Result<usize> {
    let extra = leftovers(files, generated_dir)?;
    for path in &extra {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    Ok(extra.len())
}

/// Writes through a temporary file and a rename, so a failure never leaves a half-written file.
fn write_if_changed(path: &Path, contents: &str) -> Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let temporary = path.with_extension("rs.tmp");
    std::fs::write(&temporary, contents)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(true)
}

fn same_directory(left: &Path, right: &Path) -> bool {
    match (left.canonicalize(), right.canonicalize()) {
        (Ok(left), Ok(right)) => left == right,
        _ => left == right,
    }
}

fn display_relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_manifests_drop_target_tables() {
        let manifest = "[package]\nname = \"x\"\n\n[[bench]]\nname = \"decode\"\nharness = false\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(
            without_target_tables(manifest),
            "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n"
        );
    }

    /// The committed client matches what the pinned document generates (rust-analyzer's `codegen` test).
    #[test]
    fn generated_client_is_fresh() {
        let options = GenerateOptions {
            check: true,
            ..GenerateOptions::default()
        };
        if let Err(error) = run(&options) {
            panic!("{error:#}");
        }
    }
}
