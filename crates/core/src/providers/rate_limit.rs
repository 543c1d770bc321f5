//! The per-account request pacing every pulling provider shares with itself: one limiter
//! per integration, so concurrent callers on one account respect one limit.
//!
//! The rule is the strictest reading of "N requests per second": never more than N
//! requests in any sliding one-second window, as the provider's server sees them. A token
//! bucket (governor's GCRA) cannot promise that: after a pause it releases a burst that,
//! added to the requests just before the pause, puts more than N in one window. So the
//! limiter keeps a log of the last requests instead, and a request may start only when
//! fewer than N of them can still fall in the server's window.
//!
//! When did the server count a request? Somewhere between its start and its answer, and
//! on a busy machine or network the start can be far from it (a cross-process test under
//! load got a 429 when a request was counted from 35 ms after its start). So a request
//! counts from its answer, which is safe whatever the network or the scheduler did; a
//! request still waiting for its answer holds its place in the window. Only one whose
//! answer never comes (a failed send, a cancelled run) or comes after
//! `IN_FLIGHT_ALLOWANCE` counts from `start + IN_FLIGHT_ALLOWANCE`, so a lost answer does
//! not block the account forever.
//!
//! Requests also queue by `RequestPriority`: one may start only when no request of a
//! higher priority, nor an earlier one of the same priority, is waiting. So an operator's
//! write that arrives during a long scheduled sync takes the very next free place in the
//! window, ahead of the sync's next page, and equal priorities start first come, first
//! served.

use crate::locks::lock;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::{Instant, sleep_until};

/// The provider's window.
const WINDOW: Duration = Duration::from_secs(1);

/// Added to every window: the provider's clock is not ours (drift, a coarse timer), and a
/// window that ends exactly where the next starts is the boundary a strict server refuses.
const MARGIN: Duration = Duration::from_millis(5);

/// How long after its start a request without an answer stops being waited for: a request
/// that reaches the server later than this is beyond any scheduling or network delay seen
/// here. Each window stretches by its oldest request's answer time (milliseconds on
/// loopback, where the bench measures the pace at about 1% over the ideal).
const IN_FLIGHT_ALLOWANCE: Duration = Duration::from_secs(1);

/// Who a request is for, in the order they pass each other while waiting: `Ord` puts a
/// higher priority above a lower one (`ManualWrite` is the greatest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestPriority {
    /// A scheduled sync's pages: nobody is watching them.
    ScheduledSync,
    /// The pages a webhook asked to re-read.
    WebhookFollowUp,
    /// A sync the operator started and is watching.
    ManualSync,
    /// A change the operator asked to send to the provider.
    ManualWrite,
}

/// Paces the requests to one account: at most `limit` in any sliding window of one second.
pub struct RateLimiter {
    limit: usize,
    log: Mutex<Log>,
    /// Woken when an answer arrives, a request starts or a waiter leaves: each may let a
    /// waiting request start sooner.
    changed: Notify,
}

/// The requests that can still fall in a window, each with an id its permit finds it by,
/// and the requests waiting to start.
#[derive(Default)]
struct Log {
    next_id: u64,
    requests: Vec<Logged>,
    next_ticket: u64,
    /// Highest priority first, then first come.
    waiting: BTreeSet<WaitKey>,
}

/// A waiting request's place in the queue.
type WaitKey = (Reverse<RequestPriority>, u64);

/// A place in the queue, given up when the wait ends in any way: a start, or a caller
/// that stopped waiting midway (so it never blocks the requests behind it).
struct Waiting<'a> {
    limiter: &'a RateLimiter,
    key: WaitKey,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        lock(&self.limiter.log).waiting.remove(&self.key);
        self.limiter.changed.notify_waiters();
    }
}

struct Logged {
    id: u64,
    started: Instant,
    answered: Option<Instant>,
}

/// The right to send one request, taken from a `RateLimiter`. Dropping it without calling
/// `answered` (a failed send, a cancelled run) leaves the request counted from its start
/// plus the allowance.
#[must_use = "send the request, then call `answered`"]
pub struct Permit<'a> {
    limiter: &'a RateLimiter,
    id: u64,
}

/// A limiter at `requests_per_second` (at least 1).
pub fn rate_limiter(requests_per_second: u32) -> Arc<RateLimiter> {
    Arc::new(RateLimiter::new(requests_per_second))
}

impl RateLimiter {
    pub fn new(requests_per_second: u32) -> RateLimiter {
        RateLimiter {
            limit: usize::try_from(requests_per_second.max(1)).unwrap_or(usize::MAX),
            log: Mutex::new(Log::default()),
            changed: Notify::new(),
        }
    }

