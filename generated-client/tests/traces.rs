//! The `tracing` output of a call, captured at the most verbose level: it names the operation, method, path
//! template, status, attempts and elapsed time, and never a secret or the URL. Alone in its test binary, so
//! that no other test's callsites race with the subscriber installed here.

use std::error::Error as StdError;
use std::io;
use std::sync::{Arc, Mutex};

use lexmachina::{Client, RetryPolicy};
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::path;
mod leaks;

use leaks::{ACCESS_TOKEN, CLIENT_SECRET, assert_clean, echo_authorization};
use wiremock::{Mock, MockServer, ResponseTemplate};

type TestResult = Result<(), Box<dyn StdError>>;

const SEARCH_TERM: &str = "search-term-in-the-url";

/// Everything a subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_name_the_operation_and_hide_secrets_and_urls() -> TestResult {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "expires_in": 3600, "access_token": ACCESS_TOKEN, "token_type": "bearer"
        })))
        .mount(&server)
        .await;
    Mock::given(path("/search-attorneys"))
        .respond_with(echo_authorization)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("app-id", CLIENT_SECRET)
        .retry_policy(RetryPolicy::none())
        .build()?;

    let result = client.search_attorneys(SEARCH_TERM).page_number(2).await;
    let error = result.err().ok_or("the call should fail with a 401")?;
    assert_eq!(error.status(), Some(401));
    assert_clean("the error", &format!("{error} {error:?}"));
    // The document's own token operation sends the client secret as a query parameter: it is not logged either.
    let issued = client
        .oauth2_token()
        .client_id("app-id")
        .client_secret(CLIENT_SECRET)
        .await;
    assert!(issued.is_ok(), "{issued:?}");

    let traces = captured.text();
    assert_clean("the traces", &traces);
    let expected = [
        "lexmachina.call",
        "operation=\"search_attorneys\"",
        "method=\"GET\"",
        "path_template=\"/search-attorneys\"",
        "status=401",
        "attempts=2",
        "elapsed_ms=",
        "token rejected; refreshing it",
        "lexmachina.token",
    ];
    for expected in expected {
        assert!(
            traces.contains(expected),
            "the traces lack {expected}:\n{traces}"
        );
    }
    // (hyper's own trace events name the host and port it connects to; the URL's path and query never show.)
    for leak in [SEARCH_TERM, "pageNumber", "/search-attorneys?"] {
        assert!(
            !traces.contains(leak),
            "the traces show the URL ({leak}):\n{traces}"
        );
    }
    Ok(())
}
