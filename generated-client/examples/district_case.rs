//! Fetches a federal district court case by its Lex Machina id, with its docket.
//!
//! ```text
//! LEXMACHINA_TOKEN=… cargo run --example district_case -- 2000120531
//! ```
//!
//! Credentials come from `LEXMACHINA_CLIENT_ID` and `LEXMACHINA_CLIENT_SECRET`, or `LEXMACHINA_TOKEN`; the
//! server from `LEXMACHINA_BASE_URL` (default `https://api.lexmachina.com`).

use std::process::ExitCode;

use lexmachina::ClientBuilder;

const DEFAULT_CASE: i64 = 2_000_120_531;

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(case_id) = std::env::args()
        .nth(1)
        .map_or(Ok(DEFAULT_CASE), |id| id.parse::<i64>())
    else {
        eprintln!("usage: district_case [DISTRICT_CASE_ID]");
        return ExitCode::from(2);
    };
    match run(case_id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(case_id: i64) -> Result<(), lexmachina::Error> {
    let client = ClientBuilder::from_env()?.build()?;
    let case = client
        .get_district_case(case_id)
        .docket_retrieval("all")
        .await?;
    println!("{} ({}, {})", case.title, case.case_no, case.court);
    println!(
        "status: {}, filed {}",
        case.status.as_str(),
        case.dates.filed
    );
    println!("case types: {}", case.case_type.join(", "));
    println!(
        "{} judge(s), {} law firm(s), {} event(s)",
        case.judges.len(),
        case.law_firms.len(),
        case.events.len()
    );
    Ok(())
}
