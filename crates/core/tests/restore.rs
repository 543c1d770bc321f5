//! Restore end to end over a real store mirrored from the sandbox: a backup restored after
//! syncs, real-time events and a DRE mapping edit gives back the counts, sums and DRE of
//! backup time; "Desfazer restauração" gives back what the restore replaced; and a
//! damaged backup (bytes flipped, truncated, not a database, no manifest) is refused while
//! the current store stays as it was and keeps working.

use crate::support;

use ponte_core::Core;
use ponte_core::backups::{BackupKind, RestoreSource};
use ponte_core::reports::dre::AccountClass;
use ponte_webhooks::AuthMode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::relay::connected_relay;
use support::{Harness, assert_succeeded, fast_settings, harness, open_core, small_unlimited};

/// What a restore must give back: every table's row count (the notification center
/// excepted: the restore itself adds one), and the rows of the mirrored vendas, the kept
/// DRE sums, the DRE mapping and the relay cursors.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    counts: BTreeMap<String, i64>,
    rows: BTreeMap<&'static str, Vec<String>>,
}

async fn snapshot(core: &Core) -> Snapshot {
    let pool = core.store().pool();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT IN ('notifications', '_sqlx_migrations') ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    let mut counts = BTreeMap::new();
    for table in tables {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(pool)
            .await
            .expect("count");
        counts.insert(table, count);
    }
    let mut rows = BTreeMap::new();
    for table in ["vendas", "dre_monthly", "dre_mapping", "relay_channels"] {
        rows.insert(table, dump(core, table).await);
    }
    Snapshot { counts, rows }
}

/// Every row of `table`, each as its quoted values joined, sorted.
async fn dump(core: &Core, table: &str) -> Vec<String> {
    let pool = core.store().pool();
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(table)
        .fetch_all(pool)
        .await
        .expect("columns");
    let row = columns
        .iter()
        .map(|c| format!("quote(\"{c}\")"))
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    sqlx::query_scalar(&format!(
        "SELECT r FROM (SELECT {row} AS r FROM \"{table}\") ORDER BY r"
    ))
    .fetch_all(pool)
    .await
    .expect("rows")
}

/// What the app's restart does: close the core, open a new one on the same folder (the
/// staged restore is applied then) with the same credentials.
async fn reopen(h: &mut Harness) {
    let credentials = h.core.sync().credentials().clone();
    h.core.shutdown().await;
    h.core = open_core(&h.dir, credentials).await;
}

/// The DRE mapping edit the restore must undo: one plano de contas out of the DRE.
async fn edit_dre_mapping(h: &Harness) {
    let plano: String = sqlx::query_scalar(
        "SELECT external_id FROM entity_links WHERE entity_type = 'plano_conta' ORDER BY external_id LIMIT 1",
    )
    .fetch_one(h.core.store().pool())
    .await
    .expect("a mirrored plano de contas");
    h.core
        .reports()
        .set_dre_choice(h.integration.id, &plano, Some(AccountClass::Excluded))
        .await
        .expect("mapping edited");
}

