//! The local SQLite store: opening (WAL, foreign keys, busy timeout), migrations with a
//! safety copy, and the typed operations the rest of the core uses. SQL lives here and
//! nowhere else.

mod aging;
mod browse;
mod budget;
mod cash_flow;
mod checkpoints;
mod coinzz;
mod coinzz_labels;
mod conferencia;
mod dre;
mod dre_drill;
mod entities;
mod inbox;
mod inbox_apply;
mod integrations;
mod links;
mod notifications;
mod opening_balances;
mod preferences;
mod quarantine;
mod queries;
mod receivables;
mod references;
mod report_scope;
mod run_detail;
mod runs;
mod sales;
mod venda_situacoes;

pub use aging::{AgingAmounts, AgingParty, AgingRow};
pub use browse::{
    BrowseFilter, BrowsePage, BrowseRows, Dataset, LabelledTotal, LancamentoRow, MAX_PAGE_SIZE,
    PartyRow, VendaCoinzzInfo, VendaRow,
};
pub use budget::RequestBudget;
pub(crate) use cash_flow::{OpenSum, OpeningDay, Placement, SettledSum};
pub use checkpoints::Checkpoint;
pub(crate) use conferencia::{EntryProblem, ProblemEntries};
pub use dre::{AccountMonth, PlanoConta};
pub use dre_drill::{DreEntries, DreEntry, MAX_DRILL_ENTRIES};
pub use inbox::{EventEffect, EventOutcome, LastEvent, RealtimeStatus, RelayChannel, RelayEvent};
pub use integrations::{
    DEFAULT_SCHEDULE_MINUTES, Integration, IntegrationSettings, NewIntegration, ProviderTraits,
};
pub use links::{LojaRef, PageWrite, RecordFailure, StoredRecord};
pub use notifications::{NewNotification, Notification, NotificationLevel};
pub use opening_balances::{ContaOpening, OpeningBalance};
pub use preferences::Preferences;
pub use quarantine::{QuarantineSource, QuarantinedItem};
pub use queries::{EntityTotals, IntegrationStatus};
pub use receivables::FellDue;
pub use references::{ReferenceKind, ReferenceOption};
pub use run_detail::{RunDetail, RunLogEntry};
pub use runs::{EntityCounts, RunOutcome, RunTrigger, SyncRun};
pub(crate) use sales::{GroupSum, SituacaoSum};
pub use venda_situacoes::VendaSituacao;

use crate::domain::LancamentoTipo;
use crate::error::{Error, Result};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// File name of the store inside the data directory.
pub const DATABASE_FILE: &str = "ponte.db";

/// A handle to the store. Cheap to clone; all clones share one pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, refusing a file written by a newer
    /// Ponte and copying the file aside before applying new migrations.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            path: path.to_path_buf(),
        };
        store.migrate().await?;
        Ok(store)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that takes SQLite's write lock up front. A deferred one that
    /// reads first fails outright (SQLITE_BUSY, no waiting) if another connection commits
    /// before its first write; taking the lock at BEGIN makes it wait its turn instead.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the pool, checkpointing the WAL. Call on shutdown.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn migrate(&self) -> Result<()> {
        let newest_known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        let applied = self.applied_versions().await?;
        if let Some(found) = applied.iter().copied().find(|v| *v > newest_known) {
            return Err(Error::DatabaseFromNewerVersion {
                found,
                supported: newest_known,
            });
        }
        let pending = MIGRATOR.iter().any(|m| !applied.contains(&m.version));
        if pending && !applied.is_empty() {
            self.copy_aside(applied.iter().max().copied().unwrap_or(0))
                .await?;
        }
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn applied_versions(&self) -> Result<Vec<i64>> {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await?;
        if !exists {
            return Ok(Vec::new());
        }
        let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|row| row.get::<i64, _>(0)).collect())
    }

    /// `VACUUM INTO` gives a consistent copy even while the WAL holds recent commits.
    async fn copy_aside(&self, version: i64) -> Result<()> {
        let backup = self
            .path
            .with_file_name(format!("{DATABASE_FILE}.before-{version}.bak"));
        if backup.exists() {
            std::fs::remove_file(&backup).map_err(|source| Error::FileAccess {
                path: backup.display().to_string(),
                action: "apagar",
                source,
            })?;
        }
        sqlx::query("VACUUM INTO ?")
            .bind(backup.display().to_string())
            .execute(&self.pool)
            .await?;
        tracing::info!(backup = %backup.display(), "copied the store aside before migrating");
        Ok(())
    }
}

/// The current instant as Ponte stores its own timestamps: UTC, RFC 3339, seconds.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A row's `tipo` column of `lancamentos`, which its CHECK holds to the two kinds.
pub(crate) fn lancamento_tipo(row: &SqliteRow) -> Result<LancamentoTipo> {
    let tipo: String = row.try_get("tipo")?;
    LancamentoTipo::parse(&tipo).ok_or_else(|| Error::InvalidInput {
        field: "tipo",
        detail: format!("tipo de lançamento desconhecido \"{tipo}\" no banco local"),
    })
}

/// SQLite's cap on bound parameters in one statement.
const MAX_PARAMETERS: usize = 32_766;

/// How many rows of `width` values fit in one multi-row statement.
pub(crate) fn rows_per_statement(width: usize) -> usize {
    (MAX_PARAMETERS / width.max(1)).max(1)
}

/// `(?, ?), (?, ?)`: `rows` groups of `width` placeholders. Writing a page in a handful of
/// multi-row statements instead of one per row is what keeps a sync near SQLite's own
/// insert speed (see bench/).
pub(crate) fn placeholders(width: usize, rows: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(", "));
    vec![row; rows].join(", ")
}
