//! A typed async client for the [Lex Machina](https://law.lexmachina.com) litigation-analytics API.
//!
//! Every operation of the API document is a method on [`Client`] that takes the operation's required
//! parameters and returns a request builder: set optional parameters with its methods, then `.await` it.
//! Models live in [`types`], builders in [`requests`]. The code under `src/generated/` is produced by
//! `cargo xtask generate` from the vendor's OpenAPI document ([`API_VERSION`]); this file and the modules
//! beside it are the hand-written runtime it calls.
//!
//! Calls authenticate with a bearer token, or with client credentials the client exchanges for tokens
//! itself; idempotent calls are retried on transient failures ([`RetryPolicy`]); every failure is one
//! [`Error`]; each call is a `tracing` span that names the operation, never the URL or a credential.
//!
//! ```no_run
//! # async fn example() -> Result<(), lexmachina::Error> {
//! let client = lexmachina::Client::builder().client_credentials("client id", "client secret").build()?;
//! let judges = client.search_judges("Alsup").await?;
//! let case = client.get_district_case(2_000_120_531).await?;
//! # let _ = (judges, case);
//! # Ok(())
//! # }
//! ```

mod auth;
mod builder;
mod client;
#[doc(hidden)]
pub mod decode;
mod error;
#[rustfmt::skip]
mod generated;
mod retry;
#[doc(hidden)]
pub mod runtime;
mod secret;
mod telemetry;
mod token;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL, env};
pub use client::Client;
pub use decode::{DecodeError, Decoded, DecodedValue};
pub use error::{ApiError, AuthError, Error};
pub use generated::{
    API_VERSION, ErrorBody, OPERATION_IDS, decode_request_body, decode_response, requests, types,
};
pub use retry::RetryPolicy;
pub use runtime::ResponseFuture;
pub use token::TokenRequestStyle;
