//! Draining a backlog, whatever the provider: with the webhooks already in the relay, the
//! desktop's poller starts and the clock runs until its inbox holds every event, as its
//! batch reports say (each reported after the batch's commit and ack). Then the floor: the
//! very rows the drain left, read back and inserted again with multi-row INSERTs in one
//! transaction into a freshly migrated store (the core's schema and indexes, nothing else);
//! first the inbox rows alone, then every drained row.

use super::load::Load;
use super::rig::Desktop;
use crate::error::BenchError;
use crate::rows::Rows;
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::Store;
use sqlx::SqlitePool;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

const DRAIN_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// One raw insert of rows into a new store: the time and the row count.
pub struct Floor {
    pub elapsed: Duration,
    pub rows: usize,
}

/// A drain and its floors.
pub struct Drain {
    /// Rows in the inbox once drained: one per distinct event.
    pub events: u64,
    pub elapsed: Duration,
    pub batches: u64,
    /// `outcome count, …` of the inbox, to show what the events did.
    pub outcomes: String,
    /// The inbox rows alone, inserted raw.
    pub inbox_floor: Floor,
    /// Every drained row, inserted raw.
    pub floor: Floor,
}

impl Drain {
    pub fn per_second(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64()
    }

    /// Events per second against `floor`'s events per second: the same events' rows,
    /// written raw.
    pub fn ratio(&self, floor: &Floor) -> f64 {
        floor.elapsed.as_secs_f64() / self.elapsed.as_secs_f64()
    }

    /// The printed detail after "N events … drained": the drain, its two floors (`left`
    /// names the rows it left), the inbox outcomes and the untimed ingest before it.
    pub fn detail(&self, left: &str, ingest: &Load, clients: usize) -> String {
        format!(
            "drained in {:.2} s = {:.0}/s ({} batches); raw insert of the {} rows they left ({left}) {:.3} s; of the {} inbox rows alone {:.3} s, a ratio of {:.3}; inbox: {}; ingested first (untimed here) by {clients} clients in {:.1} s: {}",
            self.elapsed.as_secs_f64(),
            self.per_second(),
            self.batches,
            self.floor.rows,
            self.floor.elapsed.as_secs_f64(),
            self.inbox_floor.rows,
            self.inbox_floor.elapsed.as_secs_f64(),
            self.ratio(&self.inbox_floor),
            self.outcomes,
            ingest.elapsed.as_secs_f64(),
            ingest.summary()
        )
    }
}

/// Drains the relay into `desktop` until its inbox holds `events` rows, checks it holds no
/// more, and measures the floors of the `drained` rows: `(table, filter)`, the filter's
/// `?`s bound to the integration id, the inbox first.
pub async fn measure(
    desktop: &Desktop,
    events: u64,
    drained: &[(&str, &str)],
) -> Result<Drain, BenchError> {
    let (elapsed, batches) = drain(desktop, events).await?;
    let pool = desktop.core.store().pool();
    let in_inbox = inbox_count(pool, desktop.integration.id).await?;
    if in_inbox != events {
        return Err(BenchError::RelayBench(format!(
            "the inbox holds {in_inbox} events, {events} were expected"
        )));
    }
    let outcomes = desktop.inbox_outcomes().await?;
    let (inbox_floor, floor) =
        raw_insert(pool, desktop.integration.id, drained, &desktop.floor_db()).await?;
    Ok(Drain {
        events,
        elapsed,
        batches,
        outcomes,
        inbox_floor,
        floor,
    })
}

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
    let mut reports = desktop.core.realtime().subscribe();
    let started = Instant::now();
    desktop.core.realtime().spawn_relay_pollers().await?;
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

/// The floors: the `drained` rows of `source` inserted again, in one transaction, into a
/// freshly migrated store beside `target`; first the inbox rows alone, then every drained
/// row.
async fn raw_insert(
    source: &SqlitePool,
    integration_id: i64,
    drained: &[(&str, &str)],
    target: &Path,
) -> Result<(Floor, Floor), BenchError> {
    let mut tables = Vec::new();
    for (table, filter) in drained {
        tables.push(Rows::read(source, table, filter, integration_id).await?);
    }
    // The rows' integration, copied as it is (untimed), for the foreign keys.
    let integration = Rows::read(source, "integrations", "id = ?", integration_id).await?;
    let inbox = insert_timed(
        &integration,
        &tables[..1],
        &target.with_extension("inbox.db"),
    )
    .await?;
    let all = insert_timed(&integration, &tables, &target.with_extension("all.db")).await?;
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
