//! Fault injection on API routes: random 500s, latency and truncated bodies at the
//! configured rates, and a queue of deterministic faults from `fail_next` that wins over
//! the rates.

use crate::config::Faults;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 500 with an HTML body, as a failing proxy would send.
    ServerError,
    /// HTTP 429 with the provider's message, and `Retry-After` when given.
    TooManyRequests { retry_after_secs: Option<u64> },
    /// HTTP 200 with the real body cut in half.
    Malformed,
    /// The real answer, `ms` late.
    Delay { ms: u64 },
}

/// What happens to one API request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FaultPlan {
    pub fault: Option<FaultKind>,
    pub latency_ms: u64,
}

#[derive(Debug)]
pub(crate) struct FaultInjector {
    rates: Faults,
    /// `(remaining, kind)` runs, consumed front first.
    queued: VecDeque<(u32, FaultKind)>,
    rng: ChaCha8Rng,
}

impl FaultInjector {
    pub fn new(rates: Faults, seed: u64) -> FaultInjector {
        FaultInjector {
            rates,
            queued: VecDeque::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn set_rates(&mut self, rates: Faults) {
        self.rates = rates;
    }

    pub fn queue(&mut self, count: u32, kind: FaultKind) {
        if count > 0 {
            self.queued.push_back((count, kind));
        }
    }

    pub fn plan_next(&mut self) -> FaultPlan {
        let latency_ms = self.rates.latency_ms;
        if let Some((remaining, kind)) = self.queued.front_mut() {
            let fault = Some(*kind);
            *remaining -= 1;
            if *remaining == 0 {
                self.queued.pop_front();
            }
            return FaultPlan { fault, latency_ms };
        }
        // Comparing a uniform draw with the rate tolerates rates outside 0..=1 (and NaN)
        // sent to the admin endpoint, where `random_bool` would panic.
        let fault = if self.rng.random::<f64>() < self.rates.failure_rate {
            Some(FaultKind::ServerError)
        } else if self.rng.random::<f64>() < self.rates.malformed_rate {
            Some(FaultKind::Malformed)
        } else {
            None
        };
        FaultPlan { fault, latency_ms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_faults_come_first_and_run_out() {
        let mut injector = FaultInjector::new(Faults::default(), 1);
        injector.queue(2, FaultKind::ServerError);
        injector.queue(1, FaultKind::Malformed);
        let faults: Vec<_> = (0..4).map(|_| injector.plan_next().fault).collect();
        assert_eq!(
            faults,
            [
                Some(FaultKind::ServerError),
                Some(FaultKind::ServerError),
                Some(FaultKind::Malformed),
                None
            ]
        );
    }

    #[test]
    fn full_failure_rate_fails_every_request() {
        let rates = Faults {
            failure_rate: 1.0,
            ..Faults::default()
        };
        let mut injector = FaultInjector::new(rates, 1);
        assert!((0..50).all(|_| injector.plan_next().fault == Some(FaultKind::ServerError)));
    }
}
