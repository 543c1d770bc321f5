//! The keys a channel's events are sealed to, and the plaintext events a relay from before
//! sealing left behind: served beside the sealed ones, deduped against, and purged as soon
//! as they are acknowledged, whatever the retention.

use crate::{Fixture, at, channel, event, stored};
use ponte_relay::store::{AppendOutcome, ChannelKey, StoredPayload};
use ponte_webhooks::relay_api::KeyRole;
use ponte_webhooks::seal::SealingKeyPair;
use std::sync::Arc;

fn key(role: KeyRole, seconds: i64) -> ChannelKey {
    ChannelKey {
        key: SealingKeyPair::generate().public().clone(),
        role,
        created_at: at(seconds),
    }
}

async fn a_channels_keys_are_replaced_as_a_whole_and_go_with_it(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    assert!(store.channel_keys("ch_a").await.unwrap().is_empty());
    let found = store.channel("ch_a").await.unwrap().unwrap();
    assert!(found.recipients.is_empty(), "a new channel has no key");

    let (desktop, recovery) = (key(KeyRole::Desktop, 1), key(KeyRole::Recovery, 1));
    assert!(
        store
            .set_channel_keys("ch_a", &[recovery.clone(), desktop.clone()])
            .await
            .unwrap()
    );
    // The desktop's first, whatever order they came in.
    assert_eq!(
        store.channel_keys("ch_a").await.unwrap(),
        [desktop.clone(), recovery.clone()]
    );
    let found = store.channel("ch_a").await.unwrap().unwrap();
    assert_eq!(
        found.recipients,
        [desktop.key.clone(), recovery.key.clone()]
    );

    // A rotation: the new set replaces the old one entirely.
    let rotated = key(KeyRole::Desktop, 2);
    assert!(
        store
            .set_channel_keys("ch_a", std::slice::from_ref(&rotated))
            .await
            .unwrap()
    );
    assert_eq!(
        store.channel_keys("ch_a").await.unwrap(),
        std::slice::from_ref(&rotated)
    );

    assert!(
        !store
            .set_channel_keys("ch_missing", &[rotated])
            .await
            .unwrap()
    );
    assert!(store.delete_channel("ch_a").await.unwrap());
    assert!(store.channel_keys("ch_a").await.unwrap().is_empty());
}

async fn plaintext_events_from_before_sealing_are_served_deduped_and_purged_once_acked(
    f: Arc<Fixture>,
) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    // What migration 0003 moved aside: two events stored in the clear, the channel's
    // counter past them.
    let body = f.bytes_literal(b"{}");
    f.execute(&format!(
        "INSERT INTO unsealed_events (channel_id, seq, event_id, received_at, headers, body)
         VALUES ('ch_a', 1, 'old-1', '2026-01-01T00:00:01.000Z', '{{\"webhook-id\":\"h\"}}', {body}),
                ('ch_a', 2, 'old-2', '2026-01-01T00:00:01.000Z', '{{\"webhook-id\":\"h\"}}', {body});
         UPDATE channels SET next_seq = 3, backlog = 2 WHERE id = 'ch_a'"
    ))
    .await;

    assert_eq!(
        store
            .append(&[event("ch_a", Some("old-2")), event("ch_a", Some("new-3"))])
            .await
            .unwrap(),
        [AppendOutcome::Duplicate { seq: 2 }, stored(3)],
        "a provider's retry of an old event is still a repeat"
    );
    let page = store.events_after("ch_a", 0, 10).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
    match &page[0].payload {
        StoredPayload::Unsealed { headers, body } => {
            assert_eq!(headers["webhook-id"], "h");
            assert_eq!(body, b"{}");
        }
        other => panic!("an old event came back as {other:?}"),
    }
    assert!(matches!(page[2].payload, StoredPayload::Sealed { .. }));

    // Acknowledged: the plaintext goes at the next purge, though the retention (a cutoff
    // long before the ack) keeps the sealed event.
    let cursor = store.ack("ch_a", 3, at(10)).await.unwrap().unwrap();
    assert_eq!(cursor.backlog, 0);
    let purged = store.purge(at(5), at(10)).await.unwrap();
    assert_eq!(purged.events, 2);
    let left = store.events_after("ch_a", 0, 10).await.unwrap();
    assert_eq!(left.iter().map(|e| e.seq).collect::<Vec<_>>(), [3]);
}

crate::conformance!(
    a_channels_keys_are_replaced_as_a_whole_and_go_with_it,
    plaintext_events_from_before_sealing_are_served_deduped_and_purged_once_acked,
);
