//! The client handle and what every call goes through: the bearer token, the attempts and their retries, the
//! tracing span. Its configuration lives in [`builder`](crate::builder).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::CONTENT_TYPE;
use reqwest::{StatusCode, Url};
use tracing::{Instrument, Span};

use crate::auth::{Authenticator, BearerToken};
use crate::builder::ClientBuilder;
use crate::error::{self, Error};
use crate::retry::{self, Failure, RetryPolicy};
use crate::runtime::{Auth, PreparedRequest, Request, Response};
use crate::secret;
use crate::telemetry;
use crate::token::Exchange;

/// A Lex Machina API client. Cheap to clone: clones share one connection pool and one token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    auth: Authenticator,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Client")
            .field("base_url", &secret::display_url(&self.inner.base_url))
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// What one attempt got back.
struct RawResponse {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_parts(
        http: reqwest::Client,
        base_url: Url,
        auth: Authenticator,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                retry,
            }),
        }
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Checks the credentials now instead of on the first call: with client credentials, gets a token (or finds
    /// a cached one still fresh). A fixed bearer token is only checked by the calls that use it.
    pub async fn authenticate(&self) -> Result<(), Error> {
        if !self.inner.auth.has_credentials() {
            return Err(Error::config(
                "no credentials: set `bearer_token` or `client_credentials` on the builder"
                    .to_owned(),
            ));
        }
        self.inner
            .auth
            .token(self.exchange())
            .await
            .map(drop)
            .map_err(Error::auth)
    }

    fn exchange(&self) -> Exchange<'_> {
        Exchange {
            http: &self.inner.http,
            retry: &self.inner.retry,
        }
    }

    /// Sends a request built by a generated request builder and reads the whole response, retrying as the
    /// policy allows and refreshing a rejected token once.
    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        let span = telemetry::call_span(request.operation());
        let request = request.prepare(&self.inner.base_url)?;
        self.attempts(request, &span).instrument(span.clone()).await
    }

    async fn attempts(&self, request: PreparedRequest, span: &Span) -> Result<Response, Error> {
        let operation = request.operation;
        let mut schedule = self.inner.retry.schedule(operation.method.is_idempotent());
        let mut may_refresh = self.inner.auth.can_refresh();
        let mut attempt = 0;
        loop {
            let token = match self.token_for(operation.auth).await {
                Ok(token) => token,
                Err(error) => {
                    telemetry::finished(span, None, attempt, schedule.elapsed());
                    return Err(error);
                }
            };
            attempt = schedule.begin();
            let sent = Instant::now();
            let outcome = (self.send_once(&request, token.as_deref()).await)
                .map_err(|error| Error::transport(operation.id, error));
            let (status, error) = match &outcome {
                Ok(response) => (Some(response.status.as_u16()), None),
                Err(error) => (None, Some(error::with_causes(error))),
            };
            telemetry::attempt_finished(attempt, status, sent.elapsed(), error.as_deref());
            let delay = match &outcome {
                Ok(response) if response.status == StatusCode::UNAUTHORIZED && may_refresh => {
                    if let Some(rejected) = &token {
                        may_refresh = false;
                        self.inner.auth.invalidate(rejected).await;
                        schedule.grant_extra_attempt();
                        telemetry::retrying(
                            attempt,
                            status,
                            Duration::ZERO,
                            "token rejected; refreshing it",
                        );
                        continue;
                    }
                    None
                }
                Ok(response) => schedule.retry_delay(Failure::Status {
                    status: response.status,
                    retry_after: response.retry_after,
                }),
                Err(_) => schedule.retry_delay(Failure::Transport),
            };
            if let Some(delay) = delay {
                telemetry::retrying(attempt, status, delay, "transient failure");
                tokio::time::sleep(delay).await;
                continue;
            }
            telemetry::finished(span, status, attempt, schedule.elapsed());
            return match outcome {
                Ok(response) => Ok(self.response(&request, response, token.as_deref())),
                Err(error) => Err(error),
            };
        }
    }

    /// The token a call with `auth` must carry, if any.
    async fn token_for(&self, auth: Auth) -> Result<Option<Arc<BearerToken>>, Error> {
        match auth {
            Auth::None => Ok(None),
            Auth::Bearer => self
                .inner
                .auth
                .token(self.exchange())
                .await
                .map_err(Error::auth),
        }
    }

    async fn send_once(
        &self,
        request: &PreparedRequest,
        token: Option<&BearerToken>,
    ) -> Result<RawResponse, reqwest::Error> {
        let mut builder = self
            .inner
            .http
            .request(request.operation.method.to_reqwest(), request.url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(token) = token {
            builder = builder.bearer_auth(token.value.expose());
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        let response = builder.send().await?;
        let status = response.status();
        let retry_after = retry::retry_after(response.headers(), SystemTime::now());
        let body = response.bytes().await?;
        Ok(RawResponse {
            status,
            retry_after,
            body,
        })
    }

    /// The response generated code decodes. Every error built from it (an error body, a decode error's
    /// excerpt) has the call's token, the client secret and the request's sensitive parameter values replaced
    /// by `<redacted>` wherever the server echoes them; a successfully decoded body is left alone.
    fn response(
        &self,
        request: &PreparedRequest,
        response: RawResponse,
        token: Option<&BearerToken>,
    ) -> Response {
        let RawResponse {
            status,
            retry_after,
            body,
        } = response;
        let secrets = token
            .map(|token| &token.value)
            .into_iter()
            .chain(self.inner.auth.client_secret())
            .chain(&request.secrets)
            .cloned()
            .collect();
        Response::new(request.operation, status, body)
            .with_retry_after(retry_after)
            .with_secrets(secrets)
    }
}
