//! The command line of `cargo xtask`.

use std::path::PathBuf;

/// Printed for `help` and after a usage error.
pub const USAGE: &str = "\
usage: cargo xtask generate [--spec PATH] [--out DIR] [--check]
       cargo xtask check-outputs
       cargo xtask test [--contract-only]

  --spec PATH  the API document (JSON or YAML); default: spec/openapi.json if present,
               else the pinned upstream version in ../shared/lexmachina/ (see spec/upstream.pin)
  --out DIR    the client crate to write; default: generated-client. Any other directory gets a
               complete, standalone crate (manifest, runtime and generated code); it must not exist
               yet, be empty, or hold a client generated before, else nothing is written
  --check      write nothing; fail and name each stale file when the client is out of date

check-outputs generates a standalone client from every upstream document in ../shared/lexmachina/
and every fixture in spec/fixtures/, under target/outputs/, and lints each with clippy -D warnings

test runs every test: it installs Prism (npm ci in contract/), serves the pinned document and the
token endpoint with it on 127.0.0.1, runs cargo test --workspace and the examples against it, and
stops it. --contract-only runs just the contract tests and the examples";

/// A parsed command.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Print usage.
    Help,
    /// Regenerate (or check) the client.
    Generate(GenerateOptions),
    /// Generate and lint clients for every upstream version and fixture.
    CheckOutputs,
    /// Run the tests, contract tests against Prism included.
    Test(TestOptions),
}

/// Options of `test`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TestOptions {
    /// `--contract-only`.
    pub contract_only: bool,
}

/// Options of `generate`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GenerateOptions {
    /// `--spec`.
    pub spec: Option<PathBuf>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--check`.
    pub check: bool,
}

/// Parses the arguments after `cargo xtask`.
pub fn parse(arguments: &[String]) -> Result<Command, String> {
    let mut arguments = arguments.iter();
    match arguments.next().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("check-outputs") => match arguments.next() {
            None => Ok(Command::CheckOutputs),
            Some(other) => Err(format!("unknown argument `{other}`")),
        },
        Some("test") => {
            let mut options = TestOptions::default();
            for argument in arguments {
                match argument.as_str() {
                    "--contract-only" => options.contract_only = true,
                    other => return Err(format!("unknown argument `{other}`")),
                }
            }
            Ok(Command::Test(options))
        }
        Some("generate") => {
            let mut options = GenerateOptions::default();
            while let Some(argument) = arguments.next() {
                let mut value = |flag: &str| {
                    arguments
                        .next()
                        .map(PathBuf::from)
                        .ok_or_else(|| format!("`{flag}` needs a value"))
                };
                match argument.as_str() {
                    "--spec" => options.spec = Some(value("--spec")?),
                    "--out" => options.out = Some(value("--out")?),
                    "--check" => options.check = true,
                    other => return Err(format!("unknown argument `{other}`")),
                }
            }
            Ok(Command::Generate(options))
        }
        Some(other) => Err(format!("unknown command `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(arguments: &[&str]) -> Vec<String> {
        arguments
            .iter()
            .map(|argument| (*argument).to_owned())
            .collect()
    }

    #[test]
    fn parses_generate_flags() {
        let command = parse(&strings(&[
            "generate", "--spec", "a.yaml", "--out", "dir", "--check",
        ]));
        assert_eq!(
            command,
            Ok(Command::Generate(GenerateOptions {
                spec: Some("a.yaml".into()),
                out: Some("dir".into()),
                check: true
            }))
        );
    }

    #[test]
    fn rejects_unknown_and_incomplete_flags() {
        assert_eq!(
            parse(&strings(&["generate", "--force"])),
            Err("unknown argument `--force`".to_owned())
        );
        assert_eq!(
            parse(&strings(&["generate", "--spec"])),
            Err("`--spec` needs a value".to_owned())
        );
        assert_eq!(
            parse(&strings(&["build"])),
            Err("unknown command `build`".to_owned())
        );
    }

    #[test]
    fn parses_test_flags() {
        assert_eq!(
            parse(&strings(&["test"])),
            Ok(Command::Test(TestOptions::default()))
        );
        assert_eq!(
            parse(&strings(&["test", "--contract-only"])),
            Ok(Command::Test(TestOptions {
                contract_only: true
            }))
        );
        assert_eq!(
            parse(&strings(&["test", "--fast"])),
            Err("unknown argument `--fast`".to_owned())
        );
    }
}
