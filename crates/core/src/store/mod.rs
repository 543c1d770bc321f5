//! The local SQLite store: opening (WAL, foreign keys, busy timeout), migrations after a
//! verified backup, and the typed operations the rest of the core uses. SQL lives here and
//! nowhere else.

mod aging;
mod aging_titles;
mod backup_settings;
mod browse;
mod browse_order;
mod browse_query;
mod budget;
mod cash_flow;
mod cash_flow_daily;
mod changes;
mod checkpoints;
mod coinzz;
mod coinzz_labels;
mod conferencia;
mod damaged;
mod disk_errors;
mod doctor_cash_flow_sums;
mod doctor_checks;
mod doctor_report_sums;
mod doctor_sums;
mod dre;
mod dre_drill;
mod entities;
mod inbox;
mod inbox_apply;
mod integrations;
mod kept_table;
mod links;
mod notifications;
mod opening_balances;
mod outbox;
mod preferences;
mod quarantine;
mod queries;
mod receivables;
mod references;
mod report_scope;
mod reset;
mod run_detail;
mod runs;
mod sales;
mod search;
mod venda_situacoes;

pub use aging::{AgingAmounts, AgingParty, AgingRow};
pub use aging_titles::{AgingBucket, AgingTitle};
pub use browse::{
    BrowseFilter, BrowsePage, BrowseRows, Dataset, LabelledTotal, LancamentoRow, MAX_PAGE_SIZE,
    PartyRow, VendaCoinzzInfo, VendaRow,
};
pub use browse_order::{BrowseSort, SortColumn};
pub use budget::RequestBudget;
pub(crate) use cash_flow::{OpenSum, OpeningDay, Placement, SettledSum};
pub use checkpoints::Checkpoint;
pub(crate) use conferencia::{EntryProblem, ProblemEntries};
pub use doctor_checks::{ClienteDocument, RunningRun};
pub use doctor_sums::SumDrift;
pub use dre::{AccountMonth, PlanoConta};
pub use dre_drill::{DreEntries, DreEntry, MAX_DRILL_ENTRIES};
pub use inbox::{EventEffect, EventOutcome, LastEvent, RealtimeStatus, RelayChannel, RelayEvent};
pub use integrations::{
    DEFAULT_SCHEDULE_MINUTES, Integration, IntegrationSettings, NewIntegration, ProviderTraits,
};
pub use links::{LojaRef, PageWrite, RecordFailure, StoredRecord};
pub use notifications::{NewNotification, Notification, NotificationLevel};
pub use opening_balances::{ContaOpening, OpeningBalance};
pub use outbox::{
    NewOutboxItem, OutboxCounts, OutboxFilter, OutboxId, OutboxRow, OutboxState, OutboxTarget,
    outbox_stamp,
};
pub use preferences::Preferences;
pub use quarantine::{QuarantineSource, QuarantinedItem};
pub use queries::{EntityTotals, IntegrationStatus};
pub use receivables::FellDue;
pub use references::{ReferenceKind, ReferenceOption};
pub use reset::ResetCounts;
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
use std::collections::HashMap;
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
    read_only: bool,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, refusing a file written by a newer
    /// Ponte and taking a verified backup (in `<data dir>/backups/`) before applying new
    /// migrations. A store file the process may not write is opened read-only (see
    /// `is_read_only`). Failures about the disk or the path name the file (`about_store`).
    pub async fn open(path: &Path) -> Result<Store> {
        Store::open_checked(path)
            .await
            .map_err(|error| damaged::recognise(path, error).about_store(path))
    }

    async fn open_checked(path: &Path) -> Result<Store> {
        if path.to_str().is_none() {
            return Err(Error::DataDirNotUtf8 {
                path: path.parent().unwrap_or(path).to_string_lossy().into_owned(),
            });
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let read_only = file_is_read_only(path);
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(!read_only)
            .read_only(read_only)
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
            read_only,
        };
        if read_only {
            store.refuse_pending_migrations().await?;
        } else {
            store.migrate().await?;
            store.fill_search_columns().await?;
        }
        Ok(store)
    }

    /// Whether the store was opened read-only because its file may not be written: reads
    /// work, and every write fails with `ReadOnlyStore`.
    pub fn is_read_only(&self) -> bool {
        self.read_only
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

    /// Closes the pool, checkpointing the WAL. Call on shutdown. When it returns, no
    /// connection to the file is left, so the file may be replaced or moved aside.
    pub async fn close(&self) {
        // sqlx's `close` can return while a connection handed back during it sits idle
        // in the pool: it waits for every permit but pops the idle queue only before
        // waiting. Such a connection would close later, from the pool's drop, and its
        // checkpoint would write over whatever replaced the file. Closing again pops it.
        self.pool.close().await;
        while self.pool.size() > 0 {
            self.pool.close().await;
        }
    }

    async fn migrate(&self) -> Result<()> {
        let applied = self.applied_migrations().await?;
        self.refuse_unknown_migrations(&applied)?;
        let pending = MIGRATOR.iter().any(|m| !applied.contains_key(&m.version));
        let Some(current) = applied.keys().max().copied().filter(|_| pending) else {
            // A new store, or nothing to apply: there is nothing a backup would protect.
            MIGRATOR.run(&self.pool).await?;
            return Ok(());
        };
        let backups = crate::backups::backups_dir(self.path.parent().unwrap_or(Path::new(".")));
        let backup = crate::backups::write_backup(
            &self.pool,
            &backups,
            crate::backups::BackupKind::BeforeMigration,
            current,
            chrono::Utc::now(),
        )
        .await?;
        MIGRATOR.run(&self.pool).await.map_err(|error| {
            match Error::from(error).about_store(&self.path) {
                Error::Migration(source) => Error::MigrationFailed {
                    path: self.path.display().to_string(),
                    detail: source.to_string(),
                    backup_path: backups.display().to_string(),
                    backup: backup.id,
                },
                other => other,
            }
        })
    }

    /// A store opened read-only can be read only if this build needs nothing applied.
    async fn refuse_pending_migrations(&self) -> Result<()> {
        let applied = self.applied_migrations().await?;
        self.refuse_unknown_migrations(&applied)?;
        if MIGRATOR.iter().any(|m| !applied.contains_key(&m.version)) {
            return Err(Error::ReadOnlyStore {
                path: self.path.display().to_string(),
            });
        }
        Ok(())
    }

    /// Refuses a store written by a newer Ponte, or one whose applied migrations differ
    /// from this build's (a modified build wrote it), before anything is changed.
    fn refuse_unknown_migrations(&self, applied: &HashMap<i64, Vec<u8>>) -> Result<()> {
        let newest_known = newest_schema_version();
        if let Some(found) = applied.keys().copied().filter(|v| *v > newest_known).max() {
            return Err(Error::DatabaseFromNewerVersion {
                found,
                supported: newest_known,
            });
        }
        let modified = MIGRATOR.iter().find(|m| {
            applied
                .get(&m.version)
                .is_some_and(|checksum| checksum.as_slice() != &*m.checksum)
        });
        if let Some(migration) = modified {
            return Err(Error::MigrationModified {
                path: self.path.display().to_string(),
                version: migration.version,
            });
        }
        Ok(())
    }

    /// The migrations applied to the store, with their checksums.
    async fn applied_migrations(&self) -> Result<HashMap<i64, Vec<u8>>> {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await?;
        if !exists {
            return Ok(HashMap::new());
        }
        let rows = sqlx::query("SELECT version, checksum FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("version")?, row.try_get("checksum")?)))
            .collect()
    }
}

/// Whether the process may not write the store file: it exists and opening it for writing
/// is refused (permissions, a read-only mount). SQLite would otherwise fall back to
/// read-only on its own and fail at the first write of opening.
fn file_is_read_only(path: &Path) -> bool {
    path.exists()
        && std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .is_err_and(|error| {
                matches!(
                    error.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                )
            })
}

/// The schema version this build writes: its newest migration. A store or a backup with
/// a newer one was written by a newer Ponte.
pub fn newest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
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
