//! Fault injection on API routes, reads and writes alike: random 500s, latency and
//! truncated bodies at the configured rates, and a queue of deterministic faults from
//! `fail_next` that wins over the rates.

use crate::config::Faults;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A fault for the next requests. As JSON (`POST /__sandbox/faults/next`), the kind is a
/// tag beside its fields: `{"kind": "too_many_requests", "retry_after_secs": 2}`,
/// `{"kind": "drop_answer_after_write"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 500 with an HTML body, as a failing proxy would send.
    ServerError,
    /// HTTP 429 with the provider's message, and `Retry-After` when given.
    TooManyRequests { retry_after_secs: Option<u64> },
    /// HTTP 200 with the real body cut in half (a write is applied first).
    Malformed,
    /// The real answer, `ms` late. A write is applied first, then its answer waits.
    Delay { ms: u64 },
    /// On a PUT: the write is applied, then the connection is cut before the answer's
    /// body, so the client cannot tell whether it landed (the lost answer that "no double
    /// writes" must survive). On a GET, nothing is written: it acts like `Malformed`.
    DropAnswerAfterWrite,
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
    /// The same for writes only; a write takes from here before `queued`.
    queued_writes: VecDeque<(u32, FaultKind)>,
    rng: ChaCha8Rng,
}

impl FaultInjector {
    pub fn new(rates: Faults, seed: u64) -> FaultInjector {
        FaultInjector {
            rates,
            queued: VecDeque::new(),
            queued_writes: VecDeque::new(),
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

    /// Queues a fault that only writes (PUT) take; reads pass it by.
    pub fn queue_writes(&mut self, count: u32, kind: FaultKind) {
        if count > 0 {
            self.queued_writes.push_back((count, kind));
        }
    }

    /// The plan for the next request; `write` when it is a PUT.
    pub fn plan_next(&mut self, write: bool) -> FaultPlan {
        let latency_ms = self.rates.latency_ms;
        let queued = write
            .then(|| take_queued(&mut self.queued_writes))
            .flatten()
            .or_else(|| take_queued(&mut self.queued));
        if let Some(kind) = queued {
            return FaultPlan {
                fault: Some(kind),
                latency_ms,
            };
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

/// One fault off the front run of `queue`, dropping the run once used up.
fn take_queued(queue: &mut VecDeque<(u32, FaultKind)>) -> Option<FaultKind> {
    let (remaining, kind) = queue.front_mut()?;
    let kind = *kind;
    *remaining -= 1;
    if *remaining == 0 {
        queue.pop_front();
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_faults_come_first_and_run_out() {
        let mut injector = FaultInjector::new(Faults::default(), 1);
        injector.queue(2, FaultKind::ServerError);
        injector.queue(1, FaultKind::Malformed);
        let faults: Vec<_> = (0..4).map(|_| injector.plan_next(false).fault).collect();
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
        assert!((0..50).all(|_| injector.plan_next(false).fault == Some(FaultKind::ServerError)));
    }

    #[test]
    fn write_faults_wait_for_a_write_and_come_before_the_shared_queue() {
        let mut injector = FaultInjector::new(Faults::default(), 1);
        injector.queue(1, FaultKind::Malformed);
        injector.queue_writes(1, FaultKind::DropAnswerAfterWrite);
        assert_eq!(injector.plan_next(false).fault, Some(FaultKind::Malformed));
        assert_eq!(injector.plan_next(false).fault, None);
        assert_eq!(
            injector.plan_next(true).fault,
            Some(FaultKind::DropAnswerAfterWrite)
        );
        assert_eq!(injector.plan_next(true).fault, None);
    }
}
