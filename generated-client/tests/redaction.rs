//! The client secret and tokens never show in `Debug` or in errors, even when a server echoes them back.
//! (`traces.rs` checks the `tracing` output.)

use std::error::Error as StdError;

use lexmachina::{Client, RetryPolicy};
use wiremock::matchers::path;
mod leaks;

use leaks::{ACCESS_TOKEN, CLIENT_SECRET, assert_clean, echo_authorization};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn StdError>>;

#[tokio::test]
async fn an_error_body_echoing_the_token_is_redacted() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/health"))
        .respond_with(echo_authorization)
        .mount(&server)
        .await;
    let builder = Client::builder()
        .base_url(server.uri())
        .bearer_token(ACCESS_TOKEN)
        .retry_policy(RetryPolicy::none());
    assert_clean("the builder's Debug", &format!("{builder:?}"));
    let client = builder.build()?;
    assert_clean("the client's Debug", &format!("{client:?}"));
    let error = client
        .get_health()
        .await
        .err()
        .ok_or("the call should fail with a 401")?;
    assert_clean("the error's Display", &error.to_string());
    assert_clean("the error's Debug", &format!("{error:?}"));
    assert!(
        error.to_string().contains("rejected Bearer <redacted>"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_secret_is_redacted() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string(format!("unknown client_secret {CLIENT_SECRET}")),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("app-id", CLIENT_SECRET)
        .build()?;
    let error = client
        .authenticate()
        .await
        .err()
        .ok_or("the login should fail")?;
    assert_clean("the error's Display", &error.to_string());
    assert_clean("the error's Debug", &format!("{error:?}"));
    assert!(
        error
            .to_string()
            .contains("unknown client_secret <redacted>"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn the_generated_token_request_hides_its_secret() {
    let client = Client::builder().build();
    let debug =
        client.map(|client| format!("{:?}", client.oauth2_token().client_secret(CLIENT_SECRET)));
    assert!(
        debug
            .as_ref()
            .is_ok_and(|debug| debug.contains("<redacted>")),
        "{debug:?}"
    );
    assert_clean("the token request's Debug", &debug.unwrap_or_default());
}

/// The document's token operation sends `client_secret` in the query string; a 422 that echoes it (FastAPI
/// quotes the offending `input`, a proxy the raw URL) shows it nowhere, though the client itself has no
/// credentials that would scrub it.
#[tokio::test]
async fn a_sensitive_query_parameter_echoed_in_an_error_is_redacted() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .and(wiremock::matchers::query_param(
            "client_secret",
            CLIENT_SECRET,
        ))
        .respond_with(|request: &wiremock::Request| {
            ResponseTemplate::new(422).set_body_json(serde_json::json!({"detail": [{
                "loc": ["query", "client_secret"],
                "msg": format!("unexpected request {}", request.url),
                "type": "value_error",
                "input": CLIENT_SECRET,
            }]}))
        })
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let error = client
        .oauth2_token()
        .client_id("app-id")
        .client_secret(CLIENT_SECRET)
        .await
        .err()
        .ok_or("the call should fail with a 422")?;
    assert_eq!(error.status(), Some(422));
    assert_clean("the error's Display", &error.to_string());
    assert_clean("the error's Debug", &format!("{error:?}"));
    let lexmachina::Error::Api(api) = &error else {
        return Err(format!("expected an API error, got {error:?}").into());
    };
    assert!(
        api.raw_body.contains("\"input\":\"<redacted>\"")
            && api.raw_body.contains("client_secret=<redacted>"),
        "{}",
        api.raw_body
    );
    Ok(())
}
