//! Draining a backlog: the webhooks are ingested into the relay over HTTP first, while the
//! desktop's poller is stopped (timed apart, outside the ratio); then the poller starts
//! and the clock runs until the desktop's inbox holds every event, as its batch reports
//! say (each reported after the batch's commit and ack). The floor: the very rows the
//! drain left (its inbox rows, and the clientes its events created with their links), read
//! back and inserted again with multi-row INSERTs in one transaction into a freshly
//! migrated store (the core's schema and indexes, nothing else). The ratio against the
//! inbox rows alone is printed too.

use super::Options;
use super::load;
use super::rig::{Desktop, RelayRig};
use super::webhooks::{self, Signed};
use crate::error::BenchError;
use crate::report::{Line, line};
use crate::rows::Rows;
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::Store;
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

const DRAIN_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// What the drain left in the desktop's store, by table: every inbox row, and the rows its
/// events created (clientes and their links). The rows it updated in place are left out,
/// which only makes the floor cheaper.
const DRAINED: [(&str, &str); 3] = [
    ("inbox_events", "integration_id = ?"),
    (
        "parties",
        "integration_id = ? AND external_id IN (SELECT external_id FROM inbox_events
             WHERE integration_id = ? AND entity_type = 'cliente' AND outcome = 'created')",
    ),
    (
        "entity_links",
        "integration_id = ? AND entity_type = 'cliente' AND external_id IN (SELECT external_id
             FROM inbox_events WHERE integration_id = ? AND entity_type = 'cliente' AND outcome = 'created')",
    ),
];

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

/// One raw insert of rows into a new store at `target`: the time and the row count.
struct Floor {
    elapsed: Duration,
    rows: usize,
}

/// The floors: the drained rows of `source` inserted again, in one transaction, into a
/// freshly migrated store; first the inbox rows alone, then every drained row.
async fn raw_insert(
    source: &SqlitePool,
    integration_id: i64,
    target: &Path,
) -> Result<(Floor, Floor), BenchError> {
    let mut drained = Vec::new();
    for (table, filter) in DRAINED {
        drained.push(Rows::read(source, table, filter, integration_id).await?);
    }
    // The rows' integration, copied as it is (untimed), for the foreign keys.
    let integration = Rows::read(source, "integrations", "id = ?", integration_id).await?;
    let inbox = insert_timed(
        &integration,
        &drained[..1],
        &target.with_extension("inbox.db"),
    )
    .await?;
    let all = insert_timed(&integration, &drained, &target.with_extension("all.db")).await?;
    Ok((inbox, all))
}

async fn insert_timed(
    integration: &Rows,
    tables: &[Rows],
    path: &Path,
) -> Result<Floor, BenchError> {
    let store = Store::open(path).await?;
    integration
        .insert(&mut *store.pool().acquire().await?)
        .await?;
    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    for rows in tables {
        rows.insert(&mut tx).await?;
    }
    tx.commit().await?;
    let floor = Floor {
        elapsed: started.elapsed(),
        rows: tables.iter().map(Rows::len).sum(),
    };
    store.close().await;
    Ok(floor)
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
    let (inbox_floor, floor) =
        raw_insert(pool, desktop.integration.id, &desktop.floor_db()).await?;
    desktop.shutdown().await;
    rig.shutdown().await;

    // Events per second against the floor's events per second: the same events' rows,
    // written raw.
    let ratio = |floor: &Floor| floor.elapsed.as_secs_f64() / drained.as_secs_f64();
    let drain_rate = events as f64 / drained.as_secs_f64();
    Ok(vec![line(
        "relay backlog drain: events/s ÷ raw insert",
        format!("{:.3}", ratio(&floor)),
        "≥ 0.3",
        format!(
            "{events} events drained in {:.2} s = {drain_rate:.0}/s ({batches} batches); raw insert of the {} rows they left (inbox, new clientes and their links) {:.3} s; of the {} inbox rows alone {:.3} s, a ratio of {:.3}; inbox: {outcomes}; ingested first (untimed here) by {} clients in {:.1} s: {}",
            drained.as_secs_f64(),
            floor.rows,
            floor.elapsed.as_secs_f64(),
            inbox_floor.rows,
            inbox_floor.elapsed.as_secs_f64(),
            ratio(&inbox_floor),
            options.clients,
            ingest.elapsed.as_secs_f64(),
            ingest.summary()
        ),
    )])
}
