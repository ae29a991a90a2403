//! The one error type of the client. Each variant says what happened and what to try; none carries a
//! secret (transport errors drop their URL, which may hold query credentials, and error bodies have any token
//! or client secret they echo replaced by `<redacted>`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use crate::generated::ErrorBody;
use crate::runtime::Mismatch;

/// How many bytes of a body a decode error quotes.
const EXCERPT_LIMIT: usize = 300;

/// Everything that can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request never got a response: DNS, connection, TLS or an interrupted body. What failed is its
    /// [`source`](std::error::Error::source) (Display does not repeat it, so an error report shows it once).
    #[error(
        "`{operation}`: could not reach the Lex Machina API; check the network, the base URL and any proxy"
    )]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// The underlying error, without its URL.
        source: reqwest::Error,
    },
    /// The request or its connection took longer than the configured timeout. The underlying error is its
    /// [`source`](std::error::Error::source).
    #[error(
        "`{operation}`: timed out waiting for the Lex Machina API; retry, or raise the client's timeout"
    )]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The underlying error, without its URL.
        source: reqwest::Error,
    },
    /// The server answered with a status the operation does not treat as success.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No bearer token could be had from the token endpoint, so the call was not sent.
    #[error(transparent)]
    Auth(Box<AuthError>),
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
        if source.is_timeout() {
            Self::Timeout { operation, source }
        } else {
            Self::Transport { operation, source }
        }
    }

    pub(crate) fn decode(
        operation: &'static str,
        status: u16,
        mismatch: Mismatch,
        body: &[u8],
    ) -> Self {
        Self::Decode {
            operation,
            status,
            path: mismatch.path,
            message: mismatch.message,
            excerpt: excerpt(body),
        }
    }

    pub(crate) fn encode(operation: &'static str, message: String) -> Self {
        Self::Encode { operation, message }
    }

    pub(crate) fn config(message: String) -> Self {
        Self::Config { message }
    }

    pub(crate) fn auth(error: AuthError) -> Self {
        Self::Auth(Box::new(error))
    }

    /// The HTTP status of the operation's response, when the server answered it. (For a failed token request,
    /// see [`AuthError::status`].)
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status.as_u16()),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The id of the operation that failed, when one was being called.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::Transport { operation, .. }
            | Self::Timeout { operation, .. }
            | Self::Decode { operation, .. }
            | Self::Encode { operation, .. } => Some(operation),
            Self::Api(error) => Some(error.operation),
            Self::Auth(_) | Self::Config { .. } => None,
        }
    }
}

/// An error status from the server, with its body: typed where the document has a schema for it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The decoded body.
    pub body: ErrorBody,
    /// The body as text, exactly as received (lossily decoded if it was not UTF-8), except that any token or
    /// client secret in it is replaced by `<redacted>`.
    pub raw_body: String,
    /// How long the server asked to wait before trying again (`Retry-After`), if it did.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "`{}`: the Lex Machina API answered {}",
            self.operation, self.status
        )?;
        if !self.raw_body.trim().is_empty() {
            write!(formatter, ": {}", excerpt(self.raw_body.as_bytes()))?;
        }
        if let Some(hint) = hint(self.status) {
            write!(formatter, "; {hint}")?;
        }
        match self.retry_after {
            Some(wait) => write!(formatter, " (the server asks to wait {} s)", wait.as_secs()),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// Why no bearer token could be had from the token endpoint. Cloned to every call that was waiting for the
/// same token request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint answered with an error status, typically 400 or 401 for wrong credentials.
    Rejected {
        /// The token endpoint's status.
        status: StatusCode,
        /// Its body (any client secret in it replaced by `<redacted>`).
        body: String,
    },
    /// The token endpoint could not be reached, or did not answer in time. What failed is its
    /// [`source`](std::error::Error::source), which Display does not repeat.
    Unreachable {
        /// The underlying error, without its URL.
        source: Arc<reqwest::Error>,
    },
    /// The token endpoint answered success, but not with a usable bearer token.
    InvalidResponse {
        /// The token endpoint's status.
        status: StatusCode,
        /// What is wrong with the response (never the token itself).
        message: String,
    },
}

impl AuthError {
    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Rejected { status, .. } | Self::InvalidResponse { status, .. } => {
                Some(status.as_u16())
            }
            Self::Unreachable { .. } => None,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected { status, body } => {
                write!(
                    formatter,
                    "the Lex Machina token endpoint refused the client credentials with {status}"
                )?;
                if !body.trim().is_empty() {
                    write!(formatter, ": {}", excerpt(body.as_bytes()))?;
                }
                let hint = if status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS {
                    "the token endpoint had a problem: retry later"
                } else {
                    "check the client id and secret (https://law.lexmachina.com/api-settings), and whether the \
                     endpoint expects them as form fields or as HTTP Basic credentials (`TokenRequestStyle`)"
                };
                write!(formatter, "; {hint}")
            }
            Self::Unreachable { source } if source.is_timeout() => formatter.write_str(
                "timed out waiting for the Lex Machina token endpoint; retry, raise the client's timeout, or \
                 check the token URL",
            ),
            Self::Unreachable { .. } => formatter.write_str(
                "could not reach the Lex Machina token endpoint; check the network, the base URL, the token URL \
                 and any proxy",
            ),
            Self::InvalidResponse { status, message } => write!(
                formatter,
                "the Lex Machina token endpoint answered {status} without a usable bearer token: {message}; check \
                 the token URL points at the OAuth2 token endpoint"
            ),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreachable { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}

fn hint(status: StatusCode) -> Option<&'static str> {
    Some(match status.as_u16() {
        400 | 422 => {
            "the server rejected the request's parameters or body: check them against the message"
        }
        401 => "the token is missing, invalid or expired: check the credentials",
        403 => "the credentials do not allow this request",
        404 => "nothing has that id, or the path is wrong",
        429 => "too many requests: slow down and retry later",
        500..=599 => "the server had a problem: retry later",
        _ => return None,
    })
}

/// An error with its causes on one line, for logs: `reqwest`'s own message ("error sending request") hides
/// what actually failed (refused connection, reset, TLS...). Messages a cause's parent already includes are not
/// repeated.
pub(crate) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let message = inner.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = inner.source();
    }
    text
}

pub(crate) fn excerpt(body: &[u8]) -> String {
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
