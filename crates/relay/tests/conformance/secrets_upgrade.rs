//! A relay database from before migration 0004, with every ingest secret in clear,
//! upgrades on its first start with a server key: digests for Bearer and url-token,
//! ciphertext for HMAC and Standard, nothing left in clear (on SQLite, not even in the
//! file's freed pages). Started without a key, it refuses, names what to set, and converts
//! nothing half-way. SQLite and PostgreSQL each start from their own old schema.

use crate::at;
use crate::postgres::TestDatabase;
use crate::secrets::{key, verifies};
use ponte_relay::store::EventStore;
use ponte_relay::{SecretsKeys, open_store_with_keys};
use ponte_webhooks::{AuthMode, WebhookError, generate_secret};
use sqlx::migrate::Migrator;
use sqlx::{Connection, Executor};
use std::path::Path;
use std::sync::Arc;

const SQLITE_0001: &str = include_str!("../../migrations/sqlite/0001_relay.sql");
const SQLITE_0002: &str = include_str!("../../migrations/sqlite/0002_per_channel_seqs.sql");
const POSTGRES_0001: &str = include_str!("../../migrations/postgres/0001_relay.sql");

/// A channel of each mode with a fresh secret, as the old relay created them.
fn old_channels() -> Vec<(String, AuthMode, String)> {
    AuthMode::ALL
        .into_iter()
        .map(|mode| {
            let id = format!("ch_{}", mode.as_str().replace('-', "_"));
            (id, mode, generate_secret(mode))
        })
        .collect()
}

/// The INSERTs the old relay would have made (placeholders differ per backend, literals do
/// not; generated secrets are base64 and need no quoting).
fn old_rows_sql(channels: &[(String, AuthMode, String)]) -> String {
    let mut sql = String::new();
    for (id, mode, secret) in channels {
        sql.push_str(&format!(
            "INSERT INTO channels (id, provider, auth_mode, pull_token_sha256, created_at)
             VALUES ('{id}', 'gestaoclick', '{mode}', 'x', '2026-01-01T00:00:00.000Z');
             INSERT INTO channel_secrets (channel_id, secret, created_at)
             VALUES ('{id}', '{secret}', '2026-01-01T00:00:00.000Z');\n",
        ));
    }
    sql
}

async fn old_migrator(dir: &Path, files: &[(&str, &str)]) -> Migrator {
    let old = dir.join("old-migrations");
    std::fs::create_dir_all(&old).unwrap();
    for (name, sql) in files {
        std::fs::write(old.join(name), sql).unwrap();
    }
    Migrator::new(old.as_path()).await.unwrap()
}

#[tokio::test]
async fn sqlite_clear_secrets_upgrade_on_the_first_start_with_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let channels = old_channels();
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap();
    old_migrator(
        dir.path(),
        &[
            ("0001_relay.sql", SQLITE_0001),
            ("0002_per_channel_seqs.sql", SQLITE_0002),
        ],
    )
    .await
    .run(&mut conn)
    .await
    .unwrap();
    conn.execute(old_rows_sql(&channels).as_str())
        .await
        .unwrap();
    conn.close().await.unwrap();
    let database = path.display().to_string();
    // The check below would see them: the old file holds every secret in clear.
    assert!(
        channels
            .iter()
            .all(|(_, _, secret)| file_holds(dir.path(), secret))
    );

    upgrade(&database, &channels, || async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{database}"))
            .await
            .unwrap();
        let clear: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM channel_secrets WHERE clear_secret IS NOT NULL",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        clear
    })
    .await;
    // Not in a live row, nor in a freed page or the WAL.
    for (_, mode, secret) in &channels {
        assert!(!file_holds(dir.path(), secret), "{mode}");
    }
}

#[tokio::test]
async fn postgres_clear_secrets_upgrade_on_the_first_start_with_a_key() {
    let database = TestDatabase::create().await;
    let dir = tempfile::tempdir().unwrap();
    let channels = old_channels();
    let mut conn = database.connect().await;
    old_migrator(dir.path(), &[("0001_relay.sql", POSTGRES_0001)])
        .await
        .run(&mut conn)
        .await
        .unwrap();
    conn.execute(old_rows_sql(&channels).as_str())
        .await
        .unwrap();
    conn.close().await.unwrap();

    upgrade(&database.url, &channels, || async {
        let mut conn = database.connect().await;
        let clear: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM channel_secrets WHERE clear_secret IS NOT NULL",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        clear
    })
    .await;
    database.remove().await;
}

/// The upgrade itself, the same on both stores; `clear_rows` counts the rows still in clear.
async fn upgrade<F, Fut>(database: &str, channels: &[(String, AuthMode, String)], clear_rows: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = i64>,
{
    // Without a key the relay refuses to start, says what to set, and converts nothing
    // (not even the Bearer and url-token secrets, which need no key).
    let refused = open_store_with_keys(database, SecretsKeys::none())
        .await
        .err()
        .unwrap_or_else(|| panic!("HMAC and Standard secrets cannot be kept without a key"));
    assert!(
        refused.to_string().contains("PONTE_RELAY_SECRETS_KEY"),
        "{refused}"
    );
    assert_eq!(clear_rows().await, 4);

    let keys = SecretsKeys::parse(&key("k1", 1)).unwrap();
    let store: Arc<dyn EventStore> = open_store_with_keys(database, keys.clone()).await.unwrap();
    assert_eq!(clear_rows().await, 0);
    for (id, mode, secret) in channels {
        assert_eq!(
            verifies(store.as_ref(), id, secret, at(0)).await,
            Ok(()),
            "{mode}"
        );
        assert_eq!(
            verifies(store.as_ref(), id, &generate_secret(*mode), at(0)).await,
            Err(WebhookError::BadSignature),
            "{mode}"
        );
    }
    store.close().await;
    // A second start has nothing left to convert and opens as usual.
    open_store_with_keys(database, keys)
        .await
        .unwrap()
        .close()
        .await;
}

/// Whether the SQLite file or its WAL holds `secret`, as text or as hex.
fn file_holds(dir: &Path, secret: &str) -> bool {
    let hex = hex::encode(secret);
    ["relay.db", "relay.db-wal"].iter().any(|name| {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
        [secret.as_bytes(), hex.as_bytes()]
            .iter()
            .any(|needle| bytes.windows(needle.len()).any(|window| window == *needle))
    })
}
