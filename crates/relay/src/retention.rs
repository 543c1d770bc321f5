//! The background purge: acknowledged events older than the retention period, secrets
//! past their rotation overlap, and idle rate-limit buckets.

use crate::clock::Clock;
use crate::limiter::ChannelLimiter;
use crate::metrics::RelayMetrics;
use crate::store::EventStore;
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A century: "keep forever" in practice, and still a date SQLite text compares right.
const MAX_RETENTION: TimeDelta = TimeDelta::days(36_525);

pub(crate) struct Purger {
    pub store: Arc<dyn EventStore>,
    pub clock: Arc<dyn Clock>,
    pub limiter: Arc<ChannelLimiter>,
    pub metrics: Arc<RelayMetrics>,
    pub retention: Duration,
    pub interval: Duration,
}

impl Purger {
    /// Purges at start, then every `interval`, until `stop` is cancelled.
    pub async fn run(self, stop: CancellationToken) {
        loop {
            self.purge_once().await;
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
        }
    }

    async fn purge_once(&self) {
        let now = self.clock.now();
        let retention = TimeDelta::from_std(self.retention)
            .unwrap_or(TimeDelta::MAX)
            .min(MAX_RETENTION);
        // Cannot overflow once clamped; were it to, purging no events is the safe side.
        let acked_before = now
            .checked_sub_signed(retention)
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        match self.store.purge(acked_before, now).await {
            Ok(purged) => {
                self.metrics.purged(purged.events);
                if purged.events > 0 || purged.secrets > 0 {
                    tracing::info!(
                        events = purged.events,
                        secrets = purged.secrets,
                        "purged acknowledged events past retention and expired secrets"
                    );
                }
            }
            // Retried at the next interval; nothing is lost by waiting.
            Err(error) => tracing::warn!(%error, "purge failed"),
        }
        self.limiter.forget_idle();
    }
}
