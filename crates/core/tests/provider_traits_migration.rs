//! Migration 00015 keeps what each provider says about an integration (real time only,
//! books of record) on the integration's row. A store written before it must come out
//! with the answers the providers give today, so nothing changes for the operator.

use ponte_core::credentials::CredentialStore;
use ponte_core::providers::coinzz;
use ponte_core::store::{IntegrationSettings, NewIntegration, Store};
use ponte_core::{Core, CoreOptions};
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;
use std::borrow::Cow;
use std::str::FromStr;

/// The first migration this test is about: everything before it is "the old store".
const PROVIDER_TRAITS: i64 = 20261123000015;

/// A store at migration 00014 with one Gestão Click and one Coinzz integration.
async fn store_before_provider_traits(path: &std::path::Path) {
    let options = SqliteConnectOptions::from_str("sqlite://")
        .expect("options")
        .filename(path)
        .create_if_missing(true);
    let pool = SqlitePool::connect_with(options).await.expect("pool");
    let mut migrator = sqlx::migrate!("../../migrations");
    migrator.migrations = Cow::Owned(
        migrator
            .iter()
            .filter(|m| m.version < PROVIDER_TRAITS)
            .cloned()
            .collect(),
    );
    migrator.run(&pool).await.expect("migrations up to 00014");
    for (provider, name, included) in [("gestaoclick", "Matriz", 1), ("coinzz", "Loja Coinzz", 0)] {
        sqlx::query(
            "INSERT INTO integrations (provider, name, base_url, credential_ref, settings,
                schedule_interval_minutes, include_in_reports, created_at)
             VALUES (?, ?, '', ?, '{}', NULL, ?, '2026-11-23T10:00:00Z')",
        )
        .bind(provider)
        .bind(name)
        .bind(format!("ref-{name}"))
        .bind(included)
        .execute(&pool)
        .await
        .expect("integration row");
    }
    pool.close().await;
}

#[tokio::test]
async fn an_older_store_learns_which_integrations_are_real_time_only_and_which_are_the_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ponte.db");
    store_before_provider_traits(&path).await;

    let store = Store::open(&path).await.expect("migrated");
    let realtime_only: Vec<(String, bool)> = store
        .integrations()
        .await
        .expect("integrations")
        .into_iter()
        .map(|i| (i.name, i.realtime_only))
        .collect();
    assert_eq!(
        realtime_only,
        [
            ("Matriz".to_string(), false),
            ("Loja Coinzz".to_string(), true)
        ]
    );
    store.close().await;

    // The Gestão Click row is the books of record: a sales platform added now starts out
    // of the reports, as it would have before the migration.
    let core = Core::open(CoreOptions {
        data_dir: dir.path().to_path_buf(),
        credentials: CredentialStore::with_service("ponte-test-migration"),
    })
    .await
    .expect("core");
    let added = core
        .integrations()
        .add(
            NewIntegration {
                provider: coinzz::KIND,
                name: "Outra Coinzz".into(),
                base_url: String::new(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("added");
    assert!(added.realtime_only);
    assert!(!added.include_in_reports);
    core.shutdown().await;
}
