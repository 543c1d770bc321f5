//! The manifest written beside each backup (`<id>.json` next to `<id>.db`): when and why
//! it was taken, the schema version it holds, its SHA-256 and size, and the row count of
//! every table. A backup is listed only once its manifest is in place, so the manifest's
//! rename is the moment a backup starts to exist.

use super::BackupKind;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's own format version, for readers of an exported backup.
pub const MANIFEST_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The file stem shared by the database and its manifest.
    pub id: String,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
    /// The newest migration applied in the copied store.
    pub schema_version: i64,
    /// Lowercase hex SHA-256 of the database file.
    pub sha256: String,
    pub size_bytes: u64,
    /// Rows per table at the moment of the copy.
    pub row_counts: BTreeMap<String, i64>,
    /// The Ponte version that wrote the backup.
    pub app_version: String,
}

impl Manifest {
    /// The manifest's path beside a backup database.
    pub fn path_for(database: &Path) -> PathBuf {
        database.with_extension("json")
    }

    pub fn read(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::FileAccess {
            path: path.display().to_string(),
            action: "ler",
            source,
        })?;
        serde_json::from_str(&text).map_err(|error| Error::BackupInvalid {
            path: path.display().to_string(),
            reason: format!("o manifesto não pôde ser lido ({error})"),
        })
    }

    /// Writes and fsyncs the manifest at `path`.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|error| Error::BackupInvalid {
            path: path.display().to_string(),
            reason: format!("o manifesto não pôde ser gerado ({error})"),
        })?;
        super::files::write_synced(path, &json)
    }
}
