//! The relay measurements: the real relay in-process on a SQLite file (its per-channel rate
//! limit lifted), HMAC-signed Gestão Click webhooks over loopback, and, where a desktop is
//! involved, a core in a temp dir that has synced a small sandbox and runs its relay
//! poller. Each relay gets a fresh database.
//! - Ingest (`ingest`): requests per second against an axum hello-world, and p99 latency.
//! - Webhook POST → row in the desktop's SQLite (`latency`): p50 and p99.
//! - Draining a backlog (`backlog`): events per second against a raw insert of the rows
//!   the drain left.

mod backlog;
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
}

fn at_least_one() -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(1..)
}

/// Runs the three, printing each one's lines as soon as it is done.
pub async fn run(options: &Options) -> Result<(), BenchError> {
    Report(ingest::run(options).await?).print();
    Report(latency::run(options).await?).print();
    Report(backlog::run(options).await?).print();
    Ok(())
}
