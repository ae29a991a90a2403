//! Retries against in-process servers on 127.0.0.1: which failures are retried, how often, how long the client
//! waits (`Retry-After`), timeouts, dropped connections, and `POST`s retried only on request.

use std::error::Error as StdError;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use lexmachina::types::DistrictCaseQuery;
use lexmachina::{Client, Error, RetryPolicy};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn StdError>>;

fn health_response() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "legalDataIsAvailable": true, "userAccountDataIsAvailable": true, "searchDataIsAvailable": true
    }))
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(20))
}

fn client(base_url: &str, policy: RetryPolicy) -> Result<Client, Error> {
    Client::builder()
        .base_url(base_url)
        .bearer_token("t")
        .retry_policy(policy)
        .build()
}

/// Mounts `failures` answers of `status` before the health response.
async fn fail_first(server: &MockServer, failures: u64, failure: ResponseTemplate) {
    Mock::given(path("/health"))
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(path("/health"))
        .respond_with(health_response())
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn transient_statuses_are_retried() -> TestResult {
    for status in [429, 502, 503, 504] {
        let server = MockServer::start().await;
        fail_first(&server, 2, ResponseTemplate::new(status)).await;
        client(&server.uri(), fast_retries())?.get_health().await?;
        assert_eq!(received(&server).await, 3, "status {status}");
    }
    Ok(())
}

#[tokio::test]
async fn other_statuses_are_not_retried() -> TestResult {
    for status in [400, 401, 404, 422, 500] {
        let server = MockServer::start().await;
        fail_first(&server, 5, ResponseTemplate::new(status)).await;
        let error = client(&server.uri(), fast_retries())?
            .get_health()
            .await
            .err();
        assert_eq!(error.as_ref().and_then(Error::status), Some(status));
        assert_eq!(received(&server).await, 1, "status {status}");
    }
    Ok(())
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_error_returned() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/health"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let error = client(&server.uri(), fast_retries())?
        .get_health()
        .await
        .err();
    assert!(
        matches!(&error, Some(Error::Api(api)) if api.status.as_u16() == 503 && api.raw_body == "busy"),
        "{error:?}"
    );
    assert_eq!(received(&server).await, 3);
    Ok(())
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() -> TestResult {
    let server = MockServer::start().await;
    fail_first(
        &server,
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    let started = Instant::now();
    client(&server.uri(), fast_retries())?.get_health().await?;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert_eq!(received(&server).await, 2);
    Ok(())
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() -> TestResult {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    fail_first(
        &server,
        1,
        ResponseTemplate::new(503).insert_header("retry-after", date.as_str()),
    )
    .await;
    let started = Instant::now();
    client(&server.uri(), fast_retries())?.get_health().await?;
    // HTTP dates have whole seconds: the wait is between one and two seconds.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() -> TestResult {
    let server = MockServer::start().await;
    fail_first(
        &server,
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "120"),
    )
    .await;
    let policy = fast_retries().max_elapsed(Duration::from_secs(5));
    let started = Instant::now();
    let error = client(&server.uri(), policy)?.get_health().await.err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let Some(Error::Api(api)) = &error else {
        return Err(format!("expected the 429, got {error:?}").into());
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(120)));
    assert!(api.to_string().contains("wait 120 s"), "{api}");
    Ok(())
}

#[tokio::test]
async fn timeouts_are_typed_and_retried() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/health"))
        .respond_with(health_response().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
        .build()?;
    let started = Instant::now();
    let error = client.get_health().await.err();
    assert!(
        matches!(
            error,
            Some(Error::Timeout {
                operation: "get_health",
                ..
            })
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await, 3);
    let error = error.ok_or("the call should time out")?;
    assert!(
        error.to_string().contains("raise the client's timeout"),
        "{error}"
    );
    assert_cause_shown_once(&error);
    Ok(())
}

#[tokio::test]
async fn post_queries_are_not_retried_unless_asked() -> TestResult {
    let query = DistrictCaseQuery::default();
    let server = MockServer::start().await;
    Mock::given(path("/query-district-cases"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server.uri(), fast_retries())?
        .query_district_cases(&query)
        .await
        .err();
    assert_eq!(error.as_ref().and_then(Error::status), Some(503));
    assert_eq!(received(&server).await, 1);

    let server = MockServer::start().await;
    Mock::given(path("/query-district-cases"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/query-district-cases"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"cases": []})))
        .mount(&server)
        .await;
    let policy = fast_retries().retry_non_idempotent(true);
    client(&server.uri(), policy)?
        .query_district_cases(&query)
        .await?;
    assert_eq!(received(&server).await, 2);
    Ok(())
}

/// A server that accepts connections and closes them at once, counting them.
async fn dropping_server() -> Result<(String, Arc<AtomicUsize>), Box<dyn StdError>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    Ok((format!("http://{address}"), accepted))
}

#[tokio::test]
async fn dropped_connections_are_transport_errors_after_the_retries() -> TestResult {
    let (base_url, accepted) = dropping_server().await?;
    let error = client(&base_url, fast_retries())?.get_health().await.err();
    assert!(
        matches!(
            error,
            Some(Error::Transport {
                operation: "get_health",
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let text = error.map(|error| error.to_string()).unwrap_or_default();
    assert!(
        text.contains("could not reach") && text.contains("check the network"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn refused_connections_are_transport_errors() -> TestResult {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let error = client(&format!("http://{closed}"), RetryPolicy::none())?
        .get_health()
        .await
        .err();
    assert!(matches!(error, Some(Error::Transport { .. })), "{error:?}");
    let error = error.ok_or("the call should fail")?;
    assert_cause_shown_once(&error);
    Ok(())
}

/// Display says what happened and what to try, without any cause; the cause is `source()`, so a report that
/// walks the chain (`anyhow`'s `{:#}`, `eyre`) shows it once (Rust API guidelines, C-GOOD-ERR).
fn assert_cause_shown_once(error: &(dyn StdError + 'static)) {
    let text = error.to_string();
    let Some(source) = error.source() else {
        panic!("{text}: no source")
    };
    let mut next = Some(source);
    while let Some(cause) = next {
        let message = cause.to_string();
        assert!(
            !message.is_empty() && !text.contains(&message),
            "Display repeats a cause ({message:?}): {text}"
        );
        next = cause.source();
    }
}
