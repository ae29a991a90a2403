//! The OAuth2 client-credentials exchange at `/oauth2/token`, as the real service performs it: a form body
//! with `grant_type=client_credentials`, the client id and secret either as form fields (the vendor's Python
//! client) or as HTTP Basic credentials (its Node client), answered by
//! `{"access_token": …, "token_type": "bearer", "expires_in": 3600}`.
//!
//! The API document describes the operation differently (query parameters, an untyped response); the generated
//! `oauth2_token` method follows the document, this module follows the service.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use crate::error::{self, AuthError};
use crate::retry::{self, Failure, RetryPolicy};
use crate::secret::{self, Secret};
use crate::telemetry;

/// How the client id and secret travel to the token endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenRequestStyle {
    /// As `client_id` and `client_secret` form fields, beside `grant_type` (what the vendor's Python client
    /// does).
    #[default]
    Form,
    /// As an HTTP Basic `Authorization` header, with only `grant_type` in the form (what its Node client does).
    Basic,
}

/// An application's client credentials and where to exchange them.
#[derive(Clone)]
pub(crate) struct ClientCredentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) style: TokenRequestStyle,
    pub(crate) token_url: Url,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("style", &self.style)
            .field("token_url", &secret::display_url(&self.token_url))
            .finish()
    }
}

/// A token the endpoint issued.
#[derive(Debug)]
pub(crate) struct IssuedToken {
    pub(crate) access_token: Secret,
    /// `expires_in`, when the endpoint said.
    pub(crate) lifetime: Option<Duration>,
}

/// What the exchange needs from the client.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exchange<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) retry: &'a RetryPolicy,
}

