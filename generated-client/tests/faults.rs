//! Faults under load, bounded: 1,000 calls at concurrency 64 against a server on 127.0.0.1 that answers
//! some requests with 5xx, stalls some past the client's timeout and drops some connections. Every call must
//! end within its deadline with `Ok` or a typed error; none may hang or panic.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lexmachina::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const CALLS: usize = 1_000;
const CONCURRENCY: usize = 64;
const TIMEOUT: Duration = Duration::from_millis(400);
const MAX_ELAPSED: Duration = Duration::from_secs(2);
/// What a call may take at most: the retry budget, one more attempt, and slack for a loaded machine.
const DEADLINE: Duration = Duration::from_secs(8);

const HEALTH: &str = r#"{"legalDataIsAvailable":true,"userAccountDataIsAvailable":true,"searchDataIsAvailable":true}"#;

/// What the server does with one request.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Healthy,
    ServiceUnavailable,
    InternalError,
    BadGateway,
    Stall,
    Drop,
}

impl Fault {
    /// A fixed mix, chosen by a seeded generator so every run injects the same faults in the same order.
    fn for_request(number: u64) -> Self {
        match fastrand::Rng::with_seed(number).u8(0..100) {
            0..55 => Self::Healthy,
            55..67 => Self::ServiceUnavailable,
            67..73 => Self::InternalError,
            73..80 => Self::BadGateway,
            80..90 => Self::Stall,
            _ => Self::Drop,
        }
    }
}

async fn serve(listener: TcpListener, requests: Arc<AtomicU64>) {
    while let Ok((stream, _)) = listener.accept().await {
        let number = requests.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(answer(stream, Fault::for_request(number)));
    }
}

async fn answer(mut stream: TcpStream, fault: Fault) {
    let mut request = Vec::new();
    let mut buffer = [0_u8; 4096];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") && request.len() < 64 * 1024 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    let (status, body) = match fault {
        Fault::Drop => return,
        Fault::Stall => {
            tokio::time::sleep(TIMEOUT * 3).await;
            ("200 OK", HEALTH)
        }
        Fault::Healthy => ("200 OK", HEALTH),
        Fault::ServiceUnavailable => ("503 Service Unavailable", r#"{"detail":"overloaded"}"#),
        Fault::InternalError => ("500 Internal Server Error", r#"{"detail":"boom"}"#),
        Fault::BadGateway => ("502 Bad Gateway", "<html>bad gateway</html>"),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn outcome(result: &Result<lexmachina::types::HealthStatus, Error>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(Error::Api(error)) => format!("api {}", error.status.as_u16()),
        Err(Error::Timeout { .. }) => "timeout".to_owned(),
        Err(Error::Transport { .. }) => "transport".to_owned(),
        Err(other) => format!("other: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_against_a_faulty_server_all_end_typed_and_in_time()
-> Result<(), Box<dyn StdError>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let requests = Arc::new(AtomicU64::new(0));
    let server = tokio::spawn(serve(listener, Arc::clone(&requests)));

    let policy = RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(20))
        .max_elapsed(MAX_ELAPSED);
    let client = Client::builder()
        .base_url(base_url)
        .bearer_token("load-test")
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(1))
        .retry_policy(policy)
        .build()?;

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, next) = (client.clone(), Arc::clone(&next));
        workers.spawn(async move {
            let mut outcomes = Vec::new();
            while next.fetch_add(1, Ordering::SeqCst) < CALLS {
                let call_started = Instant::now();
                let outcome = match tokio::time::timeout(DEADLINE, client.get_health().send()).await
                {
                    Ok(result) => outcome(&result),
                    Err(_) => "hung".to_owned(),
                };
                outcomes.push((outcome, call_started.elapsed()));
            }
            outcomes
        });
    }
    let mut counts = BTreeMap::<String, usize>::new();
    let mut slowest = Duration::ZERO;
    let mut panics = 0;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(outcomes) => {
                for (outcome, elapsed) in outcomes {
                    *counts.entry(outcome).or_default() += 1;
                    slowest = slowest.max(elapsed);
                }
            }
            Err(_) => panics += 1,
        }
    }
    server.abort();

    let total: usize = counts.values().sum();
    // Written past the test harness's capture, so every run shows the counts.
    let _ = writeln!(
        std::io::stderr(),
        "{CALLS} calls at concurrency {CONCURRENCY} in {:.1} s, {} requests served, slowest call {} ms: {counts:?}",
        started.elapsed().as_secs_f64(),
        requests.load(Ordering::SeqCst),
        slowest.as_millis()
    );
    assert_eq!(panics, 0, "a worker panicked");
    assert_eq!(total, CALLS);
    assert!(
        !counts.contains_key("hung"),
        "calls outlived their deadline: {counts:?}"
    );
    assert!(
        !counts.keys().any(|outcome| outcome.starts_with("other")),
        "untyped outcomes: {counts:?}"
    );
    assert!(
        counts.get("ok").is_some_and(|ok| *ok > CALLS / 2),
        "retries should rescue most calls: {counts:?}"
    );
    Ok(())
}
