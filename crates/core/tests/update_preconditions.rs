//! What the desktop's updater asks the core before it installs a new version: whether a
//! sync or a backup is running (it waits for none), the backup it takes first (kept by
//! retention like the other backups that guard a change), and the "Verificar atualizações
//! diariamente" switch, on by default and kept across restarts.

use crate::support;

use ponte_core::backups::BackupKind;
use ponte_core::credentials::CredentialStore;
use ponte_core::{Core, CoreOptions};
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

async fn open(dir: &std::path::Path) -> Core {
    Core::open(CoreOptions {
        data_dir: dir.to_path_buf(),
        credentials: CredentialStore::with_service("ponte-update-preconditions-test"),
    })
    .await
    .expect("core opens")
}

#[tokio::test]
async fn the_daily_check_is_on_by_default_and_its_switch_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open(dir.path()).await;
    assert!(core.settings().daily_update_check().await.unwrap());
    core.settings().set_daily_update_check(false).await.unwrap();
    core.shutdown().await;

    let core = open(dir.path()).await;
    assert!(!core.settings().daily_update_check().await.unwrap());
    core.shutdown().await;
}

#[tokio::test]
async fn nothing_runs_once_a_sync_and_a_backup_are_done() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    assert!(!h.core.sync().any_running());
    assert!(!h.core.backups().is_writing());

    assert_succeeded(&h.sync().await);
    let backup = h
        .core
        .backups()
        .create(BackupKind::BeforeUpdate)
        .await
        .unwrap();

    assert!(!h.core.sync().any_running());
    assert!(!h.core.backups().is_writing());
    assert_eq!(backup.kind, BackupKind::BeforeUpdate);
    assert!(backup.id.ends_with("-before-update"), "{}", backup.id);
    assert!(BackupKind::BeforeUpdate.guards_a_change());
    assert_eq!(
        BackupKind::BeforeUpdate.label(),
        "antes de atualizar a Ponte"
    );
}
