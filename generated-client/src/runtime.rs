//! What generated code calls: a description of each operation, a request under construction (path with
//! percent-encoded parameters, repeated query keys, headers, body), and the response it decodes.
//!
//! Public only so that generated code for any document can use any of it without dead-code warnings; it is
//! hidden from the docs and not part of the supported API.

use std::fmt::{self, Display};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error};
use crate::generated::ErrorBody;
use crate::secret::{self, REDACTED, Secret};

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
pub struct Request {
    operation: &'static Operation,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
    /// The values of sensitive parameters: never shown, and scrubbed from every error the response becomes.
    secrets: Vec<Secret>,
    /// Why the request must not be sent, when a parameter value was refused (the first such reason).
    refused: Option<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Request")
            .field("operation", &self.operation.id)
            .field("path", &self.path)
            .field("query", &redacted_pairs(&self.query, &self.secrets))
            .field("headers", &redacted_pairs(&self.headers, &self.secrets))
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|(content_type, body)| (content_type, body.len())),
            )
            .field("refused", &self.refused)
            .finish()
    }
}

impl Request {
    pub fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            secrets: Vec::new(),
            refused: None,
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
    ///
    /// A value that would still leave its segment is refused: an empty one (the path loses a segment) and one
    /// that makes the segment `.` or `..`, which URL parsing resolves as a dot-segment (even percent-encoded as
    /// `%2e`). The request then fails to build, with [`Error::Encode`], and is never sent.
    pub fn push_path_param(&mut self, value: &impl Display) {
        let text = value.to_string();
        if text.is_empty() {
            self.refuse(
                "an empty path parameter value is not allowed: the path would lose a segment and name \
                 another resource"
                    .to_owned(),
            );
        }
        self.path.extend(utf8_percent_encode(&text, PATH_SEGMENT));
        let segment = self
            .path
            .rsplit_once('/')
            .map_or(self.path.as_str(), |(_, segment)| segment);
        if matches!(segment, "." | "..") {
            let message = format!(
                "the path parameter value `{text}` is not allowed: a `.` or `..` path segment would be resolved \
                 away and the request would go to another path"
            );
            self.refuse(message);
        }
    }

    fn refuse(&mut self, message: String) {
        self.refused.get_or_insert(message);
    }

    /// Adds `name=value` to the query string; called once per element for arrays, giving repeated keys.
    pub fn push_query(&mut self, name: &'static str, value: &impl Display) {
        self.query.push((name, value.to_string()));
    }

    /// Like [`push_query`](Self::push_query), for a parameter holding a secret (a client secret, an API key):
    /// the value is never shown in `Debug`, and every error built from the response (error bodies, decode
    /// error excerpts) has it replaced by `<redacted>`.
    pub fn push_sensitive_query(&mut self, name: &'static str, value: &impl Display) {
        let value = value.to_string();
        self.remember_secret(&value);
        self.query.push((name, value));
    }

    /// Adds a request header.
    pub fn push_header(&mut self, name: &'static str, value: &impl Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Like [`push_header`](Self::push_header), for a header holding a secret: never shown, and scrubbed from
    /// every error built from the response, like [`push_sensitive_query`](Self::push_sensitive_query).
    pub fn push_sensitive_header(&mut self, name: &'static str, value: &impl Display) {
        let value = value.to_string();
        self.remember_secret(&value);
        self.headers.push((name, value));
    }

    fn remember_secret(&mut self, value: &str) {
        if !self.secrets.iter().any(|secret| secret.expose() == value) {
            self.secrets.push(Secret::new(value));
        }
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

    /// The full URL: the base URL (keeping any path prefix) joined with the path and query. Fails when a path
    /// parameter value was refused.
    pub fn url(&self, base_url: &Url) -> Result<Url, Error> {
        if let Some(refused) = &self.refused {
            return Err(Error::encode(self.operation.id, refused.clone()));
        }
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
            secrets: self.secrets,
        })
    }
}