    /// Waits until a request of `priority` may start now, and logs it as started.
    /// Cancel-safe: a call dropped while waiting has logged nothing and left the queue.
    pub async fn acquire(&self, priority: RequestPriority) -> Permit<'_> {
        let waiting = {
            let mut log = lock(&self.log);
            let key = (Reverse(priority), log.next_ticket);
            log.next_ticket += 1;
            log.waiting.insert(key);
            Waiting { limiter: self, key }
        };
        loop {
            // Registered before reading the log, so a change that happens in between
            // still wakes this call.
            let changed = self.changed.notified();
            // When the window lets this request start, if it is first in line; `None`
            // when someone is ahead, who wakes it by starting or leaving.
            let window_frees_at = {
                let mut log = lock(&self.log);
                let now = Instant::now();
                if log.waiting.first() != Some(&waiting.key) {
                    None
                } else {
                    match log.ready_at(now, self.limit) {
                        None => {
                            log.waiting.remove(&waiting.key);
                            let id = log.start(now);
                            drop(log);
                            // Wakes the next in line, which may fit in the window too.
                            drop(waiting);
                            return Permit { limiter: self, id };
                        }
                        Some(at) => Some(at),
                    }
                }
            };
            match window_frees_at {
                Some(at) => {
                    tokio::select! {
                        () = sleep_until(at) => {}
                        () = changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

impl Permit<'_> {
    /// The answer arrived (any HTTP status): the server counted the request by now.
    pub fn answered(self) {
        let now = Instant::now();
        if let Some(request) = lock(&self.limiter.log)
            .requests
            .iter_mut()
            .find(|request| request.id == self.id)
        {
            request.answered = Some(now);
        }
        self.limiter.changed.notify_waiters();
    }
}

impl Logged {
    /// The latest instant the server may have counted this request at.
    fn counted_at(&self) -> Instant {
        let allowance = self.started + IN_FLIGHT_ALLOWANCE;
        self.answered.map_or(allowance, |at| at.min(allowance))
    }
}

impl Log {
    /// `None` when a request may start at `now`; otherwise the instant it may, unless an
    /// answer arrives first.
    fn ready_at(&mut self, now: Instant, limit: usize) -> Option<Instant> {
        // A request whose window has ended no longer constrains anything.
        self.requests
            .retain(|request| request.counted_at() + WINDOW + MARGIN > now);
        if self.requests.len() < limit {
            return None;
        }
        // With `limit` or more requests still in a window, the next may start once all but
        // `limit - 1` of them have left it: when the `limit`-th latest one does.
        let mut counted: Vec<Instant> = self.requests.iter().map(Logged::counted_at).collect();
        let (_, nth_latest, _) = counted.select_nth_unstable_by(limit - 1, |a, b| b.cmp(a));
        Some(*nth_latest + WINDOW + MARGIN)
    }

    fn start(&mut self, now: Instant) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.requests.push(Logged {
            id,
            started: now,
            answered: None,
        });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestPriority::{ManualSync, ManualWrite, ScheduledSync};
    use tokio::time::{advance, timeout};

    const FULL_WINDOW: Duration = WINDOW.saturating_add(MARGIN);

    /// Every `limit + 1` consecutive starts span more than the window and its margin.
    fn assert_window_rule(starts: &[Instant], limit: usize) {
        let mut sorted = starts.to_vec();
        sorted.sort();
        for (i, pair) in sorted.windows(limit + 1).enumerate() {
            assert!(
                pair[limit] - pair[0] >= FULL_WINDOW,
                "starts {i}..={} span {:?}",
                i + limit,
                pair[limit] - pair[0]
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn answered_at_once_n_start_together_then_one_window_later() {
        let limiter = RateLimiter::new(3);
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..9 {
            let permit = limiter.acquire(ScheduledSync).await;
            starts.push(Instant::now());
            permit.answered();
        }
        assert_window_rule(&starts, 3);
        let offsets: Vec<Duration> = starts.iter().map(|s| *s - t0).collect();
        let window = FULL_WINDOW;
        assert_eq!(
            offsets,
            [
                Duration::ZERO,
                Duration::ZERO,
                Duration::ZERO,
                window,
                window,
                window,
                window * 2,
                window * 2,
                window * 2,
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_counts_from_its_answer() {
        let limiter = RateLimiter::new(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            let permit = limiter.acquire(ScheduledSync).await;
            advance(Duration::from_millis(10)).await;
            permit.answered();
        }
        limiter.acquire(ScheduledSync).await.answered();
        assert_eq!(Instant::now() - t0, Duration::from_millis(10) + FULL_WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_or_unanswered_request_counts_from_start_plus_the_allowance() {
        let limiter = RateLimiter::new(3);
        let t0 = Instant::now();
        // One answered late, two never (a failed send, a cancelled run).
        let slow = limiter.acquire(ScheduledSync).await;
        drop(limiter.acquire(ScheduledSync).await);
        drop(limiter.acquire(ScheduledSync).await);
        advance(IN_FLIGHT_ALLOWANCE + Duration::from_millis(500)).await;
        slow.answered();
        limiter.acquire(ScheduledSync).await.answered();
        assert_eq!(Instant::now() - t0, IN_FLIGHT_ALLOWANCE + FULL_WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_wakes_a_waiting_request_early() {
        let limiter = Arc::new(RateLimiter::new(2));
        let t0 = Instant::now();
        let first = limiter.acquire(ScheduledSync).await;
        let second = limiter.acquire(ScheduledSync).await;
        let waiter = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.acquire(ScheduledSync).await.answered();
                Instant::now()
            }
        });
        advance(Duration::from_millis(3)).await;
        first.answered();
        second.answered();
        let started = waiter.await.expect("waiter");
        assert_eq!(started - t0, Duration::from_millis(3) + FULL_WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_dropped_midway_takes_no_place() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        limiter.acquire(ScheduledSync).await.answered();
        let gave_up = timeout(Duration::from_millis(100), limiter.acquire(ScheduledSync)).await;
        assert!(gave_up.is_err(), "the window was still full");
        assert_eq!(lock(&limiter.log).requests.len(), 1);
        assert!(
            lock(&limiter.log).waiting.is_empty(),
            "left no place in the queue"
        );
        limiter.acquire(ScheduledSync).await.answered();
        assert_eq!(Instant::now() - t0, FULL_WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_window() {
        let limiter = Arc::new(RateLimiter::new(3));
        let callers: Vec<_> = (0..8u64)
            .map(|caller| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    let mut starts = Vec::new();
                    for request in 0..4u64 {
                        let permit = limiter.acquire(ScheduledSync).await;
                        starts.push(Instant::now());
                        // Latencies from 1 to 64 ms.
                        let latency = 1 + (caller * 7 + request * 13) % 64;
                        tokio::time::sleep(Duration::from_millis(latency)).await;
                        permit.answered();
                    }
                    starts
                })
            })
            .collect();
        let mut starts = Vec::new();
        for caller in callers {
            starts.extend(caller.await.expect("caller"));
        }
        assert_eq!(starts.len(), 32);
        assert_window_rule(&starts, 3);
    }

    /// Lets the spawned callers run until `n` of them wait in the queue: their order of
    /// arrival is then the order they were spawned in.
    async fn until_waiting(limiter: &RateLimiter, n: usize) {
        while lock(&limiter.log).waiting.len() < n {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_manual_write_takes_the_next_slot_ahead_of_a_scheduled_sync() {
        let limiter = Arc::new(RateLimiter::new(3));
        let t0 = Instant::now();
        // A long scheduled sync: page after page, each answered at once.
        let sync = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                let mut started = Vec::new();
                for _ in 0..9 {
                    let permit = limiter.acquire(ScheduledSync).await;
                    started.push((permit.id, Instant::now()));
                    permit.answered();
                }
                started
            }
        });
        // The write arrives while the sync waits for the second window.
        until_waiting(&limiter, 1).await;
        advance(Duration::from_millis(500)).await;
        let write = limiter.acquire(ManualWrite).await;
        let (write_id, write_start) = (write.id, Instant::now());
        write.answered();
        let sync_starts = sync.await.expect("sync");
        assert_eq!(write_start - t0, FULL_WINDOW, "the very next free slot");
        // Three pages fit the first window; the write is the request right after them.
        assert_eq!(write_id, 3);
        let ids: Vec<u64> = sync_starts.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, [0, 1, 2, 4, 5, 6, 7, 8, 9]);
        let mut starts: Vec<Instant> = sync_starts.iter().map(|(_, at)| *at).collect();
        starts.push(write_start);
        assert_window_rule(&starts, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_start_by_priority_then_in_order_of_arrival() {
        let limiter = Arc::new(RateLimiter::new(1));
        let held = limiter.acquire(ScheduledSync).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let arrivals = [
            ("agendada 1", ScheduledSync),
            ("manual 1", ManualSync),
            ("agendada 2", ScheduledSync),
            ("escrita", ManualWrite),
            ("manual 2", ManualSync),
        ];
        let mut callers = Vec::new();
        for (n, (name, priority)) in arrivals.into_iter().enumerate() {
            callers.push(tokio::spawn({
                let (limiter, order) = (limiter.clone(), order.clone());
                async move {
                    let permit = limiter.acquire(priority).await;
                    lock(&order).push(name);
                    permit.answered();
                }
            }));
            until_waiting(&limiter, n + 1).await;
        }
        held.answered();
        for caller in callers {
            caller.await.expect("caller");
        }
        assert_eq!(
            *lock(&order),
            [
                "escrita",
                "manual 1",
                "manual 2",
                "agendada 1",
                "agendada 2"
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_higher_priority_wait_dropped_midway_unblocks_the_lower_ones() {
        let limiter = Arc::new(RateLimiter::new(1));
        let t0 = Instant::now();
        limiter.acquire(ScheduledSync).await.answered();
        let sync = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.acquire(ScheduledSync).await.answered();
                Instant::now()
            }
        });
        until_waiting(&limiter, 1).await;
        let gave_up = timeout(Duration::from_millis(100), limiter.acquire(ManualWrite)).await;
        assert!(gave_up.is_err(), "the window was still full");
        let started = sync.await.expect("sync");
        assert_eq!(started - t0, FULL_WINDOW);
        assert!(lock(&limiter.log).waiting.is_empty());
    }

    #[test]
    fn zero_requests_per_second_means_one() {
        assert_eq!(RateLimiter::new(0).limit, 1);
    }
}
