//! What generated code calls: a description of each operation, a request under construction (path with
//! percent-encoded parameters, repeated query keys, headers, body), and the response it decodes.
//!
//! Public only so that generated code for any document can use any of it without dead-code warnings; it is
//! hidden from the docs and not part of the supported API.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error};
use crate::generated::ErrorBody;

/// The future a request builder turns into on `.await`.
pub type ResponseFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Characters left as they are in a path segment: RFC 3986 unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What the document says about one operation.
#[derive(Debug)]
pub struct Operation {
    /// The document's `operationId`.
    pub id: &'static str,
    pub method: Method,
    /// The path as the document writes it, e.g. `/attorneys/{attorney_id}`.
    pub path_template: &'static str,
    pub auth: Auth,
}

/// HTTP methods generated code can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Put => reqwest::Method::PUT,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Head => reqwest::Method::HEAD,
            Self::Patch => reqwest::Method::PATCH,
            Self::Trace => reqwest::Method::TRACE,
        }
    }

    /// The method as it is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110, section 9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    None,
    Bearer,
}

/// A request being filled in by a generated `send`.
#[derive(Debug)]
pub struct Request {
    operation: &'static Operation,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    pub fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Appends literal path text from the template.
    pub fn push_path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded so that `/`, `?` or `#` in a value stay inside its segment.
    pub fn push_path_param(&mut self, value: &impl Display) {
        let text = value.to_string();
        self.path.extend(utf8_percent_encode(&text, PATH_SEGMENT));
    }

    /// Adds `name=value` to the query string; called once per element for arrays, giving repeated keys.
    pub fn push_query(&mut self, name: &'static str, value: &impl Display) {
        self.query.push((name, value.to_string()));
    }

    /// Adds a request header.
    pub fn push_header(&mut self, name: &'static str, value: &impl Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Sets a JSON body.
    pub fn json_body(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|error| Error::encode(self.operation.id, error.to_string()))?;
        self.body = Some(("application/json", bytes));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form_body(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|error| Error::encode(self.operation.id, error.to_string()))?;
        self.body = Some(("application/x-www-form-urlencoded", text.into_bytes()));
        Ok(())
    }

    /// The full URL: the base URL (keeping any path prefix) joined with the path and query.
    pub fn url(&self, base_url: &Url) -> Result<Url, Error> {
        let base = base_url.as_str().trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}{}", self.path))
            .map_err(|error| Error::encode(self.operation.id, format!("invalid URL: {error}")))?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    pub fn into_body(self) -> Option<(&'static str, Vec<u8>)> {
        self.body
    }

    /// The request in the form every attempt sends: URL resolved, body shareable between retries.
    pub(crate) fn prepare(self, base_url: &Url) -> Result<PreparedRequest, Error> {
        let url = self.url(base_url)?;
        let body = self
            .body
            .map(|(content_type, body)| (content_type, bytes::Bytes::from(body)));
        Ok(PreparedRequest {
            operation: self.operation,
            url,
            headers: self.headers,
            body,
        })
    }
}

/// A request ready to be sent, as many times as retries need.
#[derive(Debug)]
pub(crate) struct PreparedRequest {
    pub(crate) operation: &'static Operation,
    pub(crate) url: Url,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(&'static str, bytes::Bytes)>,
}

/// A complete response, before decoding.
#[derive(Debug)]
pub struct Response {
    operation: &'static Operation,
    status: StatusCode,
    body: bytes::Bytes,
    retry_after: Option<Duration>,
}

impl Response {
    pub fn new(operation: &'static Operation, status: StatusCode, body: bytes::Bytes) -> Self {
        Self {
            operation,
            status,
            body,
            retry_after: None,
        }
    }

    /// Keeps the server's `Retry-After`, for the error this response may become.
    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes a JSON body; on failure, names the JSON path of the first mismatch.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        decode_json(&self.body).map_err(|mismatch| {
            Error::decode(
                self.operation.id,
                self.status.as_u16(),
                mismatch,
                &self.body,
            )
        })
    }

    /// An error for a status whose body the document does not type.
    pub fn error(self) -> Error {
        let body = match serde_json::from_slice(&self.body) {
            Ok(value) => ErrorBody::Json(value),
            Err(_) => ErrorBody::Raw,
        };
        self.into_api_error(body)
    }