/// `(name, value)` pairs for `Debug`, with the value of each sensitive parameter shown as `<redacted>`.
fn redacted_pairs<'a, N: AsRef<str> + 'a>(
    pairs: impl IntoIterator<Item = &'a (N, String)>,
    secrets: &[Secret],
) -> Vec<(&'a str, &'a str)> {
    pairs
        .into_iter()
        .map(|(name, value)| {
            let shown = if secrets.iter().any(|secret| secret.expose() == value) {
                REDACTED
            } else {
                value.as_str()
            };
            (name.as_ref(), shown)
        })
        .collect()
}

/// A request ready to be sent, as many times as retries need.
pub(crate) struct PreparedRequest {
    pub(crate) operation: &'static Operation,
    pub(crate) url: Url,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(&'static str, bytes::Bytes)>,
    /// The values of its sensitive parameters, to scrub from errors built from the response.
    pub(crate) secrets: Vec<Secret>,
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut url = self.url.clone();
        url.set_query(None);
        let query: Vec<(String, String)> = self
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        formatter
            .debug_struct("PreparedRequest")
            .field("operation", &self.operation.id)
            .field("url", &secret::display_url(&url))
            .field("query", &redacted_pairs(&query, &self.secrets))
            .field("headers", &redacted_pairs(&self.headers, &self.secrets))
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|(content_type, body)| (content_type, body.len())),
            )
            .finish_non_exhaustive()
    }
}

/// A complete response, before decoding.
#[derive(Debug)]
pub struct Response {
    operation: &'static Operation,
    status: StatusCode,
    body: bytes::Bytes,
    retry_after: Option<Duration>,
    /// What every error built from this response must not show: the call's token, the client secret and the
    /// request's sensitive parameter values.
    secrets: Vec<Secret>,
}

impl Response {
    pub fn new(operation: &'static Operation, status: StatusCode, body: bytes::Bytes) -> Self {
        Self {
            operation,
            status,
            body,
            retry_after: None,
            secrets: Vec::new(),
        }
    }

    /// The secrets to scrub from every error built from this response.
    pub(crate) fn with_secrets(mut self, secrets: Vec<Secret>) -> Self {
        self.secrets = secrets;
        self
    }

