//! Recovering from a store that cannot be opened (`Error::StoreDamaged`). The damaged file
//! is never deleted: it is moved aside as `ponte.db.damaged-<instant>` (with its `-wal`
//! and `-shm`), and then either the newest backup that still verifies is copied into
//! place or the next open starts an empty store. No `Core` exists at this point, so this
//! works on the data directory alone; the backups are read and verified straight from
//! their folder.

use crate::backups::{Manifest, backup_path, backups_dir, verify_backup_file};
use crate::error::{Error, Result};
use crate::store::DATABASE_FILE;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};

/// What the operator chose on the recovery screen (or `ponte recuperar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DamagedStoreChoice {
    RestoreNewestBackup,
    StartClean,
}

/// A verified backup the damaged store can be replaced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AvailableBackup {
    pub id: String,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
}

/// What a recovery did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RecoveredStore {
    /// Where the damaged file now is.
    #[specta(type = String)]
    pub damaged_path: PathBuf,
    /// The backup now in place, or `None` when the store starts clean.
    pub restored: Option<AvailableBackup>,
}

/// The name the damaged store is moved aside to.
pub fn damaged_file_name(now: DateTime<Utc>) -> String {
    format!("{DATABASE_FILE}.damaged-{}", now.format("%Y%m%dT%H%M%SZ"))
}

/// The newest backup in `<data_dir>/backups/` that verifies whole again (checksum,
/// integrity, schema); `None` when there is none.
pub async fn newest_verified_backup(data_dir: &Path) -> Result<Option<AvailableBackup>> {
    Ok(newest_verified(data_dir)
        .await?
        .map(|(manifest, _)| AvailableBackup {
            id: manifest.id,
            created_at: manifest.created_at,
        }))
}

/// Moves the damaged store aside and, as chosen, puts the newest verified backup in its
/// place or leaves the place empty for a clean start. A restore with no verified backup
/// fails before anything is moved.
pub async fn recover_damaged_store(
    data_dir: &Path,
    choice: DamagedStoreChoice,
) -> Result<RecoveredStore> {
    let backup = match choice {
        DamagedStoreChoice::StartClean => None,
        DamagedStoreChoice::RestoreNewestBackup => Some(
            newest_verified(data_dir)
                .await?
                .ok_or_else(|| Error::NoVerifiedBackup {
                    dir: backups_dir(data_dir).display().to_string(),
                })?,
        ),
    };
    let damaged_path = move_aside(data_dir, Utc::now())?;
    let store = data_dir.join(DATABASE_FILE);
    let restored = match backup {
        None => None,
        Some((manifest, database)) => {
            copy_into_place(&database, &store)?;
            Some(AvailableBackup {
                id: manifest.id,
                created_at: manifest.created_at,
            })
        }
    };
    tracing::warn!(
        damaged = %damaged_path.display(),
        restored = restored.as_ref().map(|b| b.id.as_str()).unwrap_or("nenhum"),
        "arquivo de dados danificado movido para o lado"
    );
    Ok(RecoveredStore {
        damaged_path,
        restored,
    })
}

async fn newest_verified(data_dir: &Path) -> Result<Option<(Manifest, PathBuf)>> {
    let dir = backups_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::FileAccess {
                path: dir.display().to_string(),
                action: "ler",
                source,
            });
        }
    };
    let mut manifests: Vec<Manifest> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .filter_map(|path| Manifest::read(&path).ok())
        .collect();
    manifests.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    for manifest in manifests {
        let database = backup_path(&dir, &manifest.id);
        match verify_backup_file(&database, &Manifest::path_for(&database)).await {
            Ok(verified) => return Ok(Some((verified, database))),
            Err(error) => {
                tracing::warn!(id = %manifest.id, %error, "backup ignorado na recuperação")
            }
        }
    }
    Ok(None)
}

/// Renames `ponte.db` and its `-wal` and `-shm` to the damaged name; returns the store's
/// new path.
fn move_aside(data_dir: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let base = damaged_file_name(now);
    let mut name = base.clone();
    let mut attempt = 1;
    while data_dir.join(&name).exists() {
        attempt += 1;
        name = format!("{base}-{attempt}");
    }
    let target = data_dir.join(&name);
    for suffix in ["", "-wal", "-shm"] {
        let from = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if !from.exists() {
            continue;
        }
        let to = data_dir.join(format!("{name}{suffix}"));
        std::fs::rename(&from, &to).map_err(|source| Error::FileAccess {
            path: from.display().to_string(),
            action: "mover",
            source,
        })?;
    }
    sync_dir(data_dir)?;
    Ok(target)
}

/// Copies `from` to `to` through a temporary file beside it, fsynced and renamed.
fn copy_into_place(from: &Path, to: &Path) -> Result<()> {
    let temporary = to.with_file_name(format!(".{DATABASE_FILE}.restaurando"));
    let written = std::fs::copy(from, &temporary)
        .and_then(|_| File::open(&temporary)?.sync_all())
        .and_then(|()| std::fs::rename(&temporary, to));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::FileAccess {
            path: to.display().to_string(),
            action: "gravar",
            source,
        });
    }
    if let Some(dir) = to.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| Error::FileAccess {
            path: dir.display().to_string(),
            action: "gravar",
            source,
        })?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
