//! Searches attorneys by name and pages through the results.
//!
//! ```text
//! LEXMACHINA_TOKEN=… cargo run --example search -- "Smith" [PAGES]
//! ```
//!
//! Credentials come from `LEXMACHINA_CLIENT_ID` and `LEXMACHINA_CLIENT_SECRET`, or `LEXMACHINA_TOKEN`; the
//! server from `LEXMACHINA_BASE_URL` (default `https://api.lexmachina.com`). At most PAGES pages are read
//! (default 3).

use std::process::ExitCode;

use lexmachina::ClientBuilder;

const PAGE_SIZE: i64 = 5;

#[tokio::main]
async fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1);
    let query = arguments.next().unwrap_or_else(|| "Smith".to_owned());
    let Ok(pages) = arguments.next().map_or(Ok(3), |pages| pages.parse::<i64>()) else {
        eprintln!("usage: search [QUERY] [PAGES]");
        return ExitCode::from(2);
    };
    match run(&query, pages.max(1)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(query: &str, pages: i64) -> Result<(), lexmachina::Error> {
    let client = ClientBuilder::from_env()?.build()?;
    for page_number in 1..=pages {
        let page = client
            .search_attorneys(query)
            .page_number(page_number)
            .page_size(PAGE_SIZE)
            .await?;
        println!(
            "page {} of the {} attorneys matching {query:?}:",
            page.page, page.total_count
        );
        for attorney in &page.attorneys {
            println!(
                "  {} (id {}) {}",
                attorney.name, attorney.attorney_id, attorney.url
            );
        }
        if page.next_page.is_none() || page.attorneys.is_empty() {
            break;
        }
    }
    Ok(())
}
