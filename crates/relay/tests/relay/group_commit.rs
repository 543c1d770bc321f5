//! One group commit holding everything a batch can: new events with ids (written with one
//! multi-row INSERT), a repeat of a stored event, a repeat inside the batch, a delivery
//! without an id, and events for a channel that is gone. Each gets its own outcome, and
//! only the new ones are stored and counted in the backlog.

use ponte_relay::EventStore;
use ponte_relay::SqliteStore;
use ponte_relay::store::{AppendOutcome, NewChannel, NewEvent};
use ponte_webhooks::{AuthMode, Provider};

fn event(channel: &str, id: Option<&str>) -> NewEvent {
    NewEvent {
        channel_id: channel.into(),
        // A delivery without a provider id carries one the relay drew.
        event_id: id.map_or_else(ponte_webhooks::seal::unnamed_event_id, str::to_string),
        received_at: chrono::Utc::now(),
        size: 11,
        key_ids: vec!["0123456789abcdef".to_string()],
        sealed: b"opaque".to_vec(),
    }
}

#[tokio::test]
async fn one_commit_stores_new_events_once_and_tells_what_became_of_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("relay.db"))
        .await
        .expect("store");
    store
        .create_channel(&NewChannel {
            id: "ch_a".into(),
            provider: Provider::GestaoClick,
            auth_mode: AuthMode::Hmac,
            secret: "s".into(),
            pull_token_sha256: "00".into(),
            created_at: chrono::Utc::now(),
        })
        .await
        .expect("channel");
    let first = store
        .append(&[event("ch_a", Some("e1"))])
        .await
        .expect("append");
    let [AppendOutcome::Stored { seq: e1 }] = first[..] else {
        panic!("{first:?}");
    };

    let outcomes = store
        .append(&[
            event("ch_a", Some("e2")),
            event("ch_a", Some("e1")),
            event("ch_a", Some("e2")),
            event("ch_a", None),
            event("ch_gone", Some("e3")),
            event("ch_gone", None),
            event("ch_a", Some("e4")),
        ])
        .await
        .expect("append");

    let AppendOutcome::Stored { seq: e2 } = outcomes[0] else {
        panic!("{outcomes:?}");
    };
    assert_eq!(outcomes[1], AppendOutcome::Duplicate { seq: e1 });
    assert_eq!(outcomes[2], AppendOutcome::Duplicate { seq: e2 });
    assert!(matches!(outcomes[3], AppendOutcome::Stored { .. }));
    assert_eq!(outcomes[4..6], [AppendOutcome::ChannelGone; 2]);
    assert!(matches!(outcomes[6], AppendOutcome::Stored { .. }));

    let stored = store.events_after("ch_a", 0, 10).await.expect("events");
    let mut ids: Vec<String> = stored.iter().filter_map(|e| e.event_id.clone()).collect();
    ids.sort();
    assert!(
        ponte_webhooks::seal::is_unnamed_event_id(&ids[3]),
        "{ids:?}"
    );
    assert_eq!(
        ids[..3],
        ["e1".to_string(), "e2".to_string(), "e4".to_string(),]
    );
    let cursor = store
        .cursor("ch_a")
        .await
        .expect("cursor")
        .expect("channel");
    assert_eq!(cursor.backlog, 4);
    store.close().await;
}
