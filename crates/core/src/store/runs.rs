//! Sync bookkeeping: `sync_runs` (one row per run), `sync_run_entities` (per-entity
//! counts) and `sync_log` (one audit line per record that changed or failed).

use super::{Store, now_utc, placeholders, rows_per_statement};
use crate::domain::{EntityKind, IntegrationId, SyncRunId};
use crate::error::{Error, Result};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum RunTrigger {
    Manual,
    Scheduled,
}

impl RunTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            RunTrigger::Manual => "manual",
            RunTrigger::Scheduled => "scheduled",
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum RunOutcome {
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// The process stopped mid-run (crash, kill, power loss); found at the next start.
    Interrupted,
}

impl RunOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Running => "running",
            RunOutcome::Succeeded => "succeeded",
            RunOutcome::Failed => "failed",
            RunOutcome::Cancelled => "cancelled",
            RunOutcome::Interrupted => "interrupted",
        }
    }

    fn parse(text: &str) -> RunOutcome {
        match text {
            "running" => RunOutcome::Running,
            "succeeded" => RunOutcome::Succeeded,
            "failed" => RunOutcome::Failed,
            "cancelled" => RunOutcome::Cancelled,
            _ => RunOutcome::Interrupted,
        }
    }
}

/// Per-entity results of a run. Each record a run reads lands in exactly one of
/// `created`, `updated`, `unchanged` or `failed`, so together they are the records read
/// (`read`); `deactivated` counts records that did not come back, which were not read.
/// The audit log has one line per created, updated, failed and deactivated record, and one
/// per stale record (counted as unchanged, since nothing was written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct EntityCounts {
    /// New to Ponte.
    pub created: u64,
    /// Changed since the last read, or back after being deactivated.
    pub updated: u64,
    /// Read again with nothing new, or older than what is stored (stale).
    pub unchanged: u64,
    /// Gone from the provider's list: kept, marked inactive.
    pub deactivated: u64,
    /// Refused by the mapper and quarantined.
    pub failed: u64,
    /// HTTP requests sent, failed ones and retries included.
    pub requests: u64,
}

impl EntityCounts {
    /// The records read: the four disjoint outcomes together.
    pub fn read(&self) -> u64 {
        self.created + self.updated + self.unchanged + self.failed
    }