async fn count(core: &Core, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(core.store().pool())
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_gives_back_the_counts_sums_and_dre_of_backup_time() {
    let mut h = harness(small_unlimited(31), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let relay = connected_relay(&h, AuthMode::Hmac).await;
    let backup = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup");
    let at_backup = snapshot(&h.core).await;

    // Changes of every kind: a sync after sandbox mutations, real-time events, a mapping edit.
    h.sandbox.handle().apply_random(7, 6, 6, 2);
    assert_succeeded(&h.sync().await);
    let emitted = relay.deliver(&h, 12, 31).await;
    assert_eq!(emitted.accepted, 12, "{emitted:?}");
    edit_dre_mapping(&h).await;
    assert_ne!(
        snapshot(&h.core).await,
        at_backup,
        "the changes changed the store"
    );

    let staged = h
        .core
        .restore()
        .stage(&RestoreSource::Backup {
            id: backup.id.clone(),
        })
        .await
        .expect("staged");
    assert_eq!(staged.source, backup.id);
    assert_eq!(staged.applied_at, None);
    assert_eq!(
        h.core.restore().pending().expect("pending"),
        Some(staged.clone())
    );
    reopen(&mut h).await;

    assert_eq!(snapshot(&h.core).await, at_backup);
    let last = h.core.restore().last().expect("record").expect("a restore");
    assert!(last.applied_at.is_some());
    assert_eq!(last.undo_backup_id, staged.undo_backup_id);
    assert_eq!(h.core.restore().pending().expect("pending"), None);
    let undo = h
        .core
        .backups()
        .verify(&last.undo_backup_id)
        .await
        .expect("the undo backup is sound");
    assert_eq!(undo.kind, BackupKind::BeforeRestore);
    assert_eq!(
        count(
            &h.core,
            "SELECT COUNT(*) FROM notifications WHERE title = 'Backup restaurado'"
        )
        .await,
        1
    );
    h.core.shutdown().await;
    relay.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn desfazer_restauracao_gives_back_what_the_restore_replaced() {
    let mut h = harness(small_unlimited(32), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let backup = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup");
    let at_backup = snapshot(&h.core).await;
    h.sandbox.handle().apply_random(8, 5, 5, 1);
    assert_succeeded(&h.sync().await);
    edit_dre_mapping(&h).await;
    let changed = snapshot(&h.core).await;
    assert_ne!(changed, at_backup);

    h.core
        .restore()
        .stage(&RestoreSource::Backup { id: backup.id })
        .await
        .expect("staged");
    reopen(&mut h).await;
    assert_eq!(snapshot(&h.core).await, at_backup);
    let restored = h.core.restore().last().expect("record").expect("a restore");

    let undone = h.core.restore().stage_undo().await.expect("undo staged");
    assert_eq!(undone.source, restored.undo_backup_id);
    reopen(&mut h).await;
    assert_eq!(snapshot(&h.core).await, changed);
    // The undo is a restore like any other: it can be undone in turn.
    let last = h.core.restore().last().expect("record").expect("a restore");
    assert_ne!(last.undo_backup_id, restored.undo_backup_id);
    // And the store works: a sync after the undo succeeds.
    assert_succeeded(&h.sync().await);
    h.core.shutdown().await;
}

/// A copy of `exported` (a backup file with its manifest beside it) at `dir/name.db`,
/// changed by `damage`.
fn damaged_copy(exported: &Path, dir: &Path, name: &str, damage: impl FnOnce(&Path)) -> PathBuf {
    let database = dir.join(format!("{name}.db"));
    std::fs::copy(exported, &database).expect("copy");
    std::fs::copy(
        exported.with_extension("json"),
        database.with_extension("json"),
    )
    .expect("manifest copy");
    damage(&database);
    database
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_backup_is_refused_and_the_store_is_untouched() {
    let h = harness(small_unlimited(33), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let nothing_to_undo = h
        .core
        .restore()
        .stage_undo()
        .await
        .expect_err("no restore yet");
    assert_eq!(nothing_to_undo.code(), "no_restore_to_undo");
    let backup = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup");
    let outside = tempfile::tempdir().expect("temp dir");
    let exported = outside.path().join("copia.db");
    h.core
        .backups()
        .export(&backup.id, &exported)
        .await
        .expect("exported");
    let before = snapshot(&h.core).await;

    let flipped = damaged_copy(&exported, outside.path(), "bytes-trocados", |path| {
        let mut bytes = std::fs::read(path).expect("read");
        let middle = bytes.len() / 2;
        for byte in &mut bytes[middle..middle + 64] {
            *byte ^= 0xA5;
        }
        std::fs::write(path, bytes).expect("write");
    });
    let truncated = damaged_copy(&exported, outside.path(), "cortado", |path| {
        let bytes = std::fs::read(path).expect("read");
        std::fs::write(path, &bytes[..bytes.len() / 3]).expect("write");
    });
    let not_a_database = damaged_copy(&exported, outside.path(), "nao-e-banco", |path| {
        std::fs::write(path, "isto não é um banco de dados".repeat(200)).expect("write");
    });
    let without_manifest = damaged_copy(&exported, outside.path(), "sem-manifesto", |path| {
        std::fs::remove_file(path.with_extension("json")).expect("remove manifest");
    });
    let mut sources: Vec<RestoreSource> = [flipped, truncated, not_a_database, without_manifest]
        .into_iter()
        .map(|path| RestoreSource::File { path })
        .collect();
    // A listed backup damaged in place.
    let damaged_listed = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("second backup");
    let mut bytes = std::fs::read(&damaged_listed.path).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(&damaged_listed.path, bytes).expect("write");
    sources.push(RestoreSource::Backup {
        id: damaged_listed.id.clone(),
    });

    for source in &sources {
        let previewed = h.core.restore().preview(source).await.expect_err("refused");
        assert_eq!(
            previewed.code(),
            "backup_invalid",
            "{source:?}: {previewed}"
        );
        let staged = h.core.restore().stage(source).await.expect_err("refused");
        assert_eq!(staged.code(), "backup_invalid", "{source:?}: {staged}");
    }

    assert_eq!(snapshot(&h.core).await, before);
    assert_eq!(h.core.restore().pending().expect("pending"), None);
    let kinds: Vec<BackupKind> = h
        .core
        .backups()
        .list()
        .expect("list")
        .iter()
        .map(|b| b.kind)
        .collect();
    assert!(!kinds.contains(&BackupKind::BeforeRestore), "{kinds:?}");
    // Nothing was stopped: the engine still syncs.
    assert_succeeded(&h.sync().await);
    // The sound export restores.
    let preview = h
        .core
        .restore()
        .preview(&RestoreSource::File { path: exported })
        .await
        .expect("the export is sound");
    assert_eq!(preview.source_kind, BackupKind::Manual);
    assert_eq!(preview.retention_gap, None);
    h.core.shutdown().await;
}
