//! The file-system steps of a backup that must survive a power cut: writing and fsyncing
//! a file, fsyncing a folder after a rename, hashing a file, and removing a rejected one.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

fn access(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.display().to_string();
    move |source| Error::FileAccess {
        path,
        action,
        source,
    }
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = File::create(path).map_err(access(path, "criar"))?;
    file.write_all(bytes).map_err(access(path, "gravar"))?;
    file.sync_all().map_err(access(path, "gravar"))
}

pub(super) fn sync_file(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(access(path, "gravar"))
}

/// Makes a rename inside `dir` durable. Windows has no directory handles to sync, and
/// its renames are already journaled by NTFS.
pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    if cfg!(windows) {
        return Ok(());
    }
    sync_file(dir)
}

pub(super) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(access(to, "gravar"))
}

/// Runs `work` on `path` on the blocking pool: hashing or fsyncing a store of hundreds of
/// megabytes takes a while, and must not hold up a runtime worker (the app's sync and
/// real-time tasks run there).
pub(super) async fn off_the_runtime<T: Send + 'static>(
    path: &Path,
    action: &'static str,
    work: fn(&Path) -> Result<T>,
) -> Result<T> {
    let owned = path.to_path_buf();
    tokio::task::spawn_blocking(move || work(&owned))
        .await
        .map_err(|error| Error::FileAccess {
            path: path.display().to_string(),
            action,
            source: std::io::Error::other(error.to_string()),
        })?
}

pub(super) async fn sha256_of_file(path: &Path) -> Result<(String, u64)> {
    off_the_runtime(path, "ler", sha256_of).await
}

/// Lowercase hex SHA-256 and size of a file, read in chunks.
fn sha256_of(path: &Path) -> Result<(String, u64)> {
    let mut file = File::open(path).map_err(access(path, "ler"))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let read = file.read(&mut buffer).map_err(access(path, "ler"))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Removes a file that must not stay behind (a rejected copy, a half-written temp). A
/// file that is already gone is fine; any other failure is only logged, because the
/// error worth reporting is the one that made the file unwanted.
pub(super) fn remove_quietly(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::warn!(path = %path.display(), %error, "não foi possível apagar"),
    }
}
