//! Project automation, run as `cargo xtask <command>` (see `.cargo/config.toml`).
//!
//! `generate` regenerates the Lex Machina client from the API document; with `--check` it changes nothing
//! and fails when the committed client is stale. `test` runs every test, contract tests against Prism
//! included. Kept dependency-light: it is built on every run.

mod check_outputs;
mod flags;
mod generate;
mod pin;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let command = match flags::parse(&arguments) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", flags::USAGE);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        flags::Command::Help => {
            println!("{}", flags::USAGE);
            Ok(())
        }
        flags::Command::Generate(options) => generate::run(&options),
        flags::Command::CheckOutputs => check_outputs::run(),
        flags::Command::Test(options) => test::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
