//! The ingest rate limits: a flood on one channel gets 429s and cannot take the relay (or
//! the other channels) down, and a flood of failed verifications from one address gets
//! 429s of its own, never spending a channel's budget.
//!
//! **Per relay, with the limit divided.** Each relay admits `rate / relay_count` per
//! channel (`--relay-count`), in memory, instead of sharing one bucket through the
//! database. Sharing would put a database round trip (and a hot row per busy channel)
//! before every ingest, in front of the very writes the limit protects; dividing needs
//! nothing shared. The price: the limit is exact only when the load balancer spreads a
//! channel's deliveries evenly. Under an uneven balancer a channel gets less than its
//! limit (all its traffic on one relay meets `rate / relay_count`), never more than
//! `rate` in total, which is the side a limit should err on.
//!
//! The order in ingest: the delivery is verified first, and only a verified one spends
//! its channel's budget; a failed one is charged to its source address.

use crate::config::RateLimit;
use crate::error::RelayError;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{NotUntil, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Source addresses remembered before the full buckets are dropped.
const MAX_TRACKED_SOURCES: usize = 10_000;

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, NoOpMiddleware>;

/// Verified ingests admitted per channel on this relay.
pub(crate) struct ChannelLimiter {
    limiter: Keyed<String>,
}

impl ChannelLimiter {
    /// `limit` for the whole service, divided among `relay_count` relays (each share at
    /// least one per second and a burst of one).
    pub fn new(limit: RateLimit, relay_count: NonZeroU32) -> ChannelLimiter {
        let share =
            |n: NonZeroU32| NonZeroU32::new(n.get() / relay_count).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_second(share(limit.per_second)).allow_burst(share(limit.burst));
        ChannelLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Admits one ingest on `channel`, or says when to come back (whole seconds, at least
    /// one, for `Retry-After`).
    pub fn admit(&self, channel: &str) -> Result<(), RelayError> {
        self.limiter
            .check_key(&channel.to_string())
            .map_err(|not_until| refusal(&self.limiter, &not_until))
    }

    /// Forgets channels whose bucket is full again, so the map holds only active ones.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

/// Failed verifications admitted per source address.
pub(crate) struct FailureLimiter {
    limiter: Keyed<IpAddr>,
}

impl FailureLimiter {
    pub fn new(limit: RateLimit) -> FailureLimiter {
        FailureLimiter {
            limiter: RateLimiter::keyed(
                Quota::per_second(limit.per_second).allow_burst(limit.burst),
            ),
        }
    }

    /// Charges one failed verification to `source`: `Ok` while it is under its limit
    /// (the caller answers 401), the 429 to answer instead once it is over.
    pub fn charge(&self, source: IpAddr) -> Result<(), RelayError> {
        // Spoofed-looking floods from many addresses must not grow the map without end;
        // the channel limiter is trimmed by the purge, this one here.
        if self.limiter.len() > MAX_TRACKED_SOURCES {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&source)
            .map_err(|not_until| refusal(&self.limiter, &not_until))
    }
}

fn refusal<K: Hash + Eq + Clone>(
    limiter: &Keyed<K>,
    not_until: &NotUntil<<DefaultClock as Clock>::Instant>,
) -> RelayError {
    let wait = not_until.wait_time_from(limiter.clock().now());
    let whole_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    RelayError::RateLimited {
        retry_after_secs: whole_secs.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(per_second: u32, burst: u32) -> RateLimit {
        RateLimit {
            per_second: NonZeroU32::new(per_second).unwrap(),
            burst: NonZeroU32::new(burst).unwrap(),
        }
    }

    #[test]
    fn a_burst_beyond_the_limit_is_refused_with_a_retry_after() {
        let limiter = ChannelLimiter::new(limit(1, 2), NonZeroU32::MIN);
        assert!(limiter.admit("a").is_ok());
        assert!(limiter.admit("a").is_ok());
        match limiter.admit("a") {
            Err(RelayError::RateLimited { retry_after_secs }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(limiter.admit("b").is_ok(), "channels have separate buckets");
    }

    #[test]
    fn each_relay_admits_its_share_of_the_burst() {
        let limiter = ChannelLimiter::new(limit(10, 6), NonZeroU32::new(3).unwrap());
        let admitted = (0..6).filter(|_| limiter.admit("a").is_ok()).count();
        assert_eq!(admitted, 2);
    }

    #[test]
    fn failures_are_counted_per_source_address() {
        let limiter = FailureLimiter::new(limit(1, 2));
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limiter.charge(attacker).is_ok());
        assert!(limiter.charge(attacker).is_ok());
        assert!(matches!(
            limiter.charge(attacker),
            Err(RelayError::RateLimited { .. })
        ));
        assert!(limiter.charge("192.0.2.2".parse().unwrap()).is_ok());
    }
}
