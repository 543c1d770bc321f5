//! Backups end to end over a real store mirrored from the sandbox: a backup is verified,
//! listed, exported with its manifest; one is taken by itself before migrations; and a
//! damaged one (bytes flipped, truncated, replaced by another file, from a newer Ponte)
//! is refused by `verify` with a reason the operator can read.

use crate::support;

use ponte_core::Core;
use ponte_core::backups::{BackupInfo, BackupKind, Manifest};
use ponte_core::credentials::CredentialStore;
use ponte_core::store::{DATABASE_FILE, Store, newest_schema_version};
use sha2::{Digest, Sha256};
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::path::Path;
use support::{Harness, assert_succeeded, fast_settings, harness, open_core, small_unlimited};

async fn mirrored() -> Harness {
    let h = harness(small_unlimited(21), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    h
}

async fn manual_backup(core: &Core) -> BackupInfo {
    core.backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup taken")
}

#[tokio::test]
async fn a_backup_is_verified_listed_and_exported_with_its_manifest() {
    let h = mirrored().await;
    let backup = manual_backup(&h.core).await;

    assert!(backup.intact);
    assert_eq!(backup.kind, BackupKind::Manual);
    assert_eq!(backup.schema_version, newest_schema_version());
    assert!(backup.path.starts_with(h.dir.path().join("backups")));
    let listed = h.core.backups().list().expect("list");
    assert_eq!(listed, std::slice::from_ref(&backup));
    assert_eq!(
        h.core.backups().verify(&backup.id).await.expect("verifies"),
        backup
    );

    // The manifest's counts are the store's own.
    let manifest = Manifest::read(&Manifest::path_for(&backup.path)).expect("manifest");
    let vendas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vendas")
        .fetch_one(h.core.store().pool())
        .await
        .expect("count");
    assert!(vendas > 0, "the sandbox mirrored some vendas");
    assert_eq!(manifest.row_counts.get("vendas"), Some(&vendas));
    assert_eq!(manifest.sha256, sha256_hex(&backup.path));

    // No temporary file stays behind.
    let names: Vec<String> = std::fs::read_dir(h.core.backups().dir())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "only the database and its manifest: {names:?}"
    );

    let out = tempfile::tempdir().expect("out dir");
    let exported = out.path().join("meu-backup.db");
    let exported_manifest = h
        .core
        .backups()
        .export(&backup.id, &exported)
        .await
        .expect("exported");
    assert_eq!(exported_manifest, out.path().join("meu-backup.json"));
    assert_eq!(
        std::fs::read(&exported).expect("copy"),
        std::fs::read(&backup.path).expect("original")
    );
    assert_eq!(
        Manifest::read(&exported_manifest).expect("exported manifest"),
        manifest
    );

    let refused = h
        .core
        .backups()
        .export(&backup.id, &out.path().join("backup.json"))
        .await
        .expect_err("a .json destination would clash with the manifest");
    assert_eq!(refused.code(), "invalid_input");
    let missing = h
        .core
        .backups()
        .verify("nao-existe")
        .await
        .expect_err("unknown id");
    assert_eq!(missing.code(), "backup_not_found");
    h.core.shutdown().await;
}

#[tokio::test]
async fn a_store_with_pending_migrations_is_backed_up_before_migrating() {
    // A store as the previous build left it: every migration but the newest applied.
    let dir = tempfile::tempdir().expect("temp dir");
    let older = tempfile::tempdir().expect("older migrations");
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<_> = std::fs::read_dir(&migrations)
        .expect("migrations")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let newest = files.pop().expect("at least one migration");
    for file in &files {
        std::fs::copy(file, older.path().join(file.file_name().expect("name"))).expect("copy");
    }
    let database = dir.path().join(DATABASE_FILE);
    let pool = sqlx::SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(&database)
            .create_if_missing(true),
    )
    .await
    .expect("old store");
    sqlx::migrate::Migrator::new(older.path())
        .await
        .expect("older migrator")
        .run(&pool)
        .await
        .expect("older schema");
    let previous: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .expect("version");
    pool.close().await;
    assert!(
        previous < newest_schema_version(),
        "{} is pending",
        newest.display()
    );

    let core = open_core(&dir, CredentialStore::default()).await;
    let listed = core.backups().list().expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].kind, BackupKind::BeforeMigration);
    assert_eq!(listed[0].schema_version, previous);
    core.backups()
        .verify(&listed[0].id)
        .await
        .expect("an older schema verifies");

    // Opening the migrated store again takes no other backup.
    core.shutdown().await;
    let store = Store::open(&database).await.expect("reopens");
    store.close().await;
    let core = open_core(&dir, CredentialStore::default()).await;
    assert_eq!(core.backups().list().expect("list").len(), 1);
    core.shutdown().await;
}

