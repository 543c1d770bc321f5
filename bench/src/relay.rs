//! The relay measurements: the real relay in-process on a SQLite file or on PostgreSQL
//! (its per-channel rate limit lifted), HMAC-signed Gestão Click webhooks over loopback
//! (unsigned Coinzz ones for the Coinzz backlog), and, where a desktop is involved, a core
//! in a temp dir that runs its relay poller (its Gestão Click integration having synced a
//! small sandbox). Each setup of relays gets a fresh database; PostgreSQL is the throwaway
//! cluster `./dev bench` starts with fsync on (`postgres`).
//! - Ingest (`ingest`): requests per second against an axum hello-world, and p99 latency,
//!   for one relay on SQLite, one on PostgreSQL, and two on one PostgreSQL database.
//! - The cost of sealing (`sealing`): ingest with it ÷ without it, from how the relay's
//!   ingest answers to sealing to one key more, and from `seal()`'s CPU time.
//! - Webhook POST → row in the desktop's SQLite (`latency`): p50 and p99, through one
//!   relay on SQLite, and through two on PostgreSQL (POSTed to one, pulled from the other),
//!   under a background load of other channels' webhooks (`background`), and without it.
//! - Draining a backlog (`backlog`): events per second against a raw insert of the rows
//!   the drain left.
//! - Draining a Coinzz backlog (`coinzz_backlog`): the same, for the sandbox's unsigned
//!   Coinzz webhooks on a url-token channel, into a Coinzz integration (no sync first).

mod background;
mod backlog;
mod coinzz_backlog;
mod cpu;
mod drain;
mod ingest;
mod latency;
mod load;
mod postgres;
mod relays;
mod rig;
mod sealing;
mod webhooks;

use crate::error::BenchError;
use crate::report::Report;
use clap::builder::RangedU64ValueParser;
use relays::Setup;

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
    /// Webhooks a second sent to other channels of the relay while those are timed.
    #[arg(long = "relay-background-rate", default_value_t = 1_000, value_parser = RangedU64ValueParser::<u64>::new().range(1..))]
    pub background_rate: u64,
    /// The other channels that background load is spread over.
    #[arg(long = "relay-background-channels", default_value_t = 8, value_parser = at_least_one())]
    pub background_channels: usize,
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

/// Runs them all, printing each one's lines as soon as it is done.
pub async fn run(options: &Options) -> Result<(), BenchError> {
    let (lines, measured) = ingest::run(options).await?;
    Report(lines).print();
    Report(sealing::run(options, &measured).await?).print();
    Report(latency::run(options, Setup::Sqlite).await?).print();
    Report(latency::run(options, Setup::TwoPostgres).await?).print();
    Report(backlog::run(options).await?).print();
    Report(coinzz_backlog::run(options).await?).print();
    Ok(())
}