    /// An error for a status with a typed body; a body that does not match the schema is kept as JSON.
    pub fn error_with<T: DeserializeOwned>(self, wrap: fn(T) -> ErrorBody) -> Error {
        match serde_json::from_slice::<T>(&self.body) {
            Ok(typed) => self.into_api_error(wrap(typed)),
            Err(_) => self.error(),
        }
    }

    fn into_api_error(self, body: ErrorBody) -> Error {
        Error::Api(Box::new(ApiError {
            operation: self.operation.id,
            status: self.status,
            body,
            raw_body: String::from_utf8_lossy(&self.body).into_owned(),
            retry_after: self.retry_after,
        }))
    }
}

/// Where and why a JSON document did not match a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The JSON path of the first mismatch, e.g. `damages.active[0].amount` (`.` for the root).
    pub path: String,
    /// What serde reported there.
    pub message: String,
}

/// Decodes `bytes` as `T`. The fast path is plain serde_json; only on failure is the input decoded again
/// while tracking the path, so successful decodes pay nothing for good error messages.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Mismatch> {
    // Checking UTF-8 once for the whole body is much cheaper than serde_json checking each string of a slice.
    let fast = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    match fast {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut deserializer = serde_json::Deserializer::from_slice(bytes);
            match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                Err(error) => Err(Mismatch {
                    path: error.path().to_string(),
                    message: error.inner().to_string(),
                }),
                Ok(_) => Err(Mismatch {
                    path: ".".to_owned(),
                    message: first.to_string(),
                }),
            }
        }
    }
}

/// Deserializes a string enum that keeps unknown values (its `From<&str>` maps every string to a variant).
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(EnumVisitor {
        parse: |value: &str| Some(T::from(value)),
        expected: &[],
    })
}

/// Deserializes a string enum with a fixed set of values (a `const`): anything else is an error.
pub fn deserialize_closed_enum<'de, D, T>(
    deserializer: D,
    expected: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_str(EnumVisitor { parse, expected })
}

struct EnumVisitor<F> {
    parse: F,
    expected: &'static [&'static str],
}

impl<T, F: Fn(&str) -> Option<T>> serde::de::Visitor<'_> for EnumVisitor<F> {
    type Value = T;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.expected {
            [] => formatter.write_str("a string"),
            values => write!(formatter, "one of {values:?}"),
        }
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        (self.parse)(value).ok_or_else(|| E::unknown_variant(value, self.expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPERATION: Operation = Operation {
        id: "get_thing",
        method: Method::Get,
        path_template: "/things/{id}",
        auth: Auth::None,
    };

    #[test]
    fn path_parameters_stay_inside_their_segment() {
        let mut request = Request::new(&OPERATION);
        request.push_path("/things/");
        request.push_path_param(&"a/b?c#d e%");
        let base = Url::parse("http://127.0.0.1:1/prefix/").ok();
        let url = base
            .and_then(|base| request.url(&base).ok())
            .map(|url| url.to_string());
        assert_eq!(
            url.as_deref(),
            Some("http://127.0.0.1:1/prefix/things/a%2Fb%3Fc%23d%20e%25")
        );
    }

    #[test]
    fn array_query_parameters_repeat_their_key() {
        let mut request = Request::new(&OPERATION);
        request.push_path("/attorneys");
        for id in [1_i64, 2, 3] {
            request.push_query("attorneyIds", &id);
        }
        request.push_query("q", &"Smith & Sons");
        let base = Url::parse("https://api.lexmachina.com").ok();
        let url = base
            .and_then(|base| request.url(&base).ok())
            .map(|url| url.to_string());
        assert_eq!(
            url.as_deref(),
            Some(
                "https://api.lexmachina.com/attorneys?attorneyIds=1&attorneyIds=2&attorneyIds=3&q=Smith+%26+Sons"
            )
        );
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            items: Vec<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            amount: i64,
        }
        let decoded = decode_json::<Outer>(br#"{"items": [{"amount": 7}]}"#).ok();
        assert_eq!(
            decoded.map(|outer| outer.items.iter().map(|inner| inner.amount).sum::<i64>()),
            Some(7)
        );
        let mismatch =
            decode_json::<Outer>(br#"{"items": [{"amount": 1}, {"amount": "x"}]}"#).err();
        assert_eq!(
            mismatch.as_ref().map(|mismatch| mismatch.path.as_str()),
            Some("items[1].amount")
        );
    }
}
