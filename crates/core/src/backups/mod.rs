//! The `backups` room: verified copies of the store in `<data dir>/backups/`, each a
//! SQLite file (`<id>.db`) with a JSON manifest beside it (`<id>.json`). `Backups` takes
//! them (manually, on a schedule, before a restore or a reset; the store takes its own
//! before migrating), lists, verifies and exports them, and applies retention after each
//! new one. A backup never holds a secret: the tokens live in the keyring, not the store.
//! `Restore` (`restore.rs`) puts a verified backup back in place, staged and applied when
//! the store is next opened, with the undo backup and the replay from the relay.

mod files;
mod inspect;
mod kind;
mod manifest;
mod restore;
mod restore_record;
mod restore_swap;
mod retention;
mod schedule;
mod settings;
mod verify;
mod writer;

pub use inspect::{Inspection, inspect};
pub use kind::BackupKind;
pub use manifest::{MANIFEST_FORMAT, Manifest};
pub use restore::{RELAY_RETENTION_DAYS, Restore, RestorePreview, RestoreSource, retention_gap};
pub use restore_record::{LastRestore, ReplayReport};
pub use restore_swap::apply_pending_restore;
pub use retention::{RetainedBackup, to_delete};
pub use schedule::wait_before_next;
pub use settings::BackupSettings;
pub use verify::verify_backup_file;
pub use writer::{backup_path, write_backup};

use crate::context::ServiceContext;
use crate::error::{Error, Result};
use crate::store::newest_schema_version;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The extension of a backup's database file.
pub const DATABASE_EXTENSION: &str = "db";

/// The backups folder inside a data directory.
pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// One listed backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct BackupInfo {
    pub id: String,
    pub kind: BackupKind,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    #[specta(type = f64)]
    pub size_bytes: u64,
    #[specta(type = f64)]
    pub schema_version: i64,
    /// Verified when written, and its file still has the recorded size. `verify` reads
    /// the whole file again (checksum and integrity).
    pub intact: bool,
    #[specta(type = String)]
    pub path: PathBuf,
}

#[derive(Clone)]
pub struct Backups {
    context: ServiceContext,
    dir: PathBuf,
    /// One backup or pruning at a time: the scheduler and "Fazer backup agora" may meet.
    writing: Arc<tokio::sync::Mutex<()>>,
}

