//! Configuring a [`Client`]: base URL, credentials, timeouts, user agent, retries, HTTP client, and the same
//! read from the environment.

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::auth::{Authenticator, Credentials};
use crate::client::Client;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::{self, Secret};
use crate::token::{ClientCredentials, TokenRequestStyle};

/// Where the vendor's own clients send requests; the API document declares no servers.
pub const DEFAULT_BASE_URL: &str = "https://api.lexmachina.com";

/// The token endpoint's path below the base URL.
const TOKEN_PATH: &str = "/oauth2/token";

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The environment variables [`ClientBuilder::from_env`] reads.
pub mod env {
    /// The base URL (default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
    pub const BASE_URL: &str = "LEXMACHINA_BASE_URL";
    /// An application's client id; used with [`CLIENT_SECRET`].
    pub const CLIENT_ID: &str = "LEXMACHINA_CLIENT_ID";
    /// An application's client secret; used with [`CLIENT_ID`].
    pub const CLIENT_SECRET: &str = "LEXMACHINA_CLIENT_SECRET";
    /// A bearer token, used when no client credentials are set.
    pub const TOKEN: &str = "LEXMACHINA_TOKEN";
    /// The token endpoint, when it is not `/oauth2/token` below the base URL.
    pub const TOKEN_URL: &str = "LEXMACHINA_TOKEN_URL";
}

/// Configures a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: CredentialsConfig,
    token_request_style: TokenRequestStyle,
    token_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

#[derive(Debug, Clone)]
enum CredentialsConfig {
    None,
    Bearer(Secret),
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ClientBuilder")
            .field("base_url", &shown_url(&self.base_url))
            .field("credentials", &self.credentials)
            .field("token_request_style", &self.token_request_style)
            .field("token_url", &self.token_url.as_deref().map(shown_url))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: CredentialsConfig::None,
            token_request_style: TokenRequestStyle::default(),
            token_url: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            http: None,
        }
    }
}

impl ClientBuilder {
    /// A builder configured from the environment ([`env`](mod@env)): `LEXMACHINA_BASE_URL`, then client credentials
    /// from `LEXMACHINA_CLIENT_ID` and `LEXMACHINA_CLIENT_SECRET` if both are set, else a bearer token from
    /// `LEXMACHINA_TOKEN`, and `LEXMACHINA_TOKEN_URL`. Unset or empty variables keep the defaults.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut builder = Self::default();
        if let Some(base_url) = lookup(env::BASE_URL) {
            builder = builder.base_url(base_url);
        }
        if let Some(token_url) = lookup(env::TOKEN_URL) {
            builder = builder.token_url(token_url);
        }
        builder = match (
            lookup(env::CLIENT_ID),
            lookup(env::CLIENT_SECRET),
            lookup(env::TOKEN),
        ) {
            (Some(id), Some(secret), _) => builder.client_credentials(id, secret),
            (Some(_), None, None) | (None, Some(_), None) => {
                return Err(Error::config(format!(
                    "set both {} and {} (or {})",
                    env::CLIENT_ID,
                    env::CLIENT_SECRET,
                    env::TOKEN
                )));
            }
            (_, _, Some(token)) => builder.bearer_token(token),
            (None, None, None) => builder,
        };
        Ok(builder)
    }

    /// The API's base URL (default [`DEFAULT_BASE_URL`]); a path prefix such as `http://proxy/lexmachina` is kept.
    /// It may not have a query string or a fragment: credentials go in [`bearer_token`](Self::bearer_token) or
    /// [`client_credentials`](Self::client_credentials).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// A bearer token to send on every operation the document secures with `JwtAccessBearer`. It is never
    /// refreshed: a 401 is returned as it is. Replaces client credentials set before.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = CredentialsConfig::Bearer(Secret::new(token));
        self
    }

    /// An application's client credentials (<https://law.lexmachina.com/api-settings>). The client exchanges
    /// them at the token endpoint when a secured call first needs a token, caches the token until shortly before
    /// it expires, and on a 401 gets a new one and retries the call once. Replaces a bearer token set before.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = CredentialsConfig::ClientCredentials {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
        };
        self
    }

    /// How client credentials are sent to the token endpoint (default: as form fields).
    pub fn token_request_style(mut self, style: TokenRequestStyle) -> Self {
        self.token_request_style = style;
        self
    }

    /// The token endpoint (default: `/oauth2/token` below the base URL). Like the base URL, it may not have a
    /// query string or a fragment.
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// How long to wait for a connection (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the last byte of the body (default 60 s). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `lexmachina/<version>`). Ignored with [`http_client`](Self::http_client).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When and how failed calls are retried (default [`RetryPolicy::default`]; [`RetryPolicy::none`] turns
    /// retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses a `reqwest::Client` you configured yourself (proxies, certificates, pools...). Its own timeouts
    /// and user agent apply instead of this builder's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client. Fails on a base or token URL that is not an absolute `http`/`https` URL or that has a
    /// query string or fragment, on an empty bearer token or client id, on a token, client id or client secret
    /// that cannot be sent in an HTTP header (a line break or another control character in it), or when the
    /// TLS backend cannot start. No message shows a credential or a URL's query.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = absolute_url("base URL", &self.base_url)?;
        let credentials = match self.credentials {
            CredentialsConfig::None => Credentials::None,
            CredentialsConfig::Bearer(token) => {
                if token.expose().trim().is_empty() {
                    return Err(Error::config("the bearer token is empty".to_owned()));
                }
                sendable("bearer token", token.expose())?;
                Credentials::Bearer(token)
            }
            CredentialsConfig::ClientCredentials {
                client_id,
                client_secret,
            } => {
                if client_id.trim().is_empty() {
                    return Err(Error::config("the client id is empty".to_owned()));
                }
                sendable("client id", &client_id)?;
                sendable("client secret", client_secret.expose())?;
                let token_url = match &self.token_url {
                    Some(url) => absolute_url("token URL", url)?,
                    None => absolute_url(
                        "token URL",
                        &format!("{}{TOKEN_PATH}", base_url.as_str().trim_end_matches('/')),
                    )?,
                };
                Credentials::ClientCredentials(ClientCredentials {
                    client_id,
                    client_secret,
                    style: self.token_request_style,
                    token_url,
                })
            }
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(|source| {
                    Error::config(format!(
                        "cannot start the HTTP client: {}",
                        source.without_url()
                    ))
                })?,
        };
        Ok(Client::from_parts(
            http,
            base_url,
            Authenticator::new(credentials),
            self.retry,
        ))
    }
}

