//! A typed async client for the [Lex Machina](https://law.lexmachina.com) litigation-analytics API.
//!
//! Every operation of the API document is a method on [`Client`] that takes the operation's required
//! parameters and returns a request builder: set optional parameters with its methods, then `.await` it.
//! Models live in [`types`], builders in [`requests`]. The code under `src/generated/` is produced by
//! `cargo xtask generate` from the vendor's OpenAPI document ([`API_VERSION`]); this file and the modules
//! beside it are the hand-written runtime it calls.
//!
//! ```no_run
//! # async fn example() -> Result<(), lexmachina::Error> {
//! let client = lexmachina::Client::builder().bearer_token("…").build()?;
//! let judges = client.search_judges("Alsup").await?;
//! let case = client.get_district_case(2_000_120_531).await?;
//! # let _ = (judges, case);
//! # Ok(())
//! # }
//! ```

mod client;
mod error;
mod generated;
#[doc(hidden)]
pub mod runtime;
mod secret;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, Error};
pub use generated::{API_VERSION, ErrorBody, requests, types};
pub use runtime::ResponseFuture;
