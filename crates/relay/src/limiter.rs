//! The per-channel ingest rate limit: a flood on one channel gets 429s and cannot take
//! the relay (or the other channels) down.

use crate::config::RateLimit;
use crate::error::RelayError;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};

pub(crate) struct ChannelLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl ChannelLimiter {
    pub fn new(limit: RateLimit) -> ChannelLimiter {
        let quota = Quota::per_second(limit.per_second).allow_burst(limit.burst);
        ChannelLimiter {
            limiter: DefaultKeyedRateLimiter::keyed(quota),
        }
    }

    /// Admits one ingest on `channel`, or says when to come back (whole seconds, at least
    /// one, for `Retry-After`).
    pub fn admit(&self, channel: &str) -> Result<(), RelayError> {
        let Err(not_until) = self.limiter.check_key(&channel.to_string()) else {
            return Ok(());
        };
        let wait = not_until.wait_time_from(self.limiter.clock().now());
        let whole_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Err(RelayError::RateLimited {
            retry_after_secs: whole_secs.max(1),
        })
    }

    /// Forgets channels whose bucket is full again, so the map holds only active ones.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    #[test]
    fn a_burst_beyond_the_limit_is_refused_with_a_retry_after() {
        let limiter = ChannelLimiter::new(RateLimit {
            per_second: NonZeroU32::new(1).unwrap(),
            burst: NonZeroU32::new(2).unwrap(),
        });
        assert!(limiter.admit("a").is_ok());
        assert!(limiter.admit("a").is_ok());
        match limiter.admit("a") {
            Err(RelayError::RateLimited { retry_after_secs }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(limiter.admit("b").is_ok(), "channels have separate buckets");
    }
}
