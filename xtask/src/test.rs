//! `cargo xtask test`: the whole test suite, contract tests included. It installs Prism (`npm ci` in
//! `contract/`, pinned by the committed lockfile), starts it twice on free ports of 127.0.0.1 — once with the
//! pinned upstream document, once with `contract/token-endpoint.yaml` — waits until both answer, runs
//! `cargo test` with their URLs in the environment, runs the examples against them, and stops both by process
//! id whatever happened.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::flags::TestOptions;
use crate::pin::Pin;
use crate::project_root;

/// The variables the contract tests read (see `generated-client/tests/contract.rs`).
const API_URL_VARIABLE: &str = "LEXMACHINA_CONTRACT_URL";
const TOKEN_URL_VARIABLE: &str = "LEXMACHINA_CONTRACT_TOKEN_URL";

/// How long Prism may take to start.
const STARTUP_LIMIT: Duration = Duration::from_secs(90);

/// Where Prism's command-line entry point is, inside `contract/node_modules`.
const PRISM_CLI: &str = "node_modules/@stoplight/prism-cli/dist/index.js";

/// Every `LEXMACHINA_*` variable the client or the tests read, cleared so the caller's own cannot leak in.
const CLIENT_VARIABLES: &[&str] = &[
    "LEXMACHINA_BASE_URL",
    "LEXMACHINA_CLIENT_ID",
    "LEXMACHINA_CLIENT_SECRET",
    "LEXMACHINA_TOKEN",
    "LEXMACHINA_TOKEN_URL",
];

/// The examples, each with the credentials it runs with and its arguments.
const EXAMPLES: &[(&str, Credentials, &[&str])] = &[
    ("login", Credentials::ClientCredentials, &[]),
    ("search", Credentials::Token, &["Smith", "2"]),
    ("district_case", Credentials::Token, &["2000120531"]),
];

#[derive(Debug, Clone, Copy)]
enum Credentials {
    ClientCredentials,
    Token,
}

pub fn run(options: &TestOptions) -> Result<()> {
    let root = project_root();
    let contract = root.join("contract");
    let pin = Pin::read(&root)?;
    let document = pin.upstream_path(&root);
    if !document.is_file() {
        bail!(
            "{}: the pinned API document (version {}) is missing",
            document.display(),
            pin.version
        );
    }
    let logs = target_dir(&root).join("contract");
    std::fs::create_dir_all(&logs).with_context(|| format!("cannot create {}", logs.display()))?;

    println!("installing Prism: npm ci in {}", contract.display());
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&contract);
    run_step(
        "npm ci (Node.js and npm are needed for the contract tests)",
        &mut npm,
    )?;

    let [api_port, token_port] = free_ports()?;
    let mut api = Prism::start(&contract, &document, api_port, &logs.join("prism-api.log"))?;
    let token_document = contract.join("token-endpoint.yaml");
    let mut token = Prism::start(
        &contract,
        &token_document,
        token_port,
        &logs.join("prism-token.log"),
    )?;
    api.wait_until_ready()?;
    token.wait_until_ready()?;
    let api_url = api.url();
    let token_url = format!("{}/oauth2/token", token.url());
    println!(
        "Prism serves {} at {api_url} and the token endpoint at {token_url}",
        document.display()
    );

    let mut failures = Vec::new();
    let mut tests = cargo(&root);
    tests.arg("test");
    if options.contract_only {
        tests.args(["--package", "lexmachina", "--test", "contract"]);
    } else {
        tests.args(["--workspace", "--no-fail-fast"]);
    }
    tests
        .env(API_URL_VARIABLE, &api_url)
        .env(TOKEN_URL_VARIABLE, &token_url);
    if let Err(error) = run_step("cargo test", &mut tests) {
        failures.push(format!("{error:#}"));
    }
    for (name, credentials, arguments) in EXAMPLES {
        let mut example = cargo(&root);
        example
            .args([
                "run",
                "--quiet",
                "--package",
                "lexmachina",
                "--example",
                name,
                "--",
            ])
            .args(*arguments);
        for variable in CLIENT_VARIABLES {
            example.env_remove(variable);
        }
        example.env("LEXMACHINA_BASE_URL", &api_url);
        match credentials {
            Credentials::ClientCredentials => example
                .env("LEXMACHINA_CLIENT_ID", "xtask-contract")
                .env("LEXMACHINA_CLIENT_SECRET", "xtask-contract-secret")
                .env("LEXMACHINA_TOKEN_URL", &token_url),
            Credentials::Token => example.env("LEXMACHINA_TOKEN", "xtask-contract-token"),
        };
        println!("running example `{name}` against Prism");
        if let Err(error) = run_step(&format!("example `{name}`"), &mut example) {
            failures.push(format!("{error:#}"));
        }
    }
    drop((api, token));

    if failures.is_empty() {
        println!(
            "all tests and {} examples passed; Prism logs are in {}",
            EXAMPLES.len(),
            logs.display()
        );
        Ok(())
    } else {
        bail!(
            "{}\n(Prism logs are in {})",
            failures.join("\n"),
            logs.display()
        )
    }
}

/// A Prism mock server, stopped by process id when dropped.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start(contract: &Path, document: &Path, port: u16, log: &Path) -> Result<Self> {
        let output =
            File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let errors = output.try_clone()?;
        let child = Command::new("node")
            .arg(contract.join(PRISM_CLI))
            .args([
                "mock",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--errors",
            ])
            .arg(document)
            .current_dir(contract)
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .context("cannot start Prism with `node` (is Node.js installed?)")?;
        Ok(Self {
            child,
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            log: log.to_owned(),
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Waits until Prism answers an HTTP request, or fails with the end of its log.
    fn wait_until_ready(&mut self) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < STARTUP_LIMIT {
            if answers_http(self.address) {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "Prism exited ({status}); the end of {}:\n{}",
                    self.log.display(),
                    log_tail(&self.log)
                );
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        bail!(
            "Prism did not answer on {} within {} s; the end of {}:\n{}",
            self.address,
            STARTUP_LIMIT.as_secs(),
            self.log.display(),
            log_tail(&self.log)
        )
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether something on `address` answers a request with an HTTP status line.
fn answers_http(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut start = [0_u8; 5];
    stream.read_exact(&mut start).is_ok() && &start == b"HTTP/"
}

/// Distinct ports that were free a moment ago (the OS picks them; Prism binds them right after).
fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let mut listeners = Vec::with_capacity(N);
    let mut ports = [0; N];
    for port in &mut ports {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .context("cannot find a free port on 127.0.0.1")?;
        *port = listener.local_addr()?.port();
        listeners.push(listener);
    }
    Ok(ports)
}

fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn run_step(name: &str, command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("{name}: cannot start"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}