impl Backups {
    pub fn new(context: ServiceContext, data_dir: &Path) -> Backups {
        Backups {
            context,
            dir: backups_dir(data_dir),
            writing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// The folder the backups live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub async fn settings(&self) -> Result<BackupSettings> {
        self.context.store.backup_settings().await
    }

    pub async fn set_settings(&self, settings: &BackupSettings) -> Result<()> {
        self.context.store.set_backup_settings(settings).await
    }

    /// Whether a backup (or its pruning) is being written right now: an update waits.
    pub fn is_writing(&self) -> bool {
        self.writing.try_lock().is_err()
    }

    /// Takes a verified backup now, then applies retention.
    pub async fn create(&self, kind: BackupKind) -> Result<BackupInfo> {
        self.create_at(kind, Utc::now()).await
    }

    /// `create` with the clock given: what tests use to simulate weeks of backups.
    pub async fn create_at(&self, kind: BackupKind, now: DateTime<Utc>) -> Result<BackupInfo> {
        let _writing = self.writing.lock().await;
        let manifest = write_backup(
            self.context.store.pool(),
            &self.dir,
            kind,
            newest_schema_version(),
            now,
        )
        .await?;
        self.prune_locked(now).await?;
        Ok(self.info(manifest))
    }

    /// Deletes what retention no longer keeps at `now`; returns the deleted ids.
    pub async fn prune_at(&self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let _writing = self.writing.lock().await;
        self.prune_locked(now).await
    }

    async fn prune_locked(&self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let settings = self.settings().await?;
        let retained: Vec<RetainedBackup> = self
            .list()?
            .into_iter()
            .map(|backup| RetainedBackup {
                id: backup.id,
                kind: backup.kind,
                created_at: backup.created_at,
            })
            .collect();
        let deleted = to_delete(&retained, &settings, now);
        for id in &deleted {
            let database = backup_path(&self.dir, id);
            // The manifest first: a backup stops being listed before its file goes.
            files::remove_quietly(&Manifest::path_for(&database));
            files::remove_quietly(&database);
            tracing::info!(%id, "backup apagado pela política de retenção");
        }
        Ok(deleted)
    }

    /// The backups, newest first. A manifest that cannot be read is skipped (and logged):
    /// without it the file cannot be verified.
    pub fn list(&self) -> Result<Vec<BackupInfo>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(Error::FileAccess {
                    path: self.dir.display().to_string(),
                    action: "ler",
                    source,
                });
            }
        };
        let mut backups = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let is_manifest = path.extension().is_some_and(|e| e == "json")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if !is_manifest {
                continue;
            }
            match Manifest::read(&path) {
                Ok(manifest) => backups.push(self.info(manifest)),
                Err(error) => {
                    tracing::warn!(path = %path.display(), %error, "manifesto de backup ignorado")
                }
            }
        }
        backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(backups)
    }

    /// Reads backup `id` whole again: integrity, schema and checksum.
    pub async fn verify(&self, id: &str) -> Result<BackupInfo> {
        let (database, manifest_path) = self.files_of(id)?;
        let manifest = verify_backup_file(&database, &manifest_path).await?;
        Ok(self.info(manifest))
    }

    /// Verifies backup `id` and writes it to `destination`, with its manifest beside it
    /// (`destination` with the extension `.json`), then verifies the written copy the
    /// same way. Returns the manifest's path.
    pub async fn export(&self, id: &str, destination: &Path) -> Result<PathBuf> {
        if destination.extension().is_some_and(|e| e == "json") {
            return Err(Error::InvalidInput {
                field: "arquivo",
                detail: "o backup exportado não pode terminar em .json, que é a extensão do manifesto gravado ao lado dele; use por exemplo .db".into(),
            });
        }
        let (database, manifest_path) = self.files_of(id)?;
        verify_backup_file(&database, &manifest_path).await?;
        let exported_manifest = Manifest::path_for(destination);
        copy_synced(&database, destination)?;
        copy_synced(&manifest_path, &exported_manifest)?;
        verify_backup_file(destination, &exported_manifest).await?;
        Ok(exported_manifest)
    }

    fn files_of(&self, id: &str) -> Result<(PathBuf, PathBuf)> {
        let plain = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let database = backup_path(&self.dir, id);
        let manifest = Manifest::path_for(&database);
        if !plain || !manifest.is_file() {
            return Err(Error::BackupNotFound { id: id.to_string() });
        }
        Ok((database, manifest))
    }

    fn info(&self, manifest: Manifest) -> BackupInfo {
        let path = backup_path(&self.dir, &manifest.id);
        let intact = std::fs::metadata(&path).is_ok_and(|m| m.len() == manifest.size_bytes);
        BackupInfo {
            id: manifest.id,
            kind: manifest.kind,
            created_at: manifest.created_at,
            size_bytes: manifest.size_bytes,
            schema_version: manifest.schema_version,
            intact,
            path,
        }
    }
}

/// Copies `from` to `to` through a temporary file beside `to`, fsynced and renamed, so a
/// reader never sees half a copy.
fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = to.with_file_name(format!(".{name}.tmp"));
    std::fs::copy(from, &temporary).map_err(|source| Error::FileAccess {
        path: to.display().to_string(),
        action: "gravar",
        source,
    })?;
    let synced = files::sync_file(&temporary).and_then(|()| files::rename(&temporary, to));
    if synced.is_err() {
        files::remove_quietly(&temporary);
    }
    synced?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::sync_dir(dir)?;
    }
    Ok(())
}
