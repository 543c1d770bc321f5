//! The store on a bad disk or at a bad path: a full disk fails the run as "disco cheio"
//! (recorded, not left running) and the next sync resumes once there is room; a store
//! that cannot be opened, a folder name that is not UTF-8, and a store that refuses writes
//! each get an error that names the file. Real SQLite files; the full disk is SQLite's
//! own `max_page_count`, which fails writes with the SQLITE_FULL a full disk gives.

use crate::support;

use ponte_core::Core;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{NewIntegration, RunOutcome, RunTrigger, Store};
use sqlx::SqlitePool;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

/// Sets a pragma on every connection of the pool: held all at once, so each one is
/// a different connection.
async fn on_every_connection(pool: &SqlitePool, pragma: &str) {
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.expect("connection"));
    }
    for connection in &mut held {
        sqlx::query(pragma)
            .execute(&mut **connection)
            .await
            .expect("pragma");
    }
}

async fn page_count(core: &Core) -> i64 {
    sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(core.store().pool())
        .await
        .expect("page count")
}

#[tokio::test]
async fn a_sync_on_a_full_disk_fails_as_disk_full_and_resumes_once_there_is_room() {
    let h = harness(small_unlimited(17), fast_settings()).await;
    let pool = h.core.store().pool();
    let pages = page_count(&h.core).await;
    on_every_connection(pool, &format!("PRAGMA max_page_count = {}", pages + 8)).await;

    let failed = h.sync().await;
    assert_eq!(failed.outcome, RunOutcome::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("disk_full"));
    let message = failed.error_message.expect("a message");
    assert!(message.contains("Disco cheio"), "{message}");
    assert!(
        message.contains(&h.core.store().path().display().to_string()),
        "{message}"
    );
    let recorded = h.core.sync().run(failed.run_id).await.expect("the run");
    assert_eq!(
        recorded.outcome,
        RunOutcome::Failed,
        "recorded, not left running"
    );
    assert_eq!(recorded.error_code.as_deref(), Some("disk_full"));

    on_every_connection(pool, "PRAGMA max_page_count = 1073741823").await;
    let resumed = h.sync().await;
    assert_succeeded(&resumed);
    h.assert_mirrors_sandbox().await;
}

#[tokio::test]
async fn a_store_that_refuses_writes_names_the_file_as_read_only() {
    let h = harness(small_unlimited(3), fast_settings()).await;
    on_every_connection(h.core.store().pool(), "PRAGMA query_only = 1").await;

    let error = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .err()
        .expect("a write is refused");
    assert_eq!(error.code(), "read_only_store");
    let message = error.to_string();
    assert!(message.contains("somente leitura"), "{message}");
    assert!(
        message.contains(&h.core.store().path().display().to_string()),
        "{message}"
    );
}

#[tokio::test]
async fn a_store_path_that_cannot_be_opened_names_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("ponte.db");
    std::fs::create_dir(&database).expect("a folder where the file should be");

    let error = Store::open(&database)
        .await
        .err()
        .unwrap_or_else(|| panic!("refused"));
    assert_eq!(error.code(), "store_unopenable");
    let message = error.to_string();
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("permissão de escrita"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_data_directory_whose_name_is_not_utf8_is_refused_in_portuguese() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join(std::ffi::OsStr::from_bytes(b"dados-\xff"));

    let error = Store::open(&data_dir.join("ponte.db"))
        .await
        .err()
        .unwrap_or_else(|| panic!("refused"));
    assert_eq!(error.code(), "data_dir_not_utf8");
    let message = error.to_string();
    assert!(message.contains("dados-\u{fffd}"), "{message}");
    assert!(message.contains("Renomeie a pasta"), "{message}");
}

#[tokio::test]
async fn a_migration_that_differs_from_this_builds_is_refused_without_touching_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("ponte.db");
    let store = Store::open(&database).await.expect("store");
    sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = (SELECT MIN(version) FROM _sqlx_migrations)")
        .execute(store.pool())
        .await
        .expect("checksum changed");
    // Into the main file now, so that the bytes compared below are the whole store.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .expect("checkpoint");
    store.close().await;
    let before = std::fs::read(&database).expect("store bytes");

    let error = Store::open(&database)
        .await
        .err()
        .unwrap_or_else(|| panic!("refused"));
    assert_eq!(error.code(), "migration_modified");
    let message = error.to_string();
    assert!(
        message.contains(&database.display().to_string()),
        "{message}"
    );
    assert!(message.contains("não alterou o arquivo"), "{message}");
    assert_eq!(std::fs::read(&database).expect("store bytes"), before);
}

#[tokio::test]
async fn an_api_address_that_is_not_http_is_refused_at_once_and_nothing_is_kept() {
    let h = harness(small_unlimited(5), fast_settings()).await;
    for bad in [
        "not a url",
        "file:///etc/passwd",
        "ftp://",
        "ftp://servidor",
    ] {
        let error = h
            .core
            .integrations()
            .add(new_gestao_click("Outra", bad), None)
            .await
            .err()
            .unwrap_or_else(|| panic!("{bad} accepted"));
        assert_eq!(error.code(), "invalid_input", "{bad}");
        assert!(error.to_string().contains("endereço da API"), "{error}");
        let error = h
            .core
            .integrations()
            .set_base_url(h.integration.id, bad)
            .await
            .err()
            .unwrap_or_else(|| panic!("{bad} accepted as a new address"));
        assert_eq!(error.code(), "invalid_input", "{bad}");
    }
    let names: Vec<String> = h
        .core
        .integrations()
        .list()
        .await
        .expect("list")
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["Sandbox"]);
    let kept = h
        .core
        .integrations()
        .get(h.integration.id)
        .await
        .expect("kept");
    assert_eq!(kept.base_url, h.sandbox.base_url().trim_end_matches('/'));
}

#[tokio::test]
async fn an_integration_name_longer_than_the_limit_is_refused() {
    let h = harness(small_unlimited(5), fast_settings()).await;
    let base_url = h.sandbox.base_url();
    let error = h
        .core
        .integrations()
        .add(new_gestao_click(&"a".repeat(5_000), &base_url), None)
        .await
        .err()
        .unwrap_or_else(|| panic!("refused"));
    assert_eq!(error.code(), "invalid_input");
    assert!(error.to_string().contains("o limite é 80"), "{error}");
    let longest = "b".repeat(ponte_core::integrations::MAX_NAME_CHARS);
    h.core
        .integrations()
        .add(new_gestao_click(&longest, &base_url), None)
        .await
        .expect("a name at the limit is kept");
}

fn new_gestao_click(name: &str, base_url: &str) -> NewIntegration {
    NewIntegration {
        provider: gestaoclick::KIND,
        name: name.into(),
        base_url: base_url.into(),
        settings: fast_settings(),
        schedule_interval_minutes: None,
    }
}
