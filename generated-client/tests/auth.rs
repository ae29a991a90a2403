//! Client credentials against an in-process token endpoint (wiremock on 127.0.0.1): the token request's
//! shape, caching and expiry, one token request for many concurrent calls, refresh on 401, and typed failures.

use std::error::Error as StdError;
use std::time::Duration;

use lexmachina::{AuthError, Client, Error, RetryPolicy, TokenRequestStyle};
use tokio::task::JoinSet;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn StdError>>;

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "expires_in": expires_in, "access_token": token, "token_type": "bearer"
    }))
}

fn health_response() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "legalDataIsAvailable": true, "userAccountDataIsAvailable": true, "searchDataIsAvailable": true
    }))
}

fn client(server: &MockServer) -> Result<Client, Error> {
    Client::builder()
        .base_url(server.uri())
        .client_credentials("app-id", "app-secret")
        .retry_policy(RetryPolicy::none())
        .build()
}

async fn token_requests(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|request| request.url.path() == "/oauth2/token")
        .count()
}

#[tokio::test]
async fn form_style_sends_the_credentials_as_form_fields() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "grant_type=client_credentials&client_id=app-id&client_secret=app-secret",
        ))
        .respond_with(token_response("token-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(health_response())
        .expect(1)
        .mount(&server)
        .await;
    client(&server)?.get_health().await?;
    let requests = server.received_requests().await.unwrap_or_default();
    let token = requests
        .iter()
        .find(|request| request.url.path() == "/oauth2/token");
    assert!(
        token.is_some_and(|request| request.url.query().is_none()
            && !request.headers.contains_key("authorization"))
    );
    Ok(())
}

#[tokio::test]
async fn basic_style_sends_the_credentials_as_http_basic() -> TestResult {
    let server = MockServer::start().await;
    // base64("app-id:app-secret")
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(header("authorization", "Basic YXBwLWlkOmFwcC1zZWNyZXQ="))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(token_response("token-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(health_response())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("app-id", "app-secret")
        .token_request_style(TokenRequestStyle::Basic)
        .build()?;
    client.get_health().await?;
    Ok(())
}

#[tokio::test]
async fn the_token_is_cached_until_shortly_before_it_expires() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("short-lived", 2))
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .respond_with(health_response())
        .mount(&server)
        .await;
    let client = client(&server)?;
    for _ in 0..5 {
        client.get_health().await?;
    }
    assert_eq!(token_requests(&server).await, 1, "a fresh token is reused");
    // A two-second token is refreshed a tenth of its lifetime early, after 1.8 s.
    tokio::time::sleep(Duration::from_millis(1900)).await;
    client.get_health().await?;
    assert_eq!(
        token_requests(&server).await,
        2,
        "an expiring token is replaced"
    );
    Ok(())
}

#[tokio::test]
async fn clones_share_the_token_cache() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("shared", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .respond_with(health_response())
        .mount(&server)
        .await;
    let client = client(&server)?;
    client.authenticate().await?;
    client.clone().get_health().await?;
    Ok(())
}

#[tokio::test]
async fn fifty_concurrent_calls_make_one_token_request() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("token-1", 3600).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(health_response())
        .expect(50)
        .mount(&server)
        .await;
    let client = client(&server)?;
    let mut calls = JoinSet::new();
    for _ in 0..50 {
        let client = client.clone();
        calls.spawn(async move { client.get_health().await.map(drop) });
    }
    while let Some(result) = calls.join_next().await {
        result??;
    }
    assert_eq!(token_requests(&server).await, 1);
    Ok(())
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("revoked", 3600))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("renewed", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"detail": "Signature has expired."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .and(header("authorization", "Bearer renewed"))
        .respond_with(health_response())
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server)?;
    client.get_health().await?;
    client.get_health().await?;
    assert_eq!(token_requests(&server).await, 2);
    Ok(())
}

