//! Applying a staged restore, which `Core::open` does before it opens the store: nobody
//! holds the store then, so swapping its file cannot pull it from under a connection.
//!
//! The steps, and why a crash at any of them leaves the old store or the new one whole:
//! 1. the old store's WAL is checkpointed into it and removed (a WAL beside the new file
//!    would be replayed into it). A crash here leaves the old store whole, the staged file
//!    still waiting; the next open starts again.
//! 2. the staged record becomes `last-restore.json` (applied).
//! 3. the staged file is renamed over `ponte.db` (atomic on one file system), and the
//!    folder fsynced. Before the rename the old store is in place; after it, the new one.
//!
//! A WAL that survives step 1 means another process still has the store open (the app
//! while the CLI restores): nothing is swapped, and the error says to close it.

use super::files::{remove_quietly, rename, sync_dir};
use super::restore_record::{
    LAST_RECORD, LastRestore, PENDING_RECORD, read_record, record_path, write_record,
};
use crate::error::{Error, Result};
use crate::store::DATABASE_FILE;
use chrono::Utc;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

/// The staged database, beside the store.
pub(super) fn pending_database(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{DATABASE_FILE}.restore-pending"))
}

/// The staged database while it is copied and checked, before it is renamed into place.
pub(super) fn staging_database(data_dir: &Path) -> PathBuf {
    data_dir.join(format!(".{DATABASE_FILE}.restore-pending.tmp"))
}

/// A file SQLite keeps beside the store (`-wal`, `-shm`).
fn sidecar(store: &Path, suffix: &str) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Swaps in the restore staged in `data_dir`, if there is one, and returns its record.
pub async fn apply_pending_restore(data_dir: &Path) -> Result<Option<LastRestore>> {
    let pending = pending_database(data_dir);
    let pending_record = record_path(data_dir, PENDING_RECORD);
    if !pending.is_file() {
        // A record without its database: staging stopped before the database was in
        // place, and the store was never touched.
        remove_quietly(&pending_record);
        remove_quietly(&staging_database(data_dir));
        return Ok(None);
    }
    let store = data_dir.join(DATABASE_FILE);
    release_store(&store).await?;
    let last_record = record_path(data_dir, LAST_RECORD);
    if let Some(mut record) = read_record(&pending_record)? {
        record.applied_at = Some(Utc::now());
        write_record(&last_record, &record)?;
        remove_quietly(&pending_record);
    }
    rename(&pending, &store)?;
    sync_dir(data_dir)?;
    let applied = read_record(&last_record)?;
    tracing::info!(
        source = applied.as_ref().map(|r| r.source.as_str()).unwrap_or(""),
        "restauração aplicada"
    );
    Ok(applied)
}

/// Folds the WAL into the old store and removes the files beside it, so the new store
/// starts without them. Fails with `StoreInUse` when another process keeps it open.
async fn release_store(store: &Path) -> Result<()> {
    let wal = sidecar(store, "-wal");
    let shm = sidecar(store, "-shm");
    if !store.is_file() {
        // Files left by a store that is gone belong to nothing.
        remove_quietly(&wal);
        remove_quietly(&shm);
        return Ok(());
    }
    if wal.exists() {
        let mut connection = SqliteConnectOptions::new()
            .filename(store)
            .connect()
            .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut connection)
            .await?;
        // The last connection to close removes the WAL.
        connection.close().await?;
    }
    if wal.exists() {
        return Err(Error::StoreInUse {
            path: store.display().to_string(),
        });
    }
    remove_quietly(&shm);
    Ok(())
}
