//! Webhook POST → row in the desktop's SQLite: a desktop with its relay poller running
//! (waiting in its long-poll, as it does all day), and webhooks sent one at a time at a
//! steady pace: to one relay on SQLite, or to relay A of two on PostgreSQL while the
//! desktop pulls from relay B (A's commit wakes B's long-poll through PostgreSQL's
//! NOTIFY). Each is timed from just before its POST to the first time a separate
//! read-only connection sees its row in `inbox_events`, probing the inbox's unique
//! (provider, event_id) index in a loop with a short sleep. The probe's own cost and the
//! gap between probes are measured and printed: a latency is overstated by at most one gap.
//!
//! Twice on the same desktop: first with nothing else on the relay (informational), then
//! under a background load (`background.rs`: 1,000 signed webhooks a second by default, on
//! other channels of the relay the webhooks are POSTed to), which is what the goal is set
//! against.

use super::Options;
use super::background::{Background, Sent};
use super::ingest::machine;
use super::load::{self, histogram};
use super::relays::{Relays, Setup};
use super::rig::Desktop;
use super::webhooks::{self, Signed};
use crate::error::BenchError;
use crate::report::{Line, line};
use hdrhistogram::Histogram;
use ponte_core::providers::gestaoclick;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::time::MissedTickBehavior;

/// Untimed events first: the connections open and the poller's first pull is answered.
const WARMUP: usize = 5;
/// Sleep between two probes; tokio's timer rounds it up to about a millisecond.
const PROBE_SLEEP: Duration = Duration::from_micros(500);
const ROW_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the background load runs before the first timed webhook: its channels' first
/// sealing sessions are made and its rate has settled.
const LOAD_SETTLE: Duration = Duration::from_secs(1);

/// What the probing cost: how many probes ran, the time spent in them, and the time
/// from the first probe to the last of each wait (to get the gap between probes).
#[derive(Default)]
struct Probes {
    count: u64,
    in_query: Duration,
    waits: u64,
    waiting: Duration,
}

impl Probes {
    /// `gap between probes, cost of one probe` in ms and µs.
    fn costs(&self) -> (f64, f64) {
        let probe_us = self.in_query.as_secs_f64() * 1e6 / self.count.max(1) as f64;
        let gaps = self.count.saturating_sub(self.waits).max(1);
        let gap_ms = self.waiting.as_secs_f64() * 1e3 / gaps as f64;
        (gap_ms, probe_us)
    }
}

/// One phase's latencies: POST → row, and POST → 2xx.
struct Timed {
    to_row: Histogram<u64>,
    to_answer: Histogram<u64>,
    probes: Probes,
}

async fn reader(path: &Path) -> Result<SqlitePool, BenchError> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?)
}

/// Probes until the event's row is committed; returns when it was first seen.
async fn wait_for_row(
    reader: &SqlitePool,
    event_id: &str,
    probes: &mut Probes,
) -> Result<Instant, BenchError> {
    let first = Instant::now();
    loop {
        let before = Instant::now();
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM inbox_events WHERE provider = ? AND event_id = ?")
                .bind(gestaoclick::KIND.as_str())
                .bind(event_id)
                .fetch_optional(reader)
                .await?;
        let seen = Instant::now();
        probes.count += 1;
        probes.in_query += seen - before;
        if found.is_some() {
            probes.waits += 1;
            probes.waiting += before - first;
            return Ok(seen);
        }
        if seen - first > ROW_TIMEOUT {
            return Err(BenchError::Timeout {
                what: format!("webhook {event_id} in the desktop's inbox"),
                secs: ROW_TIMEOUT.as_secs(),
            });
        }
        tokio::time::sleep(PROBE_SLEEP).await;
    }
}

/// Sends `signed` one at a time at the options' pace, timing all but the first `WARMUP`.
async fn time_webhooks(
    options: &Options,
    http: &reqwest::Client,
    ingest_url: &str,
    reader: &SqlitePool,
    signed: &[Signed],
) -> Result<Timed, BenchError> {
    let mut timed = Timed {
        to_row: histogram()?,
        to_answer: histogram()?,
        probes: Probes::default(),
    };
    let mut pace = tokio::time::interval(Duration::from_millis(options.pace_ms));
    pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
    for (n, webhook) in signed.iter().enumerate() {
        pace.tick().await;
        let started = Instant::now();
        load::post(http, ingest_url, webhook).await?;
        let answered = started.elapsed();
        let seen = wait_for_row(reader, &webhook.event_id, &mut timed.probes).await?;
        if n >= WARMUP {
            timed
                .to_answer
                .saturating_record(answered.as_micros() as u64);
            timed
                .to_row
                .saturating_record((seen - started).as_micros() as u64);
        }
    }
    Ok(timed)
}

fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

pub async fn run(options: &Options, setup: Setup) -> Result<Vec<Line>, BenchError> {
    let relays = Relays::start(setup).await?;
    let desktop = Desktop::connect(relays.pulled_from()).await?;
    let targets = desktop.targets().await?;
    let each = WARMUP + options.events;
    let secret = &relays.a.channel.secret;
    let quiet = webhooks::batch("latency-quiet", 0..each, &targets, secret)?;
    let loaded = webhooks::batch("latency-loaded", 0..each, &targets, secret)?;
    let reader = reader(&desktop.db_path).await?;
    let http = load::client()?;
    let ingest_url = relays.a.channel.ingest_url.clone();
    desktop.core.realtime().spawn_relay_pollers().await?;

    let alone = time_webhooks(options, &http, &ingest_url, &reader, &quiet).await?;
    let background = Background::start(
        &relays.a,
        options.background_rate,
        options.background_channels,
    )
    .await?;
    tokio::time::sleep(LOAD_SETTLE).await;
    let under_load = time_webhooks(options, &http, &ingest_url, &reader, &loaded).await;
    // Stopped before any error is returned, so no sender outlives the measurement.
    let sent = background.stop().await?;
    let under_load = under_load?;

    let outcomes = desktop.inbox_outcomes().await?;
    reader.close().await;
    desktop.shutdown().await;
    let storage = relays.storage();
    relays.shutdown().await?;
    Ok(lines(
        options,
        setup,
        &alone,
        &under_load,
        &sent,
        &outcomes,
        &storage,
    ))
}

fn lines(
    options: &Options,
    setup: Setup,
    alone: &Timed,
    under_load: &Timed,
    sent: &Sent,
    outcomes: &str,
    storage: &str,
) -> Vec<Line> {
    // Two relays on PostgreSQL: the goal is p99 ≤ 50 ms. One on SQLite: p99 ≤ 5 ms
    // under the background load (issue 20).
    let (name, relays_using, p50_goal, p99_goal) = match setup {
        Setup::TwoPostgres => (
            "webhook → desktop SQLite via 2 relays on PG",
            "the two relays",
            "≤ 50 ms",
            "≤ 50 ms",
        ),
        Setup::Sqlite | Setup::Postgres => (
            "webhook POST → row in desktop SQLite",
            "the relay",
            "—",
            "≤ 5 ms",
        ),
    };
    let route = match setup {
        Setup::TwoPostgres => "POSTed to relay A, pulled by the desktop from relay B; ",
        Setup::Sqlite | Setup::Postgres => "",
    };
    let (gap_ms, probe_us) = under_load.probes.costs();
    let how = format!(
        "{route}{} webhooks, one every {} ms, while {:.0} others/s go to {} other channels of relay{}; POST answered p50 {:.2} ms; seen by a read-only probe every ~{gap_ms:.2} ms ({probe_us:.0} µs each); inbox: {outcomes}; {}",
        options.events,
        options.pace_ms,
        sent.per_second,
        sent.channels,
        if setup == Setup::TwoPostgres {
            " A"
        } else {
            ""
        },
        ms(&under_load.to_answer, 0.5),
        machine(&format!("{relays_using}, the desktop"), storage)
    );
    let (alone_gap_ms, _) = alone.probes.costs();
    vec![
        line(
            &format!("{name}, loaded: p50"),
            format!("{:.2} ms", ms(&under_load.to_row, 0.5)),
            p50_goal,
            how,
        ),
        line(
            &format!("{name}, loaded: p99"),
            format!("{:.2} ms", ms(&under_load.to_row, 0.99)),
            p99_goal,
            format!(
                "max {:.2} ms; POST answered p99 {:.2} ms",
                under_load.to_row.max() as f64 / 1000.0,
                ms(&under_load.to_answer, 0.99)
            ),
        ),
        line(
            &format!("{name}, no load: p99"),
            format!("{:.2} ms", ms(&alone.to_row, 0.99)),
            "—",
            format!(
                "{} webhooks the same way before the background load started: p50 {:.2} ms, max {:.2} ms; POST answered p50 {:.2} ms, p99 {:.2} ms; probe every ~{alone_gap_ms:.2} ms",
                options.events,
                ms(&alone.to_row, 0.5),
                alone.to_row.max() as f64 / 1000.0,
                ms(&alone.to_answer, 0.5),
                ms(&alone.to_answer, 0.99)
            ),
        ),
    ]
}
