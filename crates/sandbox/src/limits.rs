//! The provider's rate limits: 3 requests per second and 30,000 per day per access token
//! (the real API counts per company; the sandbox has one company per token).
//!
//! Gestão Click does not say which window its "per second" uses, so by default the sandbox
//! takes the strictest reading: at most 3 admitted requests in any window of one second,
//! both ends included. `lenient` keeps the older GCRA (governor), which lets a client that
//! only paces evenly get away with more.

use crate::config::today_in_sao_paulo;
use crate::locks::lock;
use chrono::{TimeDelta, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::{HashMap, VecDeque};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const PER_SECOND: NonZeroU32 = NonZeroU32::new(3).expect("3 is not zero");
const WINDOW: Duration = Duration::from_secs(1);
const PER_DAY: u32 = 30_000;

/// Why a request was refused, with the `Retry-After` to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub retry_after_secs: u64,
}

pub(crate) struct Limits {
    enforce: AtomicBool,
    per_second: PerSecond,
    /// Per token: the São Paulo date being counted and the requests admitted on it.
    per_day: Mutex<HashMap<String, (chrono::NaiveDate, u32)>>,
}

enum PerSecond {
    /// Per token, the instants of the requests admitted in the last second.
    Strict(Mutex<HashMap<String, SlidingWindow>>),
    Lenient(DefaultKeyedRateLimiter<String>),
}

/// The requests one token had admitted within the last window.
#[derive(Debug, Default)]
struct SlidingWindow {
    admitted: VecDeque<Instant>,
}

impl Limits {
    pub fn new(enforce: bool, lenient: bool) -> Limits {
        let per_second = if lenient {
            PerSecond::Lenient(DefaultKeyedRateLimiter::keyed(Quota::per_second(
                PER_SECOND,
            )))
        } else {
            PerSecond::Strict(Mutex::new(HashMap::new()))
        };
        Limits {
            enforce: AtomicBool::new(enforce),
            per_second,
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
        match &self.per_second {
            PerSecond::Strict(windows) => {
                let now = Instant::now();
                let mut windows = lock(windows);
                let window = windows.entry(token.to_string()).or_default();
                window.check(now).map_err(|wait| Refusal {
                    retry_after_secs: whole_seconds_past(wait),
                })?;
                // Only an admitted request takes a place in the window.
                self.admit_today(token)?;
                window.record(now);
                Ok(())
            }
            PerSecond::Lenient(limiter) => {
                if limiter.check_key(&token.to_string()).is_err() {
                    return Err(Refusal {
                        retry_after_secs: 1,
                    });
                }
                self.admit_today(token)
            }
        }
    }

    fn admit_today(&self, token: &str) -> Result<(), Refusal> {
        let today = today_in_sao_paulo();
        let mut per_day = lock(&self.per_day);
        let (date, count) = per_day.entry(token.to_string()).or_insert((today, 0));
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

impl SlidingWindow {
    /// `Err(wait)` when 3 requests were admitted within the window ending at `now`: after
    /// more than `wait`, the oldest of them has left it.
    fn check(&mut self, now: Instant) -> Result<(), Duration> {
        // Inclusive: a request admitted exactly one second ago is still in the window.
        while let Some(oldest) = self.admitted.front()
            && now.duration_since(*oldest) > WINDOW
        {
            self.admitted.pop_front();
        }
        match self.admitted.front() {
            Some(oldest) if self.admitted.len() >= PER_SECOND.get() as usize => {
                Err(WINDOW.saturating_sub(now.duration_since(*oldest)))
            }
            _ => Ok(()),
        }
    }

    fn record(&mut self, now: Instant) {
        self.admitted.push_back(now);
    }
}

/// The whole seconds of a `Retry-After` that ends strictly after `wait`.
fn whole_seconds_past(wait: Duration) -> u64 {
    wait.as_secs() + 1
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

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Admits at each offset from one instant; true where admitted.
    fn admitted_at(offsets: &[Duration]) -> Vec<bool> {
        let t0 = Instant::now();
        let mut window = SlidingWindow::default();
        offsets
            .iter()
            .map(|offset| {
                let now = t0 + *offset;
                let admitted = window.check(now).is_ok();
                if admitted {
                    window.record(now);
                }
                admitted
            })
            .collect()
    }

    #[test]
    fn a_fourth_request_within_one_second_is_refused_both_ends_included() {
        assert_eq!(
            admitted_at(&[ms(0), ms(300), ms(600), ms(1_000)]),
            [true, true, true, false]
        );
        assert_eq!(
            admitted_at(&[ms(0), ms(300), ms(600), ms(1_001)]),
            [true, true, true, true]
        );
    }

    #[test]
    fn evenly_paced_at_three_per_second_is_still_refused_on_the_boundary() {
        // What a GCRA admits: one every 1/3 s, so 0, 1/3, 2/3 and 1 s share a window.
        let third = WINDOW / 3;
        let offsets: Vec<Duration> = (0..4).map(|i| third * i).collect();
        assert_eq!(admitted_at(&offsets), [true, true, true, false]);
    }

    #[test]
    fn a_burst_gets_only_the_places_earlier_requests_left() {
        assert_eq!(
            admitted_at(&[ms(0), ms(900), ms(1_500), ms(1_501), ms(1_502), ms(1_900)]),
            [true, true, true, true, false, false]
        );
    }

    #[test]
    fn refused_requests_take_no_place_and_retry_after_waits_past_the_oldest() {
        let t0 = Instant::now();
        let mut window = SlidingWindow::default();
        for offset in [0, 400, 800] {
            window.check(t0 + ms(offset)).expect("admitted");
            window.record(t0 + ms(offset));
        }
        assert_eq!(window.check(t0 + ms(900)), Err(ms(100)));
        assert_eq!(whole_seconds_past(ms(100)), 1);
        assert_eq!(window.check(t0 + ms(1_000)), Err(Duration::ZERO));
        assert_eq!(window.check(t0 + ms(1_001)), Ok(()));
        assert_eq!(
            whole_seconds_past(WINDOW),
            2,
            "a full second is not past it"
        );
    }

    #[test]
    fn the_lenient_limiter_admits_three_at_once_then_refuses() {
        let limits = Limits::new(true, true);
        let outcomes: Vec<bool> = (0..6).map(|_| limits.admit("token").is_ok()).collect();
        assert_eq!(&outcomes[..3], &[true, true, true]);
        assert!(outcomes[3..].contains(&false));
    }

    #[test]
    fn the_strict_limiter_refuses_a_fourth_at_once_and_keeps_tokens_apart() {
        let limits = Limits::new(true, false);
        let outcomes: Vec<bool> = (0..5).map(|_| limits.admit("token").is_ok()).collect();
        assert_eq!(outcomes, [true, true, true, false, false]);
        assert_eq!(
            limits.admit("token"),
            Err(Refusal {
                retry_after_secs: 1
            })
        );
        assert!(limits.admit("another token").is_ok());
    }

    #[test]
    fn nothing_is_refused_when_not_enforced() {
        let limits = Limits::new(false, false);
        assert!((0..50).all(|_| limits.admit("token").is_ok()));
    }
}
