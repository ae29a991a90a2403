//! The client handle and its builder: base URL, credentials, timeouts, user agent, HTTP client.

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use crate::error::Error;
use crate::runtime::{Auth, Request, Response};
use crate::secret::Secret;

/// Where the vendor's own clients send requests; the API document declares no servers.
pub const DEFAULT_BASE_URL: &str = "https://api.lexmachina.com";

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const USER_AGENT: &str = concat!("lexmachina-rust/", env!("CARGO_PKG_VERSION"));

/// A Lex Machina API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
    bearer_token: Option<Secret>,
}

impl fmt::Debug for Client {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .field("bearer_token", &self.bearer_token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Sends a request built by a generated request builder and reads the whole response.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        let operation = request.operation();
        let url = request.url(&self.base_url)?;
        let mut builder = self.http.request(operation.method.to_reqwest(), url);
        for (name, value) in request.headers() {
            builder = builder.header(*name, value);
        }
        if let (Auth::Bearer, Some(token)) = (operation.auth, &self.bearer_token) {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some((content_type, body)) = request.into_body() {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(body);
        }
        let response = builder.send().await.map_err(|source| Error::transport(operation.id, source))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|source| Error::transport(operation.id, source))?;
        Ok(Response::new(operation, status, body))
    }
}

/// Configures a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    bearer_token: Option<Secret>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("bearer_token", &self.bearer_token)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            bearer_token: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: USER_AGENT.to_owned(),
            http: None,
        }
    }
}

impl ClientBuilder {
    /// The API's base URL (default [`DEFAULT_BASE_URL`]); a path prefix such as `http://proxy/lexmachina` is kept.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// A bearer token to send on every operation the document secures with `JwtAccessBearer`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(Secret::new(token));
        self
    }

    /// How long to wait for a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take (default 60 s). Ignored with [`http_client`](Self::http_client).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `lexmachina-rust/<version>`). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a `reqwest::Client` you configured yourself (proxies, certificates, pools...).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client. Fails on a base URL that is not an absolute `http`/`https` URL, or when the TLS
    /// backend cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = Url::parse(&self.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
            .ok_or_else(|| Error::config(format!("`{}` is not an absolute http(s) URL", self.base_url)))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(|source| Error::config(format!("cannot start the HTTP client: {}", source.without_url())))?,
        };
        Ok(Client { http, base_url, bearer_token: self.bearer_token })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_relative_and_non_http_base_urls() {
        for bad in ["api.lexmachina.com", "ftp://example.com", "/v1"] {
            let error = Client::builder().base_url(bad).build().err().map(|error| error.to_string());
            assert!(error.as_deref().is_some_and(|message| message.contains(bad)), "{bad}: {error:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = Client::builder().bearer_token("very-secret-token");
        assert!(!format!("{builder:?}").contains("very-secret-token"));
        let client = builder.build().map(|client| format!("{client:?}")).unwrap_or_default();
        assert!(client.contains("<redacted>") && !client.contains("very-secret-token"), "{client}");
    }
}