/// Parses the base or token URL (`what`): an absolute `http(s)` URL without a query string or fragment.
fn absolute_url(what: &str, text: &str) -> Result<Url, Error> {
    let url = Url::parse(text)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
        .ok_or_else(|| {
            Error::config(format!(
                "the {what} `{}` is not an absolute http(s) URL",
                shown_url(text)
            ))
        })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the {what} `{}` has a query string or a fragment (not shown), which it must not have: remove \
             them, and pass credentials with `bearer_token` or `client_credentials`",
            shown_url(text)
        )));
    }
    Ok(url)
}

/// A URL as configuration messages and `Debug` show it: without its query string and fragment (which may hold
/// an API key) and with any password redacted. Other text (not a URL, or one without a host, where `@` is not
/// told apart) is cut at `?` or `#` the same way, and anything before an `@` is redacted.
fn shown_url(text: &str) -> String {
    if let Some(mut url) = Url::parse(text).ok().filter(Url::has_host) {
        url.set_query(None);
        url.set_fragment(None);
        return secret::display_url(&url);
    }
    let end = text.find(['?', '#']).unwrap_or(text.len());
    let shown = &text[..end];
    match shown.rfind('@') {
        Some(at) => {
            let start = shown
                .find("://")
                .map(|scheme| scheme + 3)
                .filter(|&start| start <= at)
                .unwrap_or(0);
            format!("{}{}{}", &shown[..start], secret::REDACTED, &shown[at..])
        }
        None => shown.to_owned(),
    }
}