    /// Keeps the server's `Retry-After`, for the error this response may become.
    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.retry_after = retry_after;
        self
    }

    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// A non-JSON body as text; invalid UTF-8 is replaced rather than refused.
    pub fn text(self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes a JSON body; on failure, names the JSON path of the first mismatch. The error's excerpt and
    /// message (serde quotes the value it choked on) have the response's secrets scrubbed.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        decode_json(&self.body).map_err(|mismatch| {
            let scrub = |text: &str| secret::scrub(text, &self.secrets);
            let mismatch = Mismatch {
                path: scrub(&mismatch.path),
                message: scrub(&mismatch.message),
            };
            let body = self.scrubbed_body();
            Error::decode(
                self.operation.id,
                self.status.as_u16(),
                mismatch,
                body.as_bytes(),
            )
        })
    }

    /// An error for a status whose body the document does not type.
    pub fn error(self) -> Error {
        let raw_body = self.scrubbed_body();
        self.untyped_error(raw_body)
    }

    /// An error for a status with a typed body; a body that does not match the schema is kept as JSON.
    pub fn error_with<T: DeserializeOwned>(self, wrap: fn(T) -> ErrorBody) -> Error {
        let raw_body = self.scrubbed_body();
        match serde_json::from_str::<T>(&raw_body) {
            Ok(typed) => self.into_api_error(wrap(typed), raw_body),
            Err(_) => self.untyped_error(raw_body),
        }
    }

    fn untyped_error(self, raw_body: String) -> Error {
        let body = match serde_json::from_str(&raw_body) {
            Ok(value) => ErrorBody::Json(value),
            Err(_) => ErrorBody::Raw,
        };
        self.into_api_error(body, raw_body)
    }

    /// The body as text (lossily decoded), with every secret of the call replaced by `<redacted>`.
    fn scrubbed_body(&self) -> String {
        secret::scrub(&String::from_utf8_lossy(&self.body), &self.secrets)
    }

    fn into_api_error(self, body: ErrorBody, raw_body: String) -> Error {
        Error::Api(Box::new(ApiError {
            operation: self.operation.id,
            status: self.status,
            body,
            raw_body,
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

    fn url_of(request: &Request) -> Result<String, Error> {
        let base = Url::parse("http://127.0.0.1:1/prefix/")
            .map_err(|error| Error::config(error.to_string()))?;
        request.url(&base).map(|url| url.to_string())
    }

    #[test]
    fn dot_segments_and_empty_path_parameters_are_refused() {
        for (value, expected) in [
            ("..", "the path parameter value `..` is not allowed"),
            (".", "the path parameter value `.` is not allowed"),
            ("", "an empty path parameter value is not allowed"),
        ] {
            let mut request = Request::new(&OPERATION);
            request.push_path("/things/");
            request.push_path_param(&value);
            request.push_path("/details");
            match url_of(&request) {
                Err(Error::Encode { operation, message }) => {
                    assert_eq!(operation, "get_thing");
                    assert!(message.contains(expected), "{value:?}: {message}");
                }
                other => panic!("{value:?}: {other:?}"),
            }
            let shown = url_of(&request)
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(
                shown.starts_with("`get_thing`: cannot build the request: "),
                "{shown}"
            );
        }
        // Two parameters that make a `..` segment together are refused as well.
        let mut request = Request::new(&OPERATION);
        request.push_path("/things/");
        request.push_path_param(&".");
        request.push_path_param(&".");
        assert!(matches!(url_of(&request), Err(Error::Encode { .. })));
        // Dots that do not make a whole dot-segment, and a literal `%2e`, stay where they are.
        for (value, path) in [
            ("...", "..."),
            (".a", ".a"),
            ("a..", "a.."),
            ("%2e%2e", "%252e%252e"),
            ("../x", "..%2Fx"),
        ] {
            let mut request = Request::new(&OPERATION);
            request.push_path("/things/");
            request.push_path_param(&value);
            assert_eq!(
                url_of(&request).ok(),
                Some(format!("http://127.0.0.1:1/prefix/things/{path}")),
                "{value:?}"
            );
        }
    }

    #[test]
    fn debug_hides_sensitive_parameters() {
        let mut request = Request::new(&OPERATION);
        request.push_path("/things");
        request.push_query("client_id", &"app-id");
        request.push_sensitive_query("client_secret", &"query-secret-7d1");
        request.push_sensitive_header("x-api-key", &"header-secret-2b9");
        request.push_header("x-trace", &"visible");
        let debug = format!("{request:?}");
        assert!(
            !debug.contains("query-secret-7d1")
                && !debug.contains("header-secret-2b9")
                && debug.contains("app-id")
                && debug.contains("visible")
                && debug.contains("<redacted>"),
            "{debug}"
        );
        let base = Url::parse("http://127.0.0.1:1").ok();
        let prepared = base.and_then(|base| request.prepare(&base).ok());
        let debug = format!("{prepared:?}");
        assert!(
            !debug.contains("query-secret-7d1")
                && !debug.contains("header-secret-2b9")
                && debug.contains("client_id"),
            "{debug}"
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

/// Sensitive parameters against a real HTTP server that echoes them back.
#[cfg(test)]
mod sensitive_tests {
    use super::*;
    use crate::Client;
    use crate::retry::RetryPolicy;
    use wiremock::matchers::{header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const QUERY_SECRET: &str = "query secret&7d1/é";
    const HEADER_SECRET: &str = "header-secret-2b9";

    static TOKEN_OPERATION: Operation = Operation {
        id: "issue_token",
        method: Method::Post,
        path_template: "/token",
        auth: Auth::None,
    };

    fn request() -> Request {
        let mut request = Request::new(&TOKEN_OPERATION);
        request.push_path("/token");
        request.push_query("client_id", &"app-id");
        request.push_sensitive_query("client_secret", &QUERY_SECRET);
        request.push_sensitive_header("x-api-key", &HEADER_SECRET);
        request
    }

    /// A server that checks the values arrive, then answers `status` with a body quoting them every way a
    /// server might: the raw URL, the decoded value inside JSON, the header.
    async fn echo_server(status: u16) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .and(query_param("client_secret", QUERY_SECRET))
            .and(header("x-api-key", HEADER_SECRET))
            .respond_with(move |request: &wiremock::Request| {
                let body = serde_json::json!({
                    "detail": [{
                        "loc": ["query", "client_secret"],
                        "input": QUERY_SECRET,
                        "msg": format!("bad key {HEADER_SECRET}"),
                        "url": request.url.to_string(),
                    }],
                    "count": QUERY_SECRET,
                });
                ResponseTemplate::new(status).set_body_json(body)
            })
            .expect(1)
            .mount(&server)
            .await;
        server
    }

    fn client(server: &MockServer) -> Result<Client, Error> {
        Client::builder()
            .base_url(server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
    }

    fn assert_clean(what: &str, text: &str) {
        let encoded = utf8_percent_encode(QUERY_SECRET, NON_ALPHANUMERIC).to_string();
        for secret in [
            QUERY_SECRET,
            HEADER_SECRET,
            "query+secret",
            "query%20secret",
            &encoded,
        ] {
            assert!(!text.contains(secret), "{what} shows {secret:?}:\n{text}");
        }
    }

    #[tokio::test]
    async fn error_bodies_never_show_sensitive_values() -> Result<(), Error> {
        let server = echo_server(422).await;
        let response = client(&server)?.execute(request()).await?;
        assert_eq!(response.status(), 422);
        let error = response.error();
        assert_clean("the error's Display", &error.to_string());
        assert_clean("the error's Debug", &format!("{error:?}"));
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_clean("the raw body", &api.raw_body);
        let ErrorBody::Json(body) = &api.body else {
            panic!("{:?}", api.body)
        };
        assert_eq!(body["detail"][0]["input"], "<redacted>");
        assert_eq!(body["detail"][0]["msg"], "bad key <redacted>");
        assert!(
            api.raw_body.contains("client_id=app-id"),
            "{}",
            api.raw_body
        );
        Ok(())
    }

    #[tokio::test]
    async fn typed_error_bodies_never_show_sensitive_values() -> Result<(), Error> {
        let server = echo_server(400).await;
        let response = client(&server)?.execute(request()).await?;
        let error = response.error_with::<serde_json::Value>(ErrorBody::Json);
        assert_clean("the error", &format!("{error} {error:?}"));
        Ok(())
    }

    #[tokio::test]
    async fn decode_errors_never_show_sensitive_values() -> Result<(), Error> {
        #[derive(Debug, serde::Deserialize)]
        struct Counted {
            #[serde(rename = "count")]
            _count: i64,
        }
        let server = echo_server(200).await;
        let response = client(&server)?.execute(request()).await?;
        let error = response.json::<Counted>().err();
        let Some(Error::Decode {
            path,
            message,
            excerpt,
            ..
        }) = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(path, "count");
        assert!(message.contains("<redacted>"), "{message}");
        assert!(excerpt.contains("<redacted>"), "{excerpt}");
        let error = error
            .map(|error| format!("{error} {error:?}"))
            .unwrap_or_default();
        assert_clean("the decode error", &error);
        Ok(())
    }

    #[tokio::test]
    async fn a_refused_path_parameter_sends_nothing() -> Result<(), Error> {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200))
            .expect(0)
            .mount(&server)
            .await;
        let mut request = Request::new(&TOKEN_OPERATION);
        request.push_path("/token/");
        request.push_path_param(&"..");
        let error = client(&server)?.execute(request).await.err();
        assert!(
            matches!(
                error,
                Some(Error::Encode {
                    operation: "issue_token",
                    ..
                })
            ),
            "{error:?}"
        );
        assert!(
            server
                .received_requests()
                .await
                .unwrap_or_default()
                .is_empty()
        );
        Ok(())
    }
}
