//! A store that cannot be opened: garbage bytes, a truncated file and an overwritten
//! header each end in `Error::StoreDamaged` naming the file, never in an empty store. The
//! recovery moves the damaged file aside (it stays on disk, never deleted) and then opens
//! either the newest verified backup, with its data, or a clean store.

use crate::support;

use ponte_core::backups::BackupKind;
use ponte_core::credentials::CredentialStore;
use ponte_core::maintenance::{DamagedStoreChoice, newest_verified_backup, recover_damaged_store};
use ponte_core::store::DATABASE_FILE;
use ponte_core::{Core, CoreOptions, Error};
use std::path::Path;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};
use tempfile::TempDir;

#[derive(Debug, Clone, Copy)]
enum Damage {
    Garbage,
    Truncated,
    ZeroedHeader,
}

fn damage(path: &Path, how: Damage) {
    let mut bytes = std::fs::read(path).expect("store file");
    match how {
        Damage::Garbage => {
            for (i, byte) in bytes.iter_mut().enumerate() {
                *byte = (i.wrapping_mul(31) % 251) as u8;
            }
        }
        Damage::Truncated => bytes.truncate(bytes.len() / 2),
        Damage::ZeroedHeader => bytes[..100].fill(0),
    }
    std::fs::write(path, bytes).expect("damaged");
}

async fn open(dir: &Path) -> Result<Core, Error> {
    Core::open(CoreOptions {
        data_dir: dir.to_path_buf(),
        credentials: CredentialStore::default(),
    })
    .await
}

async fn count(core: &Core, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(core.store().pool())
        .await
        .expect("count")
}

/// A data directory with a mirrored store and a verified backup of it; returns it with
/// the store's vendas count.
async fn damaged_with_backup(how: Damage) -> (TempDir, i64) {
    let h = harness(small_unlimited(41), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    h.core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup");
    let vendas = count(&h.core, "SELECT count(*) FROM vendas").await;
    assert!(vendas > 0);
    h.core.shutdown().await;
    let support::Harness { dir, core, .. } = h;
    drop(core);
    // A WAL left by the last connection would still hold a good page 1, which SQLite reads
    // instead of the damaged one: the damage is to the whole store.
    for leftover in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{DATABASE_FILE}{leftover}")));
    }
    damage(&dir.path().join(DATABASE_FILE), how);
    (dir, vendas)
}

async fn assert_damaged(dir: &Path, how: Damage) {
    match open(dir).await {
        Err(Error::StoreDamaged { path, .. }) => {
            assert_eq!(path, dir.join(DATABASE_FILE).display().to_string())
        }
        Err(other) => panic!("{how:?}: expected a damaged store, got: {other}"),
        Ok(_) => panic!("{how:?}: a damaged store opened"),
    }
}

#[tokio::test]
async fn each_kind_of_damage_is_reported_and_the_newest_backup_brings_the_data_back() {
    for how in [Damage::Garbage, Damage::Truncated, Damage::ZeroedHeader] {
        let (dir, vendas) = damaged_with_backup(how).await;
        assert_damaged(dir.path(), how).await;
        let damaged_bytes = std::fs::read(dir.path().join(DATABASE_FILE)).expect("bytes");
        let offered = newest_verified_backup(dir.path())
            .await
            .expect("backups read")
            .expect("a verified backup is offered");

        let recovered = recover_damaged_store(dir.path(), DamagedStoreChoice::RestoreNewestBackup)
            .await
            .unwrap_or_else(|e| panic!("{how:?}: {e}"));

        assert_eq!(recovered.restored.as_ref(), Some(&offered));
        assert_eq!(
            std::fs::read(&recovered.damaged_path).expect("the damaged file is kept aside"),
            damaged_bytes,
            "{how:?}"
        );
        let name = recovered
            .damaged_path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("ponte.db.damaged-"), "{name}");
        let core = open(dir.path())
            .await
            .unwrap_or_else(|e| panic!("{how:?}: {e}"));
        assert_eq!(count(&core, "SELECT count(*) FROM vendas").await, vendas);
        assert_eq!(count(&core, "SELECT count(*) FROM integrations").await, 1);
        core.shutdown().await;
    }
}

#[tokio::test]
async fn starting_clean_keeps_the_damaged_file_and_opens_an_empty_store() {
    let (dir, _) = damaged_with_backup(Damage::Truncated).await;
    let recovered = recover_damaged_store(dir.path(), DamagedStoreChoice::StartClean)
        .await
        .expect("recovered");
    assert_eq!(recovered.restored, None);
    assert!(recovered.damaged_path.is_file());
    let core = open(dir.path()).await.expect("a clean store opens");
    assert_eq!(count(&core, "SELECT count(*) FROM integrations").await, 0);
    assert_eq!(count(&core, "SELECT count(*) FROM vendas").await, 0);
    core.shutdown().await;
}

#[tokio::test]
async fn a_restore_without_a_verified_backup_moves_nothing() {
    let (dir, _) = damaged_with_backup(Damage::Garbage).await;
    std::fs::remove_dir_all(dir.path().join("backups")).expect("backups gone");
    let before = std::fs::read(dir.path().join(DATABASE_FILE)).expect("bytes");
    let error = recover_damaged_store(dir.path(), DamagedStoreChoice::RestoreNewestBackup)
        .await
        .expect_err("nothing to restore");
    assert!(matches!(error, Error::NoVerifiedBackup { .. }), "{error}");
    assert_eq!(
        std::fs::read(dir.path().join(DATABASE_FILE)).expect("still in place"),
        before
    );
}
