//! The relay measurements: the real relay in-process on a SQLite file (its per-channel rate
//! limit lifted), HMAC-signed Gestão Click webhooks over loopback (unsigned Coinzz ones for
//! the Coinzz backlog), and, where a desktop is involved, a core in a temp dir that runs
//! its relay poller (its Gestão Click integration having synced a small sandbox). Each
//! relay gets a fresh database.
//! - Ingest (`ingest`): requests per second against an axum hello-world, and p99 latency.
//! - Webhook POST → row in the desktop's SQLite (`latency`): p50 and p99.
//! - Draining a backlog (`backlog`): events per second against a raw insert of the rows
//!   the drain left.
//! - Draining a Coinzz backlog (`coinzz_backlog`): the same, for the sandbox's unsigned
//!   Coinzz webhooks on a url-token channel, into a Coinzz integration (no sync first).

mod backlog;
mod coinzz_backlog;
mod drain;
mod ingest;
mod latency;
mod load;
mod rig;
mod webhooks;

use crate::error::BenchError;
use crate::report::Report;
use clap::builder::RangedU64ValueParser;

#[derive(Debug, Clone, clap::Args)]
#[group(id = "relay-options")]
pub struct Options {
    /// Signed POSTs timed against the relay, and against its hello-world floor.
    #[arg(long = "relay-requests", default_value_t = 20_000, value_parser = at_least_one())]
    pub requests: usize,
    /// Concurrent keep-alive clients of the ingest and backlog loads.
    #[arg(long = "relay-clients", default_value_t = 64, value_parser = at_least_one())]
    pub clients: usize,
    /// Webhooks timed one at a time from POST to the row in the desktop's SQLite.
    #[arg(long = "relay-events", default_value_t = 200, value_parser = at_least_one())]
    pub events: usize,
    /// Milliseconds between two of those webhooks.
    #[arg(long = "relay-pace-ms", default_value_t = 20)]
    pub pace_ms: u64,
    /// Events in the backlog the desktop's poller drains.
    #[arg(long = "relay-backlog", default_value_t = 200_000, value_parser = at_least_one())]
    pub backlog: usize,
    /// Orders in the Coinzz backlog, each sent once per state of its lifecycle (three
    /// events an order on average), with a buyer for every four and a subscription for
    /// every 64.
    #[arg(long = "relay-coinzz-orders", default_value_t = 16_500, value_parser = at_least_one())]
    pub coinzz_orders: usize,
}

fn at_least_one() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..)
}

/// Runs the four, printing each one's lines as soon as it is done.
pub async fn run(options: &Options) -> Result<(), BenchError> {
    Report(ingest::run(options).await?).print();
    Report(latency::run(options).await?).print();
    Report(backlog::run(options).await?).print();
    Report(coinzz_backlog::run(options).await?).print();
    Ok(())
}
