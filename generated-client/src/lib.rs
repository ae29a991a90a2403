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
//! use std::time::Duration;
//!
//! use lexmachina::{Client, ClientBuilder, Error, RetryPolicy};
//!
//! # async fn example() -> Result<(), Error> {
//! // Client credentials, exchanged for a cached bearer token as calls need one…
//! let client = Client::builder()
//!     .client_credentials("client id", "client secret")
//!     .timeout(Duration::from_secs(30))
//!     .retry_policy(RetryPolicy::default().max_attempts(5))
//!     .build()?;
//! // …checked now rather than on the first call.
//! client.authenticate().await?;
//!
//! // Or everything from LEXMACHINA_BASE_URL, LEXMACHINA_CLIENT_ID / LEXMACHINA_CLIENT_SECRET or LEXMACHINA_TOKEN.
//! let from_env = ClientBuilder::from_env()?.build()?;
//! # let _ = from_env;
//! # Ok(())
//! # }
//! ```
//!
//! Then call the operations: `client.<operation>(required arguments).<optional setter>(value).await?`, one
//! method per operation of the document. (This example uses only the hand-written API, so that it compiles for
//! a client generated from any document; calls of the Lex Machina operations are shown in the project's README
//! and in `generated-client/examples/`.)

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
