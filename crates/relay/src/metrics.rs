//! `/metrics` in the OpenMetrics text format (which Prometheus reads): ingests by
//! outcome, the backlog of every channel, and how pulls waited. No global registry: each
//! running relay owns its own. Every series carries a `relay` label (`--relay-id`, the
//! host name by default), so the scrapes of N relays behind one balancer stay apart.

use crate::error::{RelayError, Result};
use crate::store::EventStore;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::borrow::Cow;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: String,
}

/// How a pull that found nothing ended its wait.
#[derive(Debug, Clone, Copy)]
pub(crate) enum WaitEnd {
    /// An ingest committed on the channel.
    Woken,
    TimedOut,
    /// The relay is shutting down.
    Cancelled,
    /// The client went away, or reading the store failed, mid-wait.
    Abandoned,
}

impl WaitEnd {
    fn label(self) -> &'static str {
        match self {
            WaitEnd::Woken => "woken",
            WaitEnd::TimedOut => "timed_out",
            WaitEnd::Cancelled => "cancelled",
            WaitEnd::Abandoned => "abandoned",
        }
    }
}

pub(crate) struct RelayMetrics {
    registry: Registry,
    ingests: Family<OutcomeLabels, Counter>,
    backlog: Family<ChannelLabels, Gauge>,
    pull_waits: Family<OutcomeLabels, Counter>,
    pulls_waiting: Gauge,
    pull_wait_seconds: Histogram,
    batch_size: Histogram,
    purges: Counter,
    purged_events: Counter,
    connections_open: Gauge,
    connections_shed: Family<ShedLabels, Counter>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShedLabels {
    how: &'static str,
}

/// What the connection cap did to make room or to refuse.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shed {
    /// An older connection with no request running was closed for a new one.
    Evicted,
    /// Served for `/healthz` only, every place being busy.
    Headroom,
    /// Answered 503 and closed at once.
    Refused,
}

impl RelayMetrics {
    pub fn new(relay_id: &str) -> RelayMetrics {
        let mut registry = Registry::with_prefix_and_labels(
            "ponte_relay",
            [(Cow::Borrowed("relay"), Cow::Owned(relay_id.to_string()))].into_iter(),
        );
        let ingests = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "ingests",
            "Webhook deliveries by outcome (stored, duplicate, or the error code)",
            ingests.clone(),
        );
        let backlog = Family::<ChannelLabels, Gauge>::default();
        registry.register(
            "backlog",
            "Events not yet acknowledged, per channel",
            backlog.clone(),
        );
        let pull_waits = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "pull_waits",
            "Pulls that found nothing and waited, by how the wait ended",
            pull_waits.clone(),
        );
        let pulls_waiting = Gauge::default();
        registry.register(
            "pulls_waiting",
            "Pulls waiting right now",
            pulls_waiting.clone(),
        );
        let pull_wait_seconds = Histogram::new([0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0]);
        registry.register(
            "pull_wait_seconds",
            "How long pulls that found nothing waited",
            pull_wait_seconds.clone(),
        );
        let batch_size = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        registry.register(
            "commit_batch_size",
            "Events per group commit",
            batch_size.clone(),
        );
        let purges = Counter::default();
        registry.register("purges", "Runs of the retention purge", purges.clone());
        let purged_events = Counter::default();
        registry.register(
            "purged_events",
            "Acknowledged events deleted after the retention period",
            purged_events.clone(),
        );
        let connections_open = Gauge::default();
        registry.register(
            "connections_open",
            "HTTP connections open right now",
            connections_open.clone(),
        );
        let connections_shed = Family::<ShedLabels, Counter>::default();
        registry.register(
            "connections_shed",
            "Connections the cap evicted, served for /healthz only, or refused",
            connections_shed.clone(),
        );
        RelayMetrics {
            connections_open,
            connections_shed,
            registry,
            ingests,
            backlog,
            pull_waits,
            pulls_waiting,
            pull_wait_seconds,
            batch_size,
            purges,
            purged_events,
        }
    }

    pub fn ingest(&self, outcome: &'static str) {
        self.ingests.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    pub fn commit(&self, events: usize) {
        self.batch_size.observe(events as f64);
    }

    pub fn purged(&self, events: u64) {
        self.purges.inc();
        self.purged_events.inc_by(events);
    }

    pub fn connection_opened(&self) {
        self.connections_open.inc();
    }

    pub fn connection_closed(&self) {
        self.connections_open.dec();
    }

    pub fn shed(&self, shed: Shed) {
        let how = match shed {
            Shed::Evicted => "evicted",
            Shed::Headroom => "headroom",
            Shed::Refused => "refused",
        };
        self.connections_shed
            .get_or_create(&ShedLabels { how })
            .inc();
    }

    pub fn wait_started(&self) {
        self.pulls_waiting.inc();
    }

    pub fn wait_ended(&self, end: WaitEnd, waited_secs: f64) {
        self.pulls_waiting.dec();
        self.pull_waits
            .get_or_create(&OutcomeLabels {
                outcome: end.label(),
            })
            .inc();
        self.pull_wait_seconds.observe(waited_secs);
    }

    /// The exposition, with backlogs read from the store at scrape time.
    pub async fn render(&self, store: &dyn EventStore) -> Result<String> {
        let backlogs = store.backlogs().await?;
        // Cleared first, so a deleted channel's series disappears.
        self.backlog.clear();
        for (channel, backlog) in backlogs {
            self.backlog
                .get_or_create(&ChannelLabels { channel })
                .set(i64::try_from(backlog).unwrap_or(i64::MAX));
        }
        let mut out = String::new();
        encode(&mut out, &self.registry).map_err(|_| RelayError::MetricsEncoding)?;
        Ok(out)
    }
}

/// This machine's host name, the default `relay` label; "relay" if it has none readable.
pub(crate) fn host_name() -> String {
    let uname = rustix::system::uname();
    match uname.nodename().to_str() {
        Ok(name) if !name.is_empty() => name.to_string(),
        _ => "relay".to_string(),
    }
}
