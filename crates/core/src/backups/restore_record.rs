//! The record of a restore, kept as JSON in the data directory rather than in the store
//! (the store is what a restore replaces): `restore-pending.json` while a restore is
//! staged, `last-restore.json` once it is applied. It says what was restored, when, the
//! backup that undoes it, and what the replay from the relay brought back.

use super::BackupKind;
use super::files::{rename, sync_dir, write_synced};
use crate::error::{Error, Result};
use crate::realtime::CaughtUp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The staged restore's record, beside the staged database.
pub(super) const PENDING_RECORD: &str = "restore-pending.json";
/// The applied restore's record.
pub(super) const LAST_RECORD: &str = "last-restore.json";

/// What the UI shows of a restore, and what "Desfazer restauração" restores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LastRestore {
    /// What was restored, as the operator reads it: the backup's id, or the file's path.
    pub source: String,
    /// Why the restored backup was taken.
    pub source_kind: BackupKind,
    /// When the restored backup was taken: the moment the store went back to.
    #[specta(type = String)]
    pub backup_created_at: DateTime<Utc>,
    #[specta(type = String)]
    pub requested_at: DateTime<Utc>,
    /// `None` while staged: the store is replaced when the Ponte opens again.
    #[specta(type = Option<String>)]
    pub applied_at: Option<DateTime<Utc>>,
    /// The backup of the store as it was before the restore: restoring it undoes this one.
    pub undo_backup_id: String,
    /// `None` until the relay has been asked again for the events since the backup.
    pub replay: Option<ReplayReport>,
}

/// What was pulled again from the relay after a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReplayReport {
    #[specta(type = String)]
    pub finished_at: DateTime<Utc>,
    pub channels: Vec<CaughtUp>,
    /// Set when the backup is older than the relay keeps events: the period whose events
    /// may be missing, in pt-BR.
    pub retention_gap: Option<String>,
}

pub(super) fn record_path(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join(name)
}

/// Reads a record; `None` when there is none.
pub(super) fn read_record(path: &Path) -> Result<Option<LastRestore>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::FileAccess {
                path: path.display().to_string(),
                action: "ler",
                source,
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|error| Error::FileAccess {
            path: path.display().to_string(),
            action: "ler",
            source: std::io::Error::other(error.to_string()),
        })
}

/// Writes a record through a fsynced temporary file and a rename: a reader finds the
/// old record or the new one, never half of one.
pub(super) fn write_record(path: &Path, record: &LastRestore) -> Result<()> {
    let json = serde_json::to_vec_pretty(record).map_err(|error| Error::FileAccess {
        path: path.display().to_string(),
        action: "gravar",
        source: std::io::Error::other(error.to_string()),
    })?;
    let temporary = path.with_extension("json.tmp");
    write_synced(&temporary, &json)?;
    rename(&temporary, path)?;
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir),
        _ => Ok(()),
    }
}