#[tokio::test]
async fn a_401_after_the_refresh_is_returned() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("useless", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({"detail": "no"})))
        .expect(2)
        .mount(&server)
        .await;
    let error = client(&server)?.get_health().await.err();
    assert_eq!(
        error.as_ref().and_then(Error::status),
        Some(401),
        "{error:?}"
    );
    assert_eq!(token_requests(&server).await, 2);
    Ok(())
}

#[tokio::test]
async fn a_fixed_token_is_not_refreshed() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/health"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"detail": "expired"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("fixed")
        .build()?;
    let error = client.get_health().await.err();
    let text = error.as_ref().map(ToString::to_string).unwrap_or_default();
    assert_eq!(error.as_ref().and_then(Error::status), Some(401));
    assert!(text.contains("check the credentials"), "{text}");
    assert_eq!(token_requests(&server).await, 0);
    Ok(())
}

#[tokio::test]
async fn a_refused_token_request_is_a_typed_auth_error() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"detail": "invalid client"})),
        )
        .mount(&server)
        .await;
    let result = client(&server)?.get_health().await;
    let Err(Error::Auth(error)) = &result else {
        return Err(format!("expected an auth error, got {result:?}").into());
    };
    let AuthError::Rejected { status, body } = error.as_ref() else {
        return Err(format!("expected a refusal, got {error:?}").into());
    };
    assert_eq!(status.as_u16(), 401);
    assert!(body.contains("invalid client"), "{body}");
    let text = error.to_string();
    assert!(
        text.contains("401")
            && text.contains("invalid client")
            && text.contains("client id and secret"),
        "{text}"
    );
    let api_calls =
        server.received_requests().await.unwrap_or_default().len() - token_requests(&server).await;
    assert_eq!(api_calls, 0, "no call is sent without a token");
    Ok(())
}

#[tokio::test]
async fn a_success_without_a_token_is_an_invalid_response() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("null"))
        .mount(&server)
        .await;
    let result = client(&server)?.authenticate().await;
    let Err(Error::Auth(error)) = &result else {
        return Err(format!("expected an auth error, got {result:?}").into());
    };
    assert!(
        matches!(error.as_ref(), AuthError::InvalidResponse { .. }),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(200));
    Ok(())
}

#[tokio::test]
async fn calls_waiting_on_a_failing_token_request_share_its_failure() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"detail": "bad grant"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let client = client(&server)?;
    let mut calls = JoinSet::new();
    for _ in 0..20 {
        let client = client.clone();
        calls.spawn(async move { client.get_health().await.map(drop) });
    }
    while let Some(result) = calls.join_next().await {
        assert!(matches!(result?, Err(Error::Auth(_))));
    }
    assert_eq!(token_requests(&server).await, 1);
    Ok(())
}

#[tokio::test]
async fn a_flaky_token_endpoint_is_retried() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth2/token"))
        .respond_with(token_response("eventually", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .respond_with(health_response())
        .mount(&server)
        .await;
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", "secret")
        .retry_policy(policy)
        .build()?;
    client.get_health().await?;
    assert_eq!(token_requests(&server).await, 3);
    Ok(())
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_typed_auth_error() -> TestResult {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let client = Client::builder()
        .base_url(format!("http://{closed}"))
        .client_credentials("id", "secret")
        .retry_policy(RetryPolicy::none())
        .build()?;
    let result = client.get_health().await;
    let Err(Error::Auth(error)) = &result else {
        return Err(format!("expected an auth error, got {result:?}").into());
    };
    assert!(
        matches!(error.as_ref(), AuthError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("could not reach the Lex Machina token endpoint"),
        "{error}"
    );
    // The cause is the source, not repeated in Display.
    let cause = StdError::source(error.as_ref())
        .map(ToString::to_string)
        .ok_or("no source")?;
    assert!(
        !error.to_string().contains(&cause),
        "{error} repeats {cause}"
    );
    Ok(())
}
