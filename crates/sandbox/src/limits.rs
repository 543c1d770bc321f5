//! The provider's rate limits: 3 requests per second and 30,000 per day per access token
//! (the real API counts per company; the sandbox has one company per token).

use crate::config::today_in_sao_paulo;
use crate::locks::lock;
use chrono::{TimeDelta, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

const PER_SECOND: NonZeroU32 = NonZeroU32::new(3).expect("3 is not zero");
const PER_DAY: u32 = 30_000;

/// Why a request was refused, with the `Retry-After` to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub retry_after_secs: u64,
}

pub(crate) struct Limits {
    enforce: AtomicBool,
    per_second: DefaultKeyedRateLimiter<String>,
    /// Per token: the São Paulo date being counted and the requests admitted on it.
    per_day: Mutex<HashMap<String, (chrono::NaiveDate, u32)>>,
}

impl Limits {
    pub fn new(enforce: bool) -> Limits {
        Limits {
            enforce: AtomicBool::new(enforce),
            per_second: DefaultKeyedRateLimiter::keyed(Quota::per_second(PER_SECOND)),
            per_day: Mutex::new(HashMap::new()),
        }
    }

    pub fn set_enforced(&self, on: bool) {
        self.enforce.store(on, Ordering::Relaxed);
    }

    /// Admits one request for `token`, or says how long to wait.
    pub fn admit(&self, token: &str) -> Result<(), Refusal> {
        if !self.enforce.load(Ordering::Relaxed) {
            return Ok(());
        }
        let key = token.to_string();
        if self.per_second.check_key(&key).is_err() {
            return Err(Refusal {
                retry_after_secs: 1,
            });
        }
        let today = today_in_sao_paulo();
        let mut per_day = lock(&self.per_day);
        let (date, count) = per_day.entry(key).or_insert((today, 0));
        if *date != today {
            *date = today;
            *count = 0;
        }
        if *count >= PER_DAY {
            return Err(Refusal {
                retry_after_secs: seconds_until_sao_paulo_midnight(),
            });
        }
        *count += 1;
        Ok(())
    }
}

/// The daily quota renews at midnight in São Paulo.
fn seconds_until_sao_paulo_midnight() -> u64 {
    let now = Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .naive_local();
    let midnight = (now.date() + TimeDelta::days(1)).and_time(chrono::NaiveTime::MIN);
    u64::try_from((midnight - now).num_seconds())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_beyond_three_per_second_is_refused() {
        let limits = Limits::new(true);
        let outcomes: Vec<bool> = (0..6).map(|_| limits.admit("token").is_ok()).collect();
        assert_eq!(&outcomes[..3], &[true, true, true]);
        assert!(outcomes[3..].contains(&false));
    }

    #[test]
    fn nothing_is_refused_when_not_enforced() {
        let limits = Limits::new(false);
        assert!((0..50).all(|_| limits.admit("token").is_ok()));
    }
}
