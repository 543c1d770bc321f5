//! Draining a backlog: the webhooks are ingested into the relay over HTTP first, while the
//! desktop's poller is stopped (timed apart, outside the ratio); then the poller starts
//! and the clock runs until the desktop's inbox holds every event, as its batch reports
//! say (each sent after the batch's commit and ack). The floor: the very inbox rows the
//! drain wrote, read back and inserted again with multi-row INSERTs in one transaction
//! into a freshly migrated store (the core's schema and indexes, nothing else).

use super::Options;
use super::load;
use super::rig::{Desktop, RelayRig};
use super::webhooks::{self, Signed};
use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::Store;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

const DRAIN_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;

/// An `inbox_events` row, every column but the rowid.
type InboxRow = (
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
);
const INBOX_COLUMNS: &str = "integration_id, channel, seq, provider, event_id, event_type, \
     entity_type, external_id, outcome, detail, received_at, applied_at";
const INBOX_COLUMN_COUNT: usize = 12;

/// The `integrations` row the inbox rows belong to.
type IntegrationRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    String,
);
const INTEGRATION_COLUMNS: &str = "id, provider, name, base_url, credential_ref, settings, schedule_interval_minutes, enabled, created_at";

async fn inbox_count(pool: &SqlitePool, integration_id: i64) -> Result<u64, BenchError> {
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events WHERE integration_id = ?")
            .bind(integration_id)
            .fetch_one(pool)
            .await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Starts the poller and waits until the inbox holds `events` rows; returns the time and
/// the number of batches.
async fn drain(desktop: &Desktop, events: u64) -> Result<(Duration, u64), BenchError> {
    let mut reports = desktop.core.sync().subscribe_realtime();
    let started = Instant::now();
    desktop.core.sync().spawn_relay_pollers().await?;
    let (mut taken, mut batches) = (0, 0);
    while taken < events {
        let left = DRAIN_TIMEOUT.saturating_sub(started.elapsed());
        let Ok(report) = tokio::time::timeout(left, reports.recv()).await else {
            return Err(BenchError::Timeout {
                what: format!("the poller to drain {events} events ({taken} taken)"),
                secs: DRAIN_TIMEOUT.as_secs(),
            });
        };
        match report {
            Ok(RealtimeEvent::Applied {
                applied,
                stale,
                quarantined,
                ..
            }) => {
                taken += applied + stale + quarantined;
                batches += 1;
            }
            Ok(RealtimeEvent::RelayDown { error, .. }) => {
                return Err(BenchError::RelayBench(format!(
                    "the relay went down during the drain: {error}"
                )));
            }
            Ok(RealtimeEvent::RelayUp { .. }) => {}
            // Reports were missed: the inbox itself says how far the drain is.
            Err(RecvError::Lagged(_)) => {
                taken = inbox_count(desktop.core.store().pool(), desktop.integration.id).await?;
            }
            Err(RecvError::Closed) => {
                return Err(BenchError::RelayBench(
                    "the poller stopped before the backlog was drained".into(),
                ));
            }
        }
    }
    Ok((started.elapsed(), batches))
}

/// The floor: the inbox rows of `source` inserted again into a new store at `target`;
/// returns the insert time and the number of rows.
async fn raw_insert(
    source: &SqlitePool,
    integration_id: i64,
    target: &Path,
) -> Result<(Duration, u64), BenchError> {
    let rows: Vec<InboxRow> = sqlx::query_as(&format!(
        "SELECT {INBOX_COLUMNS} FROM inbox_events WHERE integration_id = ? ORDER BY id"
    ))
    .bind(integration_id)
    .fetch_all(source)
    .await?;
    let store = Store::open(target).await?;
    // The rows' integration, copied as it is (untimed), for the foreign key.
    let integration: IntegrationRow = sqlx::query_as(&format!(
        "SELECT {INTEGRATION_COLUMNS} FROM integrations WHERE id = ?"
    ))
    .bind(integration_id)
    .fetch_one(source)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO integrations ({INTEGRATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(integration.0)
    .bind(integration.1)
    .bind(integration.2)
    .bind(integration.3)
    .bind(integration.4)
    .bind(integration.5)
    .bind(integration.6)
    .bind(integration.7)
    .bind(integration.8)
    .execute(store.pool())
    .await?;

    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    for chunk in rows.chunks(MAX_PARAMETERS / INBOX_COLUMN_COUNT) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("INSERT INTO inbox_events ({INBOX_COLUMNS}) "));
        insert.push_values(chunk, |mut values, row| {
            values
                .push_bind(row.0)
                .push_bind(&row.1)
                .push_bind(row.2)
                .push_bind(&row.3)
                .push_bind(&row.4)
                .push_bind(&row.5)
                .push_bind(&row.6)
                .push_bind(&row.7)
                .push_bind(&row.8)
                .push_bind(&row.9)
                .push_bind(&row.10)
                .push_bind(&row.11);
        });
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let elapsed = started.elapsed();
    store.close().await;
    Ok((elapsed, rows.len() as u64))
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let events = options.backlog;
    let rig = RelayRig::start().await?;
    let desktop = Desktop::connect(&rig).await?;
    let targets = desktop.targets().await?;
    let signed: Arc<[Signed]> =
        webhooks::batch("backlog", 0..events, &targets, &rig.channel.secret)?.into();
    let http = load::client()?;
    let ingest = load::drive(&http, &rig.channel.ingest_url, signed, options.clients).await?;

    let (drained, batches) = drain(&desktop, events as u64).await?;
    let pool = desktop.core.store().pool();
    let in_inbox = inbox_count(pool, desktop.integration.id).await?;
    if in_inbox != events as u64 {
        return Err(BenchError::RelayBench(format!(
            "the inbox holds {in_inbox} events, {events} were sent"
        )));
    }
    let outcomes = desktop.inbox_outcomes().await?;
    let (raw_elapsed, raw_rows) =
        raw_insert(pool, desktop.integration.id, &desktop.floor_db()).await?;
    desktop.shutdown().await;
    rig.shutdown().await;

    let drain_rate = events as f64 / drained.as_secs_f64();
    let raw_rate = raw_rows as f64 / raw_elapsed.as_secs_f64();
    Ok(vec![line(
        "relay backlog drain: events/s ÷ raw insert",
        format!("{:.3}", drain_rate / raw_rate),
        "≥ 0.3",
        format!(
            "{events} events drained in {:.2} s = {drain_rate:.0}/s ({batches} batches); raw insert of the same {raw_rows} inbox rows {:.3} s = {raw_rate:.0}/s; inbox: {outcomes}; ingested first (untimed here) by {} clients in {:.1} s: {}",
            drained.as_secs_f64(),
            raw_elapsed.as_secs_f64(),
            options.clients,
            ingest.elapsed.as_secs_f64(),
            ingest.summary()
        ),
    )])
}