#[tokio::test]
async fn a_damaged_backup_is_refused_with_its_reason() {
    let h = mirrored().await;
    let backups = h.core.backups();

    let flipped = manual_backup(&h.core).await;
    let mut bytes = std::fs::read(&flipped.path).expect("read");
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 64] {
        *byte = !*byte;
    }
    std::fs::write(&flipped.path, &bytes).expect("flip");
    let error = backups
        .verify(&flipped.id)
        .await
        .expect_err("flipped bytes");
    assert_refused(&error, &["danificado", "SHA-256"]);

    let truncated = manual_backup(&h.core).await;
    let bytes = std::fs::read(&truncated.path).expect("read");
    std::fs::write(&truncated.path, &bytes[..bytes.len() / 3]).expect("truncate");
    let error = backups.verify(&truncated.id).await.expect_err("truncated");
    assert_refused(&error, &["danificado", "incompleto", "SHA-256"]);
    assert!(
        !backups
            .list()
            .expect("list")
            .iter()
            .any(|b| b.id == truncated.id && b.intact)
    );

    let replaced = manual_backup(&h.core).await;
    std::fs::write(&replaced.path, "isto não é um banco de dados\n".repeat(500)).expect("replace");
    let error = backups
        .verify(&replaced.id)
        .await
        .expect_err("not a database");
    assert_refused(&error, &["não é um banco de dados SQLite"]);

    // A backup from a newer Ponte, with a manifest that matches it: only its schema is
    // wrong, and that is what `verify` says.
    let newer = manual_backup(&h.core).await;
    let mut connection = SqliteConnectOptions::new()
        .filename(&newer.path)
        .connect()
        .await
        .expect("open the copy");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'futura', 1, x'00', 0)",
    )
    .bind(newest_schema_version() + 1)
    .execute(&mut connection)
    .await
    .expect("a newer migration");
    drop(connection);
    let manifest_path = Manifest::path_for(&newer.path);
    let mut manifest = Manifest::read(&manifest_path).expect("manifest");
    manifest.schema_version = newest_schema_version() + 1;
    manifest.sha256 = sha256_hex(&newer.path);
    manifest.size_bytes = std::fs::metadata(&newer.path).expect("size").len();
    manifest.write(&manifest_path).expect("rewrite manifest");
    let error = backups.verify(&newer.id).await.expect_err("newer schema");
    assert_refused(&error, &["versão mais nova da Ponte"]);

    // The sound backups still verify.
    let sound = manual_backup(&h.core).await;
    backups
        .verify(&sound.id)
        .await
        .expect("a sound backup verifies");
    h.core.shutdown().await;
}

#[tokio::test]
async fn the_scheduler_backs_up_at_start_up_and_stops_on_shutdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, CredentialStore::default()).await;
    // No backup yet: the first scheduled one is due at once.
    let scheduler = core.backups().spawn_scheduler();
    let first = loop {
        if let Some(backup) = core.backups().list().expect("list").into_iter().next() {
            break backup;
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(first.kind, BackupKind::Scheduled);
    core.shutdown().await;
    assert!(
        scheduler.is_finished(),
        "the shutdown waited for the scheduler"
    );
    // The next is due six hours after the first: nothing else was taken.
    let core = open_core(&dir, CredentialStore::default()).await;
    assert_eq!(core.backups().list().expect("list"), [first]);
    core.shutdown().await;
}

fn assert_refused(error: &ponte_core::Error, any_of: &[&str]) {
    let message = error.to_string();
    assert_eq!(error.code(), "backup_invalid", "{message}");
    assert!(
        any_of.iter().any(|reason| message.contains(reason)),
        "the reason is one of {any_of:?}: {message}"
    );
}

fn sha256_hex(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("read")))
}
