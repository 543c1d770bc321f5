//! Webhook POST → row in the desktop's SQLite: a desktop with its relay poller running
//! (waiting in its long-poll, as it does all day), and webhooks sent one at a time at a
//! steady pace: to one relay on SQLite, or to relay A of two on PostgreSQL while the
//! desktop pulls from relay B (A's commit wakes B's long-poll through PostgreSQL's
//! NOTIFY). Each is timed from just before its POST to the first time a separate
//! read-only connection sees its row in `inbox_events`, probing the inbox's unique
//! (provider, event_id) index in a loop with a short sleep. The probe's own cost and the
//! gap between probes are measured and printed: a latency is overstated by at most one gap.

use super::Options;
use super::ingest::machine;
use super::load::{self, histogram};
use super::relays::{Relays, Setup};
use super::rig::Desktop;
use super::webhooks;
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

/// What the probing cost: how many probes ran, the time spent in them, and the time
/// from the first probe to the last of each wait (to get the gap between probes).
#[derive(Default)]
struct Probes {
    count: u64,
    in_query: Duration,
    waits: u64,
    waiting: Duration,
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

fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

pub async fn run(options: &Options, setup: Setup) -> Result<Vec<Line>, BenchError> {
    let relays = Relays::start(setup).await?;
    let desktop = Desktop::connect(relays.pulled_from()).await?;
    let targets = desktop.targets().await?;
    let signed = webhooks::batch(
        "latency",
        0..WARMUP + options.events,
        &targets,
        &relays.a.channel.secret,
    )?;
    let reader = reader(&desktop.db_path).await?;
    let http = load::client()?;
    desktop.core.realtime().spawn_relay_pollers().await?;

    let mut to_row = histogram()?;
    let mut to_answer = histogram()?;
    let mut probes = Probes::default();
    let mut pace = tokio::time::interval(Duration::from_millis(options.pace_ms));
    pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
    for (n, webhook) in signed.iter().enumerate() {
        pace.tick().await;
        let started = Instant::now();
        load::post(&http, &relays.a.channel.ingest_url, webhook).await?;
        let answered = started.elapsed();
        let seen = wait_for_row(&reader, &webhook.event_id, &mut probes).await?;
        if n >= WARMUP {
            to_answer.saturating_record(answered.as_micros() as u64);
            to_row.saturating_record((seen - started).as_micros() as u64);
        }
    }
    let outcomes = desktop.inbox_outcomes().await?;
    reader.close().await;
    desktop.shutdown().await;
    let storage = relays.storage();
    relays.shutdown().await?;

    let probe_us = probes.in_query.as_secs_f64() * 1e6 / probes.count.max(1) as f64;
    let gaps = probes.count.saturating_sub(probes.waits).max(1);
    let gap_ms = probes.waiting.as_secs_f64() * 1e3 / gaps as f64;
    // Two relays on PostgreSQL: the goal is p99 ≤ 50 ms; one on SQLite keeps the
    // goals it had.
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
            "≤ 50 ms",
            "≤ 250 ms",
        ),
    };
    let route = match setup {
        Setup::TwoPostgres => "POSTed to relay A, pulled by the desktop from relay B; ",
        Setup::Sqlite | Setup::Postgres => "",
    };
    let how = format!(
        "{route}{} webhooks, one every {} ms; POST answered p50 {:.2} ms; seen by a read-only probe every ~{gap_ms:.2} ms ({probe_us:.0} µs each); inbox: {outcomes}; {}",
        options.events,
        options.pace_ms,
        ms(&to_answer, 0.5),
        machine(&format!("{relays_using}, the desktop"), &storage)
    );
    Ok(vec![
        line(
            &format!("{name}: p50"),
            format!("{:.2} ms", ms(&to_row, 0.5)),
            p50_goal,
            how,
        ),
        line(
            &format!("{name}: p99"),
            format!("{:.2} ms", ms(&to_row, 0.99)),
            p99_goal,
            format!(
                "max {:.2} ms; POST answered p99 {:.2} ms",
                to_row.max() as f64 / 1000.0,
                ms(&to_answer, 0.99)
            ),
        ),
    ])
}