impl Exchange<'_> {
    /// Asks the token endpoint for a token, retrying transient failures like an idempotent call (asking twice
    /// only yields a second token).
    pub(crate) async fn fetch(
        &self,
        credentials: &ClientCredentials,
    ) -> Result<IssuedToken, AuthError> {
        let span = telemetry::token_span();
        self.fetch_with_retries(credentials, &span)
            .instrument(span.clone())
            .await
    }

    async fn fetch_with_retries(
        &self,
        credentials: &ClientCredentials,
        span: &tracing::Span,
    ) -> Result<IssuedToken, AuthError> {
        let mut schedule = self.retry.schedule(true);
        loop {
            let attempt = schedule.begin();
            let sent = std::time::Instant::now();
            match self.send_once(credentials).await {
                Ok((status, headers, body)) => {
                    telemetry::attempt_finished(
                        attempt,
                        Some(status.as_u16()),
                        sent.elapsed(),
                        None,
                    );
                    let retry_after = retry::retry_after(&headers, SystemTime::now());
                    if let Some(delay) = schedule.retry_delay(Failure::Status {
                        status,
                        retry_after,
                    }) {
                        telemetry::retrying(
                            attempt,
                            Some(status.as_u16()),
                            delay,
                            "token endpoint status",
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    telemetry::finished(span, Some(status.as_u16()), attempt, schedule.elapsed());
                    return parse(status, &body, credentials);
                }
                Err(error) => {
                    let error = error.without_url();
                    telemetry::attempt_finished(
                        attempt,
                        None,
                        sent.elapsed(),
                        Some(&error::with_causes(&error)),
                    );
                    if let Some(delay) = schedule.retry_delay(Failure::Transport) {
                        telemetry::retrying(attempt, None, delay, "token endpoint unreachable");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    telemetry::finished(span, None, attempt, schedule.elapsed());
                    return Err(AuthError::Unreachable {
                        source: Arc::new(error),
                    });
                }
            }
        }
    }

    async fn send_once(
        &self,
        credentials: &ClientCredentials,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, bytes::Bytes), reqwest::Error> {
        let mut form = vec![("grant_type", "client_credentials")];
        let mut request = self
            .http
            .post(credentials.token_url.clone())
            .header(ACCEPT, "application/json");
        match credentials.style {
            TokenRequestStyle::Form => {
                form.push(("client_id", &credentials.client_id));
                form.push(("client_secret", credentials.client_secret.expose()));
            }
            TokenRequestStyle::Basic => {
                request = request.basic_auth(
                    &credentials.client_id,
                    Some(credentials.client_secret.expose()),
                );
            }
        }
        let body = form_encode(&form);
        let response = request
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok((status, headers, body))
    }
}

/// `application/x-www-form-urlencoded`, as the WHATWG URL standard serializes it.
fn form_encode(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        utf8_percent_encode(text, FORM_VALUE)
            .to_string()
            .replace("%20", "+")
    };
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Characters a form value keeps as they are.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Reads the token response. Deliberately quotes no part of a success body: it may hold the token.
fn parse(
    status: StatusCode,
    body: &[u8],
    credentials: &ClientCredentials,
) -> Result<IssuedToken, AuthError> {
    if !status.is_success() {
        let text = String::from_utf8_lossy(body);
        let body = secret::scrub(&text, [&credentials.client_secret]);
        return Err(AuthError::Rejected { status, body });
    }
    let invalid = |message: &str| AuthError::InvalidResponse {
        status,
        message: message.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| invalid("the body is not JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("the body is not a JSON object"))?;
    let access_token = match object.get("access_token") {
        Some(serde_json::Value::String(token)) if !token.is_empty() => Secret::new(token.as_str()),
        Some(_) => return Err(invalid("`access_token` is not a non-empty string")),
        None => return Err(invalid("there is no `access_token`")),
    };
    match object.get("token_type") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(kind)) if kind.eq_ignore_ascii_case("bearer") => {}
        Some(_) => return Err(invalid("`token_type` is not `bearer`")),
    }
    let lifetime = match object.get("expires_in") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => {
            Some(seconds(value).ok_or_else(|| invalid("`expires_in` is not a number of seconds"))?)
        }
    };
    Ok(IssuedToken {
        access_token,
        lifetime,
    })
}

/// `expires_in` as a duration; some servers send it as a string or a float.
fn seconds(value: &serde_json::Value) -> Option<Duration> {
    let number = match value {
        serde_json::Value::Number(number) => number.as_f64()?,
        serde_json::Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (number.is_finite() && number >= 0.0)
        .then(|| Duration::from_secs_f64(number.min(u32::MAX.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Option<ClientCredentials> {
        Some(ClientCredentials {
            client_id: "app".into(),
            client_secret: Secret::new("s3cr3t-value"),
            style: TokenRequestStyle::Form,
            token_url: Url::parse("http://127.0.0.1:1/oauth2/token").ok()?,
        })
    }

    #[test]
    fn reads_the_real_response_shape() {
        let Some(credentials) = credentials() else {
            return;
        };
        let body = br#"{"expires_in": 3600, "access_token": "opaque", "token_type": "bearer"}"#;
        let token = parse(StatusCode::OK, body, &credentials).ok();
        assert_eq!(
            token.as_ref().map(|token| token.access_token.expose()),
            Some("opaque")
        );
        assert_eq!(
            token.and_then(|token| token.lifetime),
            Some(Duration::from_secs(3600))
        );
    }

    #[test]
    fn rejects_unusable_responses_without_quoting_them() {
        let Some(credentials) = credentials() else {
            return;
        };
        for body in [
            &b"null"[..],
            br#"{"token_type": "bearer"}"#,
            br#"{"access_token": "opaque-123", "token_type": "mac"}"#,
            br#"{"access_token": "opaque-123", "expires_in": "soon"}"#,
            b"<html>",
        ] {
            let error = parse(StatusCode::OK, body, &credentials)
                .err()
                .map(|error| error.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|text| !text.contains("opaque-123")),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_refusal_keeps_status_and_body_but_not_the_secret() {
        let Some(credentials) = credentials() else {
            return;
        };
        let body = br#"{"detail": "bad client_secret s3cr3t-value"}"#;
        let error = parse(StatusCode::UNAUTHORIZED, body, &credentials).err();
        let text = error.as_ref().map(ToString::to_string).unwrap_or_default();
        assert_eq!(error.and_then(|error| error.status()), Some(401));
        assert!(
            text.contains("bad client_secret <redacted>") && !text.contains("s3cr3t"),
            "{text}"
        );
    }

    #[test]
    fn encodes_the_form() {
        assert_eq!(
            form_encode(&[
                ("grant_type", "client_credentials"),
                ("client_secret", "a&b=c d")
            ]),
            "grant_type=client_credentials&client_secret=a%26b%3Dc+d"
        );
    }
}
