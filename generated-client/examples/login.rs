//! Logs in with an application's client credentials, then makes one authenticated call.
//!
//! ```text
//! LEXMACHINA_CLIENT_ID=… LEXMACHINA_CLIENT_SECRET=… cargo run --example login
//! ```
//!
//! `LEXMACHINA_BASE_URL` points it elsewhere than `https://api.lexmachina.com` (a proxy, a mock server), and
//! `LEXMACHINA_TOKEN_URL` at a token endpoint other than `/oauth2/token` below it.

use std::process::ExitCode;

use lexmachina::{ClientBuilder, env};

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::var_os(env::CLIENT_ID).is_none() || std::env::var_os(env::CLIENT_SECRET).is_none()
    {
        eprintln!(
            "error: set {} and {} to an application's client credentials",
            env::CLIENT_ID,
            env::CLIENT_SECRET
        );
        return ExitCode::from(2);
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), lexmachina::Error> {
    let client = ClientBuilder::from_env()?.build()?;
    client.authenticate().await?;
    println!("logged in to {}", client.base_url());

    let health = client.get_health().await?;
    println!(
        "legal data available: {}, search available: {}, account data available: {}",
        health.legal_data_is_available,
        health.search_data_is_available,
        health.user_account_data_is_available
    );
    Ok(())
}
