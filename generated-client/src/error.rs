//! The one error type of the client. Each variant says what happened and what to try; none carries a
//! secret (transport errors drop their URL, which may hold query credentials).

use std::fmt;

use reqwest::StatusCode;

use crate::generated::ErrorBody;
use crate::runtime::Mismatch;

/// How many bytes of a body a decode error quotes.
const EXCERPT_LIMIT: usize = 300;

/// Everything that can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request never got a response: DNS, connection, TLS or an interrupted body.
    #[error("`{operation}`: could not reach the Lex Machina API: {source}; check the network and the base URL")]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// The underlying error, without its URL.
        source: reqwest::Error,
    },
    /// The request or its connection took longer than the configured timeout.
    #[error("`{operation}`: timed out waiting for the Lex Machina API; retry, or raise the client's timeout")]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The underlying error, without its URL.
        source: reqwest::Error,
    },
    /// The server answered with a status the operation does not treat as success.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A success response whose body does not match the type the API document promises.
    #[error(
        "`{operation}`: the {status} response does not match the API document at `{path}`: {message} \
         (body starts: {excerpt}); the server may be newer than this client: regenerate it, or report the body"
    )]
    Decode {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The JSON path of the first mismatch (`.` is the root).
        path: String,
        /// What did not match.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The request could not be encoded (a body that cannot be serialized, a URL that cannot be built).
    #[error("`{operation}`: cannot build the request: {message}")]
    Encode {
        /// The operation id.
        operation: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The client is misconfigured.
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        let source = source.without_url();
        if source.is_timeout() { Self::Timeout { operation, source } } else { Self::Transport { operation, source } }
    }

    pub(crate) fn decode(operation: &'static str, status: u16, mismatch: Mismatch, body: &[u8]) -> Self {
        Self::Decode { operation, status, path: mismatch.path, message: mismatch.message, excerpt: excerpt(body) }
    }

    pub(crate) fn encode(operation: &'static str, message: String) -> Self {
        Self::Encode { operation, message }
    }

    pub(crate) fn config(message: String) -> Self {
        Self::Config { message }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status.as_u16()),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// An error status from the server, with its body: typed where the document has a schema for it.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The decoded body.
    pub body: ErrorBody,
    /// The body as text, exactly as received (lossily decoded if it was not UTF-8).
    pub raw_body: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "`{}`: the Lex Machina API answered {}", self.operation, self.status)?;
        if !self.raw_body.trim().is_empty() {
            write!(formatter, ": {}", excerpt(self.raw_body.as_bytes()))?;
        }
        match hint(self.status) {
            Some(hint) => write!(formatter, "; {hint}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

fn hint(status: StatusCode) -> Option<&'static str> {
    Some(match status.as_u16() {
        400 | 422 => "the server rejected the request's parameters or body: check them against the message",
        401 => "the token is missing, invalid or expired: check the credentials",
        403 => "the credentials do not allow this request",
        404 => "nothing has that id, or the path is wrong",
        429 => "too many requests: slow down and retry later",
        500..=599 => "the server had a problem: retry later",
        _ => return None,
    })
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.len() <= EXCERPT_LIMIT {
        return text.to_owned();
    }
    let mut end = EXCERPT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
