//! The bearer token a secured call carries: a fixed one, or one obtained with client credentials and cached
//! until shortly before it expires. However many calls need a token at once, one request goes to the token
//! endpoint; the others wait for its answer, success or failure.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::error::AuthError;
use crate::secret::Secret;
use crate::token::{ClientCredentials, Exchange, IssuedToken};

/// Refresh this long before expiry at most; for short-lived tokens, a tenth of the lifetime.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// What a client authenticates with.
#[derive(Debug, Clone)]
pub(crate) enum Credentials {
    /// Secured operations are sent without a token (and the server answers 401).
    None,
    /// A token the caller obtained.
    Bearer(Secret),
    /// Client credentials, exchanged for tokens as needed.
    ClientCredentials(ClientCredentials),
}

/// A token as sent on a call.
#[derive(Debug)]
pub(crate) struct BearerToken {
    pub(crate) value: Secret,
    /// Which issued token this is, so a 401 clears the cache only if nobody refreshed it since.
    generation: u64,
    refresh_at: Option<Instant>,
}

impl BearerToken {
    fn issued(token: IssuedToken, generation: u64, now: Instant) -> Self {
        // A lifetime too long for the clock to represent never expires.
        let refresh_at = token.lifetime.and_then(|lifetime| {
            let margin = REFRESH_MARGIN.min(lifetime / 10);
            now.checked_add(lifetime.saturating_sub(margin))
        });
        Self {
            value: token.access_token,
            generation,
            refresh_at,
        }
    }

    fn is_fresh(&self, now: Instant) -> bool {
        self.refresh_at.is_none_or(|refresh_at| now < refresh_at)
    }
}

/// The credentials of a client and, for client credentials, its token cache. Shared by a client's clones.
#[derive(Debug)]
pub(crate) struct Authenticator {
    credentials: Credentials,
    fixed: Option<Arc<BearerToken>>,
    cache: Mutex<Cache>,
    /// Token requests finished so far, readable without the lock.
    exchanges: AtomicU64,
}

#[derive(Debug, Default)]
struct Cache {
    token: Option<Arc<BearerToken>>,
    /// The outcome of the latest token request, when it failed.
    failure: Option<AuthError>,
}

impl Authenticator {
    pub(crate) fn new(credentials: Credentials) -> Self {
        let fixed = match &credentials {
            Credentials::Bearer(value) => Some(Arc::new(BearerToken {
                value: value.clone(),
                generation: 0,
                refresh_at: None,
            })),
            _ => None,
        };
        Self {
            credentials,
            fixed,
            cache: Mutex::new(Cache::default()),
            exchanges: AtomicU64::new(0),
        }
    }

    /// Whether secured calls carry a token at all.
    pub(crate) fn has_credentials(&self) -> bool {
        !matches!(self.credentials, Credentials::None)
    }

    /// Whether a rejected token can be replaced by a new one.
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self.credentials, Credentials::ClientCredentials(_))
    }

    /// The client secret, for scrubbing what servers send back.
    pub(crate) fn client_secret(&self) -> Option<&Secret> {
        match &self.credentials {
            Credentials::ClientCredentials(credentials) => Some(&credentials.client_secret),
            _ => None,
        }
    }

    /// The token to send, fetching one if the cache has none fresh. `None` without credentials.
    pub(crate) async fn token(
        &self,
        exchange: Exchange<'_>,
    ) -> Result<Option<Arc<BearerToken>>, AuthError> {
        let credentials = match &self.credentials {
            Credentials::None => return Ok(None),
            Credentials::Bearer(_) => return Ok(self.fixed.clone()),
            Credentials::ClientCredentials(credentials) => credentials,
        };
        let seen = self.exchanges.load(Ordering::Acquire);
        let mut cache = self.cache.lock().await;
        let now = Instant::now();
        if let Some(token) = cache.token.as_ref().filter(|token| token.is_fresh(now)) {
            return Ok(Some(Arc::clone(token)));
        }
        if self.exchanges.load(Ordering::Acquire) > seen
            && let Some(failure) = &cache.failure
        {
            // A request made while this call waited for the lock has just failed: share its answer.
            return Err(failure.clone());
        }
        let outcome = exchange.fetch(credentials).await;
        let generation = self.exchanges.fetch_add(1, Ordering::AcqRel) + 1;
        match outcome {
            Ok(issued) => {
                let token = Arc::new(BearerToken::issued(issued, generation, Instant::now()));
                *cache = Cache {
                    token: Some(Arc::clone(&token)),
                    failure: None,
                };
                Ok(Some(token))
            }
            Err(error) => {
                *cache = Cache {
                    token: None,
                    failure: Some(error.clone()),
                };
                Err(error)
            }
        }
    }

    /// Forgets `rejected` after the server refused it, unless it was already replaced.
    pub(crate) async fn invalidate(&self, rejected: &BearerToken) {
        let mut cache = self.cache.lock().await;
        if cache
            .token
            .as_ref()
            .is_some_and(|token| token.generation == rejected.generation)
        {
            cache.token = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(lifetime: Option<u64>) -> IssuedToken {
        IssuedToken {
            access_token: Secret::new("t"),
            lifetime: lifetime.map(Duration::from_secs),
        }
    }

    #[test]
    fn refreshes_shortly_before_expiry() {
        let now = Instant::now();
        let hour = BearerToken::issued(issued(Some(3600)), 1, now);
        assert!(hour.is_fresh(now + Duration::from_secs(3539)));
        assert!(!hour.is_fresh(now + Duration::from_secs(3540)));
        let short = BearerToken::issued(issued(Some(10)), 1, now);
        assert!(short.is_fresh(now + Duration::from_secs(8)));
        assert!(!short.is_fresh(now + Duration::from_secs(9)));
        let forever = BearerToken::issued(issued(None), 1, now);
        assert!(forever.is_fresh(now + Duration::from_secs(1_000_000)));
    }
}
