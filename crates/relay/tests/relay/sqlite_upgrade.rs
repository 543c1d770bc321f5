//! The SQLite file itself: a relay database from before per-channel seqs and sealing
//! upgrades in place with every desktop cursor still valid, its plaintext events served
//! until acknowledged and then purged at once; and a new database is readable by its owner
//! only.

use ponte_relay::SqliteStore;
use ponte_relay::store::{AppendOutcome, Cursor, EventStore, NewEvent, StoredPayload};
use sqlx::{Connection, Executor, SqliteConnection};
use std::os::unix::fs::PermissionsExt;

const FIRST_MIGRATION: &str = include_str!("../../migrations/sqlite/0001_relay.sql");

#[tokio::test]
async fn a_database_with_shared_seqs_upgrades_and_its_cursors_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    // The database as the previous relay left it: migration 0001 applied (recorded with
    // its checksum by sqlx's migrator) and events numbered by one counter for all channels.
    let old = dir.path().join("old-migrations");
    std::fs::create_dir(&old).unwrap();
    std::fs::write(old.join("0001_relay.sql"), FIRST_MIGRATION).unwrap();
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    conn.execute(
        "INSERT INTO channels (id, provider, auth_mode, pull_token_sha256, acked_seq, backlog, created_at)
         VALUES ('ch_a', 'gestaoclick', 'hmac', 'x', 3, 1, '2026-01-01T00:00:00.000Z'),
                ('ch_b', 'coinzz', 'bearer', 'y', 4, 0, '2026-01-01T00:00:00.000Z'),
                ('ch_c', 'coinzz', 'bearer', 'z', 0, 0, '2026-01-01T00:00:00.000Z');
         INSERT INTO events (seq, channel_id, event_id, received_at, headers, body, acked_at)
         VALUES (1, 'ch_a', 'a1', '2026-01-01T00:00:01.000Z', '{}', X'7B7D', '2026-01-01T00:01:00.000Z'),
                (2, 'ch_b', 'b1', '2026-01-01T00:00:02.000Z', '{}', X'7B7D', '2026-01-01T00:01:00.000Z'),
                (3, 'ch_a', 'a2', '2026-01-01T00:00:03.000Z', '{}', X'7B7D', '2026-01-01T00:01:00.000Z'),
                (5, 'ch_a', 'a3', '2026-01-01T00:00:05.000Z', '{}', X'7B7D', NULL);",
    )
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    // Stored events keep their seqs, so the desktop's `after` still means what it meant.
    let kept: Vec<_> = store
        .events_after("ch_a", 3, 10)
        .await
        .unwrap()
        .iter()
        .map(|event| (event.seq, event.event_id.clone()))
        .collect();
    assert_eq!(kept, [(5, Some("a3".to_string()))]);
    assert_eq!(
        store.cursor("ch_b").await.unwrap(),
        Some(Cursor {
            acked_seq: 4,
            backlog: 0
        })
    );
    // New events come after both the newest event and the acknowledged seq.
    let outcomes = store
        .append(&[
            event("ch_a", "a4"),
            event("ch_b", "b2"),
            event("ch_c", "c1"),
        ])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [
            AppendOutcome::Stored { seq: 6 },
            AppendOutcome::Stored { seq: 5 },
            AppendOutcome::Stored { seq: 1 },
        ]
    );
    // Dedupe still covers the events stored before the upgrade.
    assert_eq!(
        store.append(&[event("ch_a", "a1")]).await.unwrap(),
        [AppendOutcome::Duplicate { seq: 1 }]
    );
    // The old plaintext event is served as it was, beside the new sealed one...
    let page = store.events_after("ch_a", 3, 10).await.unwrap();
    assert!(matches!(page[0].payload, StoredPayload::Unsealed { .. }));
    assert!(matches!(page[1].payload, StoredPayload::Sealed { .. }));
    // ...and once acknowledged, purged at once: the retention cutoff (the epoch here)
    // keeps the sealed one but not the plaintext.
    let now = chrono::Utc::now();
    store.ack("ch_a", 6, now).await.unwrap();
    let epoch = chrono::DateTime::UNIX_EPOCH;
    store.purge(epoch, now).await.unwrap();
    let left: Vec<i64> = store
        .events_after("ch_a", 0, 10)
        .await
        .unwrap()
        .iter()
        .map(|event| event.seq)
        .collect();
    assert_eq!(left, [6]);
    store.close().await;
    // Nothing of the old rows is left in the file: its only plaintext was "{}" bodies and
    // event ids, so check the tables instead of the bytes.
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let unsealed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM unsealed_events WHERE channel_id = 'ch_a'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(unsealed, 0);
    conn.close().await.unwrap();
}

#[tokio::test]
async fn a_new_database_and_its_wal_are_readable_by_the_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let store = SqliteStore::open(&path).await.unwrap();
    store.append(&[event("ch_none", "x")]).await.unwrap();
    for file in ["relay.db", "relay.db-wal", "relay.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}: {mode:o}");
    }
    store.close().await;
}

fn event(channel: &str, id: &str) -> NewEvent {
    NewEvent {
        channel_id: channel.to_string(),
        event_id: id.to_string(),
        received_at: chrono::Utc::now(),
        size: 2,
        key_ids: vec!["0123456789abcdef".to_string()],
        sealed: b"sealed".to_vec(),
    }
}
