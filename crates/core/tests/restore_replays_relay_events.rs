//! A restore loses no real-time event. The backup is taken with the relay channel
//! connected; the sandbox then sends N webhooks through a real relay, which the pollers
//! apply and acknowledge; restoring the backup brings back its older cursor, and the
//! replay pulls the N events again (the relay keeps acknowledged events for its
//! retention). Afterwards the inbox holds exactly the relay's events, each once, and the
//! mirror is what it was before the restore.

use crate::support;

use ponte_core::Core;
use ponte_core::backups::{BackupKind, RestoreSource};
use ponte_core::domain::IntegrationId;
use ponte_webhooks::AuthMode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::collections::BTreeSet;
use std::path::Path;
use support::relay::connected_relay;
use support::{Harness, assert_succeeded, fast_settings, harness, open_core, small_unlimited};

/// Webhooks sent after the backup: creates, updates and deletes all show up.
const WEBHOOKS: usize = 40;

/// One event as the relay numbered it: (channel, seq, provider event id).
type EventKey = (String, i64, String);

/// Every mirrored record of the integration, with what a change would touch (bookkeeping
/// such as the last-seen time left out), each as one line, sorted.
async fn mirror(core: &Core, integration_id: IntegrationId) -> BTreeSet<String> {
    sqlx::query(
        "SELECT entity_type, external_id, active, hex(payload_hash) AS hash, scope,
                coalesce(provider_modified_at, '') AS modified
         FROM entity_links WHERE integration_id = ?",
    )
    .bind(integration_id)
    .fetch_all(core.store().pool())
    .await
    .expect("entity links")
    .iter()
    .map(|row| {
        format!(
            "{}|{}|{}|{}|{}|{}",
            row.get::<String, _>("entity_type"),
            row.get::<String, _>("external_id"),
            row.get::<bool, _>("active"),
            row.get::<String, _>("hash"),
            row.get::<String, _>("scope"),
            row.get::<String, _>("modified"),
        )
    })
    .collect()
}

/// The events the inbox applied: every row, so a repeated one would show in the count.
async fn inbox(core: &Core) -> Vec<EventKey> {
    sqlx::query("SELECT channel, seq, event_id FROM inbox_events ORDER BY channel, seq")
        .fetch_all(core.store().pool())
        .await
        .expect("inbox")
        .iter()
        .map(|row| (row.get("channel"), row.get("seq"), row.get("event_id")))
        .collect()
}

/// The events the relay holds, read from its own database file.
async fn relay_events(relay_db: &Path) -> Vec<EventKey> {
    let mut connection = SqliteConnectOptions::new()
        .filename(relay_db)
        .read_only(true)
        .connect()
        .await
        .expect("relay database opens");
    let events = sqlx::query(
        "SELECT channel_id, seq, event_id FROM events WHERE event_id IS NOT NULL ORDER BY channel_id, seq",
    )
    .fetch_all(&mut connection)
    .await
    .expect("relay events")
    .iter()
    .map(|row| (row.get("channel_id"), row.get("seq"), row.get("event_id")))
    .collect();
    connection.close().await.expect("closes");
    events
}

async fn inbox_count(core: &Core) -> usize {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events")
        .fetch_one(core.store().pool())
        .await
        .expect("count");
    usize::try_from(n).expect("a count")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_pulls_every_event_since_the_backup_again_and_applies_each_once() {
    let mut h: Harness = harness(small_unlimited(41), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let relay = connected_relay(&h, AuthMode::Hmac).await;
    let backup = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup");
    let at_backup = mirror(&h.core, h.integration.id).await;

    // N webhooks through the relay, applied by the pollers (which acknowledge them).
    let emitted = relay.deliver(&h, WEBHOOKS, 41).await;
    assert_eq!(emitted.accepted, WEBHOOKS as u64, "{emitted:?}");
    assert_eq!(emitted.duplicates, 0, "{emitted:?}");
    let relay_db = relay.dir.path().join("relay.db");
    let on_relay = relay_events(&relay_db).await;
    assert_eq!(on_relay.len(), WEBHOOKS);
    assert_eq!(inbox(&h.core).await, on_relay);
    let before_restore = mirror(&h.core, h.integration.id).await;
    assert_ne!(before_restore, at_backup, "the events changed the mirror");

    // Restore as the CLI does: stage, reopen (the swap), replay before any poller.
    h.core
        .restore()
        .stage(&RestoreSource::Backup { id: backup.id })
        .await
        .expect("staged");
    let credentials = h.core.sync().credentials().clone();
    h.core.shutdown().await;
    h.core = open_core(&h.dir, credentials).await;
    assert_eq!(inbox_count(&h.core).await, 0, "the backup had no event yet");
    assert_eq!(mirror(&h.core, h.integration.id).await, at_backup);

    let report = h
        .core
        .restore()
        .replay()
        .await
        .expect("replayed")
        .expect("a restore to replay");
    assert_eq!(report.retention_gap, None);
    let [caught_up] = report.channels.as_slice() else {
        panic!("one channel: {report:?}");
    };
    assert_eq!(caught_up.error, None);
    assert_eq!(caught_up.from_cursor, 0);
    assert_eq!(caught_up.pulled, WEBHOOKS as u64);
    assert_eq!(caught_up.duplicates, 0);
    assert_eq!(
        Some(caught_up.to_cursor),
        on_relay.iter().map(|(_, seq, _)| *seq).max()
    );
    // The catch-up sync the replay started must not change what the events left.
    if let Some(run) = h.core.sync().running(h.integration.id) {
        assert_succeeded(&run.wait().await);
    }

    assert_eq!(inbox(&h.core).await, on_relay, "every event, each once");
    assert_eq!(mirror(&h.core, h.integration.id).await, before_restore);
    let last = h.core.restore().last().expect("record").expect("a restore");
    assert_eq!(last.replay.as_ref(), Some(&report));
    assert_eq!(
        h.core.restore().replay().await.expect("second call"),
        None,
        "a replay runs once"
    );
    h.core.shutdown().await;
    relay.relay.shutdown().await;
}