/// Fails when a credential cannot be sent in an HTTP header. The message names what is wrong, never the value.
fn sendable(what: &str, value: &str) -> Result<(), Error> {
    if HeaderValue::from_str(value).is_ok() {
        return Ok(());
    }
    Err(Error::config(format!(
        "the {what} cannot be sent in an HTTP header: it contains a line break or another control character \
         (the value is not shown); check that it was copied whole and with nothing around it"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_relative_and_non_http_base_urls() {
        for bad in ["api.lexmachina.com", "ftp://example.com", "/v1"] {
            let error = Client::builder()
                .base_url(bad)
                .build()
                .err()
                .map(|error| error.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|message| message.contains(bad)),
                "{bad}: {error:?}"
            );
        }
        let error = Client::builder()
            .client_credentials("id", "secret")
            .token_url("token")
            .build()
            .err();
        assert!(error.is_some_and(|error| error.to_string().contains("`token`")));
    }

    fn config_error(builder: ClientBuilder) -> Option<String> {
        match builder.build() {
            Err(error @ Error::Config { .. }) => Some(error.to_string()),
            Err(other) => panic!("not a configuration error: {other}"),
            Ok(client) => panic!("built {client:?}"),
        }
    }

    #[test]
    fn credentials_that_cannot_be_sent_are_refused_without_showing_them() {
        for bad in [
            "tokenpart\nsecondpart",
            "tokenpart\r\nX-Injected: secondpart",
            "tokenpart\u{0}secondpart",
            "tokenpart\u{7f}secondpart",
        ] {
            let builders = [
                ("bearer token", Client::builder().bearer_token(bad)),
                (
                    "client secret",
                    Client::builder().client_credentials("app-id", bad),
                ),
                (
                    "client id",
                    Client::builder().client_credentials(bad, "secret-value"),
                ),
                (
                    "client secret",
                    Client::builder()
                        .client_credentials("app-id", bad)
                        .token_request_style(TokenRequestStyle::Basic),
                ),
            ];
            for (what, builder) in builders {
                let message = config_error(builder).unwrap_or_default();
                assert!(
                    message.contains(&format!("the {what} cannot be sent in an HTTP header"))
                        && !message.contains("tokenpart")
                        && !message.contains("secondpart"),
                    "{bad:?}: {message}"
                );
            }
        }
        let message = config_error(Client::builder().bearer_token(" ")).unwrap_or_default();
        assert!(message.contains("the bearer token is empty"), "{message}");
        // Characters a header may carry are accepted.
        assert!(
            Client::builder()
                .bearer_token("eyJhbGciOi.J9-_~+/=")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn base_urls_with_a_query_or_fragment_are_refused_without_showing_them() {
        for (what, builder) in [
            (
                "base URL",
                Client::builder().base_url("http://h/?apikey=query-secret"),
            ),
            (
                "base URL",
                Client::builder().base_url("http://h/#query-secret"),
            ),
            ("base URL", Client::builder().base_url("http://h/v1?")),
            (
                "token URL",
                Client::builder()
                    .client_credentials("id", "secret-value")
                    .token_url("https://login.example/token?key=query-secret"),
            ),
        ] {
            let debug = format!("{builder:?}");
            assert!(!debug.contains("query-secret"), "{debug}");
            let message = config_error(builder).unwrap_or_default();
            assert!(
                message.contains(&format!("the {what} `http"))
                    && message.contains("has a query string or a fragment")
                    && !message.contains("query-secret"),
                "{message}"
            );
        }
        // Not URLs at all: still cut at `?` and `#`, and a password before `@` is hidden.
        let message = config_error(Client::builder().base_url("api.example/?apikey=query-secret"))
            .unwrap_or_default();
        assert!(
            message.contains("`api.example/`") && !message.contains("query-secret"),
            "{message}"
        );
        let message = config_error(Client::builder().base_url("ftp://user:query-secret@h/x"))
            .unwrap_or_default();
        assert!(
            message.contains("`ftp://user:") && !message.contains("query-secret"),
            "{message}"
        );
        assert_eq!(shown_url("user:query-secret@h?x"), "<redacted>@h");
        // A client can only be built from a URL without a query, so its `Debug` never shows one.
        let client = Client::builder()
            .base_url("http://user:pass-secret@127.0.0.1:9/prefix")
            .build()
            .map(|client| format!("{client:?}"))
            .unwrap_or_default();
        assert!(
            client.contains("127.0.0.1:9/prefix") && !client.contains("pass-secret"),
            "{client}"
        );
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let builder = Client::builder().bearer_token("very-secret-token");
        assert!(!format!("{builder:?}").contains("very-secret-token"));
        let client = builder
            .build()
            .map(|client| format!("{client:?}"))
            .unwrap_or_default();
        assert!(
            client.contains("<redacted>") && !client.contains("very-secret-token"),
            "{client}"
        );

        let builder = Client::builder().client_credentials("app-id", "very-secret-secret");
        let debug = format!("{builder:?}");
        assert!(
            debug.contains("app-id") && !debug.contains("very-secret-secret"),
            "{debug}"
        );
        let client = builder
            .build()
            .map(|client| format!("{client:?}"))
            .unwrap_or_default();
        assert!(
            client.contains("<redacted>") && !client.contains("very-secret-secret"),
            "{client}"
        );
    }

    #[test]
    fn reads_the_environment() {
        let variables = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        let builder = ClientBuilder::from_lookup(variables(&[
            (env::BASE_URL, "http://127.0.0.1:4010"),
            (env::CLIENT_ID, "id"),
            (env::CLIENT_SECRET, "secret"),
            (env::TOKEN, "ignored"),
        ]));
        let debug = builder
            .map(|builder| format!("{builder:?}"))
            .unwrap_or_default();
        assert!(
            debug.contains("http://127.0.0.1:4010") && debug.contains("ClientCredentials"),
            "{debug}"
        );

        let builder = ClientBuilder::from_lookup(variables(&[(env::TOKEN, "t")]));
        assert!(builder.is_ok_and(|builder| format!("{builder:?}").contains("Bearer")));
        assert!(ClientBuilder::from_lookup(variables(&[(env::CLIENT_ID, "id")])).is_err());
    }

    #[test]
    fn the_token_endpoint_sits_below_the_base_url() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/prefix/")
            .client_credentials("id", "s")
            .build();
        let debug = client
            .map(|client| format!("{client:?}"))
            .unwrap_or_default();
        assert!(
            debug.contains("http://127.0.0.1:9/prefix/oauth2/token"),
            "{debug}"
        );
    }
}
