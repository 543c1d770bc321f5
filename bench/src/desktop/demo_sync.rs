//! Whether ponte-desktop's demo sync has ended, read from the app's SQLite file opened
//! read-only, while the app runs. Never through `ponte_core::Core`, which would migrate the
//! file and mark runs as interrupted.

use crate::error::BenchError;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::Path;

/// The last run that ended.
pub struct FinishedRun {
    pub outcome: String,
    pub requests: i64,
    /// Records the run created, updated or found unchanged.
    pub records: i64,
    pub error_message: Option<String>,
}

/// The most recent run of `db` that is no longer running, if any.
pub async fn finished_run(db: &Path) -> Result<Option<FinishedRun>, BenchError> {
    if !db.exists() {
        return Ok(None);
    }
    let options = SqliteConnectOptions::new().filename(db).read_only(true);
    let mut connection = SqliteConnection::connect_with(&options).await?;
    let last: Option<(i64, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, outcome, requests, error_message FROM sync_runs
          WHERE outcome <> 'running' ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&mut connection)
    .await?;
    let finished = match last {
        None => None,
        Some((id, outcome, requests, error_message)) => {
            let records: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(created + updated + unchanged), 0)
                   FROM sync_run_entities WHERE run_id = ?",
            )
            .bind(id)
            .fetch_one(&mut connection)
            .await?;
            Some(FinishedRun {
                outcome,
                requests,
                records,
                error_message,
            })
        }
    };
    connection.close().await?;
    Ok(finished)
}
