//! `tracing` spans and events for calls and token requests. They name the operation, the HTTP method and the
//! path *template* — never the URL, whose path and query can hold ids, search terms or credentials — and never
//! a header or a body.

use std::time::Duration;

use tracing::Span;
use tracing::field::Empty;

use crate::runtime::Operation;

/// The span of one call, from the first attempt to the decoded result. `status`, `attempts` and `elapsed_ms`
/// are filled in when it ends.
pub(crate) fn call_span(operation: &Operation) -> Span {
    tracing::info_span!(
        "lexmachina.call",
        operation = operation.id,
        method = operation.method.as_str(),
        path_template = operation.path_template,
        status = Empty,
        attempts = Empty,
        elapsed_ms = Empty,
    )
}

/// The span of one exchange at the token endpoint.
pub(crate) fn token_span() -> Span {
    tracing::info_span!(
        "lexmachina.token",
        status = Empty,
        attempts = Empty,
        elapsed_ms = Empty
    )
}

/// One attempt's outcome: the status, or `None` when no response arrived.
pub(crate) fn attempt_finished(
    attempt: u32,
    status: Option<u16>,
    elapsed: Duration,
    error: Option<&str>,
) {
    let elapsed_ms = millis(elapsed);
    match (status, error) {
        (Some(status), _) => tracing::debug!(attempt, status, elapsed_ms, "response received"),
        (None, error) => tracing::debug!(
            attempt,
            elapsed_ms,
            error = error.unwrap_or("unknown"),
            "no response"
        ),
    }
}

/// A retry about to wait `delay`.
pub(crate) fn retrying(attempt: u32, status: Option<u16>, delay: Duration, reason: &str) {
    let delay_ms = millis(delay);
    match status {
        Some(status) => tracing::info!(attempt, status, delay_ms, reason, "retrying"),
        None => tracing::info!(attempt, delay_ms, reason, "retrying"),
    }
}

/// Records the end of a call or token exchange on `span` (the current one) and emits a closing event.
pub(crate) fn finished(span: &Span, status: Option<u16>, attempts: u32, elapsed: Duration) {
    let elapsed_ms = millis(elapsed);
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("attempts", attempts);
    span.record("elapsed_ms", elapsed_ms);
    match status {
        Some(status) => tracing::debug!(status, attempts, elapsed_ms, "finished"),
        None => tracing::debug!(attempts, elapsed_ms, "failed without a response"),
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
