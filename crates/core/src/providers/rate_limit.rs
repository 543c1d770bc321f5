//! The per-account request limiter (governor) every pulling provider shares with itself:
//! one per integration, so concurrent callers on one account respect one limit.

use governor::{DefaultDirectRateLimiter, Quota};
use std::num::NonZeroU32;
use std::sync::Arc;

pub type RateLimiter = DefaultDirectRateLimiter;

/// A limiter at `requests_per_second`, with no burst so requests stay evenly spaced.
pub fn rate_limiter(requests_per_second: u32) -> Arc<RateLimiter> {
    let rate = NonZeroU32::new(requests_per_second).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::direct(
        Quota::per_second(rate).allow_burst(NonZeroU32::MIN),
    ))
}
