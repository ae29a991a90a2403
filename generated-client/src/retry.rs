//! When to try a call again: which failures are worth retrying, how long to wait (exponential backoff with
//! full jitter, or the server's `Retry-After`), and when to stop (attempts and total time).

use std::time::{Duration, Instant, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How the client retries failed calls. Idempotent calls (`GET` and the like) are retried on connection
/// errors, timeouts and the statuses 429, 502, 503 and 504; non-idempotent ones (the `POST` queries) only after
/// [`retry_non_idempotent`](Self::retry_non_idempotent).
///
/// Between attempts the client waits a random time between zero and `initial_backoff * 2^(retry - 1)`
/// (capped at `max_backoff`), or exactly what a `Retry-After` header asks for. No new attempt starts once
/// `max_elapsed` has passed since the call began, or when the wait would end after it; the last failure is
/// returned instead. A call therefore takes at most about `max_elapsed` plus one request timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 250 ms up to 8 s, 30 s in all, idempotent calls only.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// How many times a call is sent at most, the first attempt included (default 3; 0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The cap on the wait before the first retry; each later retry doubles it (default 250 ms).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest cap on a backoff wait (default 8 s). A `Retry-After` may ask for longer.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How long after a call began a retry may still start (default 30 s).
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Also retry calls that are not idempotent, such as the `POST` queries (default `false`). They only read
    /// data, but a retried `POST` may reach the server twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Starts the schedule of one call.
    pub(crate) fn schedule(&self, idempotent: bool) -> Schedule<'_> {
        let attempts = if idempotent || self.retry_non_idempotent {
            self.max_attempts
        } else {
            1
        };
        Schedule {
            policy: self,
            attempts,
            started: Instant::now(),
            attempt: 0,
        }
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure {
    /// The server answered; `retry_after` is its `Retry-After`, if any.
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
    /// No response: connection error, timeout, interrupted body.
    Transport,
}

impl Failure {
    fn is_retryable(self) -> bool {
        match self {
            Self::Status { status, .. } => matches!(status.as_u16(), 429 | 502 | 503 | 504),
            Self::Transport => true,
        }
    }
}

/// The attempts of one call.
#[derive(Debug)]
pub(crate) struct Schedule<'a> {
    policy: &'a RetryPolicy,
    attempts: u32,
    started: Instant,
    attempt: u32,
}

impl Schedule<'_> {
    /// Starts an attempt and returns its number, from 1.
    pub(crate) fn begin(&mut self) -> u32 {
        self.attempt += 1;
        self.attempt
    }

    /// Lets one extra attempt happen outside the count (the retry after refreshing a rejected token).
    pub(crate) fn grant_extra_attempt(&mut self) {
        self.attempts += 1;
    }

    /// Time since the call began.
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// After a failed attempt: how long to wait before the next one, or `None` to give up.
    pub(crate) fn retry_delay(&self, failure: Failure) -> Option<Duration> {
        if !failure.is_retryable() || self.attempt >= self.attempts {
            return None;
        }
        let delay = match failure {
            Failure::Status {
                retry_after: Some(wait),
                ..
            } => wait,
            _ => self.backoff(),
        };
        let elapsed = self.started.elapsed();
        (elapsed.saturating_add(delay) <= self.policy.max_elapsed).then_some(delay)
    }

    /// Full jitter: uniform between zero and the exponential cap for this retry.
    fn backoff(&self) -> Duration {
        let doublings = self.attempt.saturating_sub(1).min(30);
        let cap = self
            .policy
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.policy.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
}

/// The `Retry-After` header as a wait from `now`: delay-seconds or an HTTP date (a past date waits zero).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn status(code: u16, retry_after: Option<Duration>) -> Failure {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Failure::Status {
            status,
            retry_after,
        }
    }

    #[test]
    fn retries_only_transient_failures_of_idempotent_calls() {
        let policy = RetryPolicy::default();
        let mut schedule = policy.schedule(true);
        schedule.begin();
        for code in [429, 502, 503, 504] {
            assert!(schedule.retry_delay(status(code, None)).is_some(), "{code}");
        }
        for code in [400, 401, 404, 422, 500, 501] {
            assert!(schedule.retry_delay(status(code, None)).is_none(), "{code}");
        }
        assert!(schedule.retry_delay(Failure::Transport).is_some());

        let mut post = policy.schedule(false);
        post.begin();
        assert!(post.retry_delay(Failure::Transport).is_none());
        let mut opted_in = RetryPolicy::default().retry_non_idempotent(true);
        opted_in = opted_in.max_attempts(2);
        let mut post = opted_in.schedule(false);
        post.begin();
        assert!(post.retry_delay(Failure::Transport).is_some());
    }

    #[test]
    fn stops_after_max_attempts() {
        let policy = RetryPolicy::default().max_attempts(2);
        let mut schedule = policy.schedule(true);
        schedule.begin();
        assert!(schedule.retry_delay(Failure::Transport).is_some());
        schedule.begin();
        assert!(schedule.retry_delay(Failure::Transport).is_none());
        schedule.grant_extra_attempt();
        assert!(schedule.retry_delay(Failure::Transport).is_some());
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_cap() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        let mut schedule = policy.schedule(true);
        for cap in [100, 200, 350, 350] {
            schedule.begin();
            for _ in 0..50 {
                let delay = schedule
                    .retry_delay(Failure::Transport)
                    .unwrap_or(Duration::MAX);
                assert!(delay <= Duration::from_millis(cap), "{delay:?} > {cap} ms");
            }
        }
    }

    #[test]
    fn retry_after_wins_but_never_past_the_time_budget() {
        let policy = RetryPolicy::default().max_elapsed(Duration::from_secs(5));
        let mut schedule = policy.schedule(true);
        schedule.begin();
        let wait = Duration::from_secs(2);
        assert_eq!(schedule.retry_delay(status(503, Some(wait))), Some(wait));
        assert_eq!(
            schedule.retry_delay(status(429, Some(Duration::from_secs(60)))),
            None
        );
    }

    #[test]
    fn parses_both_forms_of_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:30 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }
}