    pub fn add(&mut self, other: &EntityCounts) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.deactivated += other.deactivated;
        self.failed += other.failed;
        self.requests += other.requests;
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncRun {
    pub id: SyncRunId,
    pub integration_id: IntegrationId,
    pub trigger: RunTrigger,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub outcome: RunOutcome,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub requests: u64,
    pub entities: Vec<(EntityKind, EntityCounts)>,
}

impl SyncRun {
    /// Totals over every entity.
    pub fn totals(&self) -> EntityCounts {
        let mut total = EntityCounts::default();
        for (_, counts) in &self.entities {
            total.add(counts);
        }
        total
    }
}

impl Store {
    pub async fn start_run(
        &self,
        integration_id: IntegrationId,
        trigger: RunTrigger,
    ) -> Result<SyncRunId> {
        let id = sqlx::query_scalar(
            "INSERT INTO sync_runs (integration_id, trigger, started_at, outcome) VALUES (?, ?, ?, 'running') RETURNING id",
        )
        .bind(integration_id)
        .bind(trigger.as_str())
        .bind(now_utc())
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Adds `counts` to the run's row for `entity`.
    pub async fn add_entity_counts(
        &self,
        run_id: SyncRunId,
        entity: EntityKind,
        counts: &EntityCounts,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sync_run_entities (run_id, entity_type, created, updated, unchanged, deactivated, failed, requests)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (run_id, entity_type) DO UPDATE SET
                created = created + excluded.created, updated = updated + excluded.updated,
                unchanged = unchanged + excluded.unchanged, deactivated = deactivated + excluded.deactivated,
                failed = failed + excluded.failed, requests = requests + excluded.requests",
        )
        .bind(run_id)
        .bind(entity.as_str())
        .bind(counts.created as i64)
        .bind(counts.updated as i64)
        .bind(counts.unchanged as i64)
        .bind(counts.deactivated as i64)
        .bind(counts.failed as i64)
        .bind(counts.requests as i64)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn finish_run(
        &self,
        run_id: SyncRunId,
        outcome: RunOutcome,
        error: Option<&Error>,
        requests: u64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sync_runs SET finished_at = ?, outcome = ?, error_code = ?, error_message = ?, requests = ? WHERE id = ?",
        )
        .bind(now_utc())
        .bind(outcome.as_str())
        .bind(error.map(Error::code))
        .bind(error.map(ToString::to_string))
        .bind(requests as i64)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Runs left `running` by a process that died are marked `interrupted` at start-up.
    /// Their page checkpoints stay, so the next run resumes where they stopped.
    pub async fn mark_interrupted_runs(&self) -> Result<u64> {
        let done = sqlx::query("UPDATE sync_runs SET outcome = 'interrupted', finished_at = ? WHERE outcome = 'running'")
            .bind(now_utc())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The newest runs first, for one integration or all.
    pub async fn runs(
        &self,
        integration_id: Option<IntegrationId>,
        limit: u32,
    ) -> Result<Vec<SyncRun>> {
        let rows = sqlx::query(
            "SELECT * FROM sync_runs WHERE (?1 IS NULL OR integration_id = ?1) ORDER BY id DESC LIMIT ?2",
        )
        .bind(integration_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut runs = Vec::with_capacity(rows.len());
        for row in &rows {
            runs.push(self.run_from_row(row).await?);
        }
        Ok(runs)
    }

    /// The newest run that has ended, of any integration.
    pub async fn last_finished_run(&self) -> Result<Option<SyncRun>> {
        let row = sqlx::query(
            "SELECT * FROM sync_runs WHERE outcome != 'running' ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.run_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// When the newest successful run of an integration ended.
    pub async fn last_success_at(&self, integration_id: IntegrationId) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT finished_at FROM sync_runs WHERE integration_id = ? AND outcome = 'succeeded'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(integration_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    pub async fn run(&self, run_id: SyncRunId) -> Result<SyncRun> {
        let row = sqlx::query("SELECT * FROM sync_runs WHERE id = ?")
            .bind(run_id)
            .fetch_one(&self.pool)
            .await?;
        self.run_from_row(&row).await
    }

    async fn run_from_row(&self, row: &SqliteRow) -> Result<SyncRun> {
        let id: SyncRunId = row.try_get("id")?;
        let entity_rows = sqlx::query("SELECT * FROM sync_run_entities WHERE run_id = ?")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let mut entities = Vec::new();
        for r in &entity_rows {
            let Some(kind) = EntityKind::parse(&r.try_get::<String, _>("entity_type")?) else {
                continue;
            };
            let get = |column: &str| r.try_get::<i64, _>(column).map(|v| v.max(0) as u64);
            entities.push((
                kind,
                EntityCounts {
                    created: get("created")?,
                    updated: get("updated")?,
                    unchanged: get("unchanged")?,
                    deactivated: get("deactivated")?,
                    failed: get("failed")?,
                    requests: get("requests")?,
                },
            ));
        }
        entities.sort_by_key(|(kind, _)| *kind);
        let trigger: String = row.try_get("trigger")?;
        Ok(SyncRun {
            id,
            integration_id: row.try_get("integration_id")?,
            trigger: if trigger == "manual" {
                RunTrigger::Manual
            } else {
                RunTrigger::Scheduled
            },
            started_at: row.try_get("started_at")?,
            finished_at: row.try_get("finished_at")?,
            outcome: RunOutcome::parse(&row.try_get::<String, _>("outcome")?),
            error_code: row.try_get("error_code")?,
            error_message: row.try_get("error_message")?,
            requests: row.try_get::<i64, _>("requests")?.max(0) as u64,
            entities,
        })
    }
}

/// One `sync_log` line: what happened to one record in a run.
pub(super) struct LogLine<'a> {
    pub external_id: &'a str,
    pub action: &'static str,
    pub detail: Option<String>,
}

/// Appends lines to `sync_log`, many per statement.
pub(super) async fn write_log(
    conn: &mut SqliteConnection,
    run_id: SyncRunId,
    entity: EntityKind,
    lines: &[LogLine<'_>],
    at: &str,
) -> Result<()> {
    for chunk in lines.chunks(rows_per_statement(6)) {
        let sql = format!(
            "INSERT INTO sync_log (run_id, entity_type, external_id, action, detail, at) VALUES {}",
            placeholders(6, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for line in chunk {
            query = query
                .bind(run_id)
                .bind(entity.as_str())
                .bind(line.external_id)
                .bind(line.action)
                .bind(line.detail.as_deref())
                .bind(at);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
