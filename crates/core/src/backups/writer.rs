//! Writing one backup: `VACUUM INTO` a temporary file in the backups folder, fsync it,
//! open it read-only and require a clean integrity check and the expected schema version,
//! record its SHA-256 and row counts in the manifest, then rename both into place. A copy
//! that fails any step is deleted and the failure returned: it is never listed.

use super::files::{off_the_runtime, remove_quietly, rename, sha256_of_file, sync_dir, sync_file};
use super::inspect::inspect;
use super::manifest::{MANIFEST_FORMAT, Manifest};
use super::{BackupKind, DATABASE_EXTENSION};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

/// Writes a verified backup of the store behind `pool` into `dir`. `schema_version` is
/// the version the copy must hold: the store's newest applied migration.
pub async fn write_backup(
    pool: &SqlitePool,
    dir: &Path,
    kind: BackupKind,
    schema_version: i64,
    now: DateTime<Utc>,
) -> Result<Manifest> {
    std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
        path: dir.display().to_string(),
        source,
    })?;
    let id = free_id(dir, kind, now);
    let database = dir.join(format!("{id}.{DATABASE_EXTENSION}"));
    let temporary = dir.join(format!(".{id}.{DATABASE_EXTENSION}.tmp"));
    let temporary_manifest = dir.join(format!(".{id}.json.tmp"));
    remove_quietly(&temporary);
    let written = copy_and_check(
        pool,
        &temporary,
        &temporary_manifest,
        &id,
        kind,
        schema_version,
        now,
    )
    .await;
    let manifest = match written {
        Ok(manifest) => manifest,
        Err(error) => {
            remove_quietly(&temporary);
            remove_quietly(&temporary_manifest);
            tracing::error!(%error, kind = kind.as_str(), "backup recusado e apagado");
            return Err(error);
        }
    };
    // The database first: a backup exists once its manifest does.
    rename(&temporary, &database)?;
    if let Err(error) = rename(&temporary_manifest, &Manifest::path_for(&database)) {
        remove_quietly(&database);
        remove_quietly(&temporary_manifest);
        return Err(error);
    }
    sync_dir(dir)?;
    tracing::info!(id = %manifest.id, kind = kind.as_str(), bytes = manifest.size_bytes, "backup verificado e gravado");
    Ok(manifest)
}

async fn copy_and_check(
    pool: &SqlitePool,
    temporary: &Path,
    temporary_manifest: &Path,
    id: &str,
    kind: BackupKind,
    schema_version: i64,
    now: DateTime<Utc>,
) -> Result<Manifest> {
    // `VACUUM INTO` gives a consistent, compact copy even while the WAL holds recent
    // commits and other connections keep writing.
    sqlx::query("VACUUM INTO ?")
        .bind(temporary.display().to_string())
        .execute(pool)
        .await?;
    off_the_runtime(temporary, "gravar", sync_file).await?;
    let inspection = inspect(temporary).await?;
    if inspection.schema_version != schema_version {
        return Err(Error::BackupInvalid {
            path: temporary.display().to_string(),
            reason: format!(
                "a cópia tem a versão {} do banco, e a esperada era {schema_version}",
                inspection.schema_version
            ),
        });
    }
    let (sha256, size_bytes) = sha256_of_file(temporary).await?;
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        id: id.to_string(),
        kind,
        created_at: now,
        schema_version,
        sha256,
        size_bytes,
        row_counts: inspection.row_counts,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    manifest.write(temporary_manifest)?;
    Ok(manifest)
}

/// `ponte-20261130-180000-scheduled`, with `-2`, `-3`... when that second is taken.
fn free_id(dir: &Path, kind: BackupKind, now: DateTime<Utc>) -> String {
    let base = format!("ponte-{}-{}", now.format("%Y%m%d-%H%M%S"), kind.as_str());
    let taken = |id: &str| -> bool {
        backup_path(dir, id).exists() || Manifest::path_for(&backup_path(dir, id)).exists()
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The database file of backup `id` in `dir`.
pub fn backup_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.{DATABASE_EXTENSION}"))
}
