//! The detail of one sync run for the Histórico screen: the run, its per-entity counts, and
//! the audit lines (`sync_log`) of what it changed or failed to apply, failures first.

use super::Store;
use super::runs::SyncRun;
use crate::domain::SyncRunId;
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

/// One audit line: a record a run created, changed, deactivated or could not apply.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RunLogEntry {
    pub entity_type: String,
    pub external_id: String,
    pub action: String,
    pub detail: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RunDetail {
    pub run: SyncRun,
    /// At most `limit` lines, failures first.
    pub log: Vec<RunLogEntry>,
    /// How many lines the run wrote in all.
    pub log_total: u64,
}

impl Store {
    pub async fn run_detail(&self, run_id: SyncRunId, limit: u32) -> Result<RunDetail> {
        let run = self.run(run_id).await?;
        let log_total: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_log WHERE run_id = ?")
            .bind(run_id)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(
            "SELECT entity_type, external_id, action, detail, at FROM sync_log WHERE run_id = ?
             ORDER BY action = 'failed' DESC, id LIMIT ?",
        )
        .bind(run_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let log = rows
            .iter()
            .map(|r| {
                Ok(RunLogEntry {
                    entity_type: r.try_get("entity_type")?,
                    external_id: r.try_get("external_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                    at: r.try_get("at")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(RunDetail {
            run,
            log,
            log_total: log_total.max(0) as u64,
        })
    }
}
