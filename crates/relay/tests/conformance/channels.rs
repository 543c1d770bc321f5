//! Channels and their secrets: create, find, list, rotate, delete, and the purge of expired
//! secrets.

use crate::{Fixture, at, channel, event, stored};
use chrono::TimeDelta;
use ponte_relay::store::AppendOutcome;
use std::sync::Arc;

crate::conformance!(
    a_created_channel_is_found_with_its_secret_and_listed,
    rotation_keeps_the_old_secret_until_the_overlap_ends_and_never_extends_it,
    deleting_a_channel_takes_its_events_and_reports_whether_it_existed,
    the_purge_removes_expired_secrets_only,
);

async fn a_created_channel_is_found_with_its_secret_and_listed(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    assert!(store.channel("ch_a").await.unwrap().is_none());
    channel(store, "ch_b").await;
    channel(store, "ch_a").await;
    let found = store.channel("ch_a").await.unwrap().unwrap();
    assert_eq!(found.id, "ch_a");
    assert_eq!(found.secrets_valid_at(at(0)), ["secret-of-ch_a"]);
    assert_eq!(found.created_at, at(0));
    assert_eq!(found.pull_token_sha256, "0".repeat(64));
    // A second channel with the same id is refused.
    assert!(
        store
            .create_channel(&ponte_relay::store::NewChannel {
                id: "ch_a".to_string(),
                provider: ponte_webhooks::Provider::Coinzz,
                auth_mode: ponte_webhooks::AuthMode::Bearer,
                secret: "other".to_string(),
                pull_token_sha256: "1".repeat(64),
                created_at: at(5),
            })
            .await
            .is_err()
    );
    store.append(&[event("ch_a", Some("x"))]).await.unwrap();
    let summaries = store.channel_summaries().await.unwrap();
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["ch_a", "ch_b"], "same created_at: by id");
    assert_eq!(summaries[0].backlog, 1);
    assert_eq!(summaries[0].last_seq, Some(1));
    assert_eq!(summaries[0].secrets.len(), 1);
    assert_eq!(summaries[1].last_seq, None);
}

async fn rotation_keeps_the_old_secret_until_the_overlap_ends_and_never_extends_it(
    f: Arc<Fixture>,
) {
    let store = f.store.as_ref();
    channel(store, "ch_r").await;
    assert!(
        store
            .rotate_secret("ch_r", "second", at(10), at(100))
            .await
            .unwrap()
    );
    let found = store.channel("ch_r").await.unwrap().unwrap();
    assert_eq!(found.secrets_valid_at(at(50)), ["secret-of-ch_r", "second"]);
    assert_eq!(found.secrets_valid_at(at(100)), ["second"]);
    // A second rotation with a longer overlap leaves the first old secret's expiry alone.
    assert!(
        store
            .rotate_secret("ch_r", "third", at(20), at(1_000))
            .await
            .unwrap()
    );
    let found = store.channel("ch_r").await.unwrap().unwrap();
    assert_eq!(found.secrets_valid_at(at(500)), ["second", "third"]);
    assert_eq!(found.secrets[0].expires_at, Some(at(100)));
    assert!(
        !store
            .rotate_secret("ch_missing", "x", at(10), at(100))
            .await
            .unwrap()
    );
}

async fn deleting_a_channel_takes_its_events_and_reports_whether_it_existed(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_d").await;
    channel(store, "ch_keep").await;
    store
        .append(&[event("ch_d", Some("1")), event("ch_keep", Some("1"))])
        .await
        .unwrap();
    assert!(store.delete_channel("ch_d").await.unwrap());
    assert!(!store.delete_channel("ch_d").await.unwrap());
    assert!(store.channel("ch_d").await.unwrap().is_none());
    assert!(store.cursor("ch_d").await.unwrap().is_none());
    assert!(store.events_after("ch_d", 0, 10).await.unwrap().is_empty());
    assert_eq!(
        store.append(&[event("ch_d", Some("2"))]).await.unwrap(),
        [AppendOutcome::ChannelGone]
    );
    // A channel created again under the same id starts over, from seq 1.
    channel(store, "ch_d").await;
    assert_eq!(
        store.append(&[event("ch_d", Some("1"))]).await.unwrap(),
        [stored(1)]
    );
    assert_eq!(
        store.backlogs().await.unwrap(),
        [("ch_d".to_string(), 1), ("ch_keep".to_string(), 1)]
    );
}

async fn the_purge_removes_expired_secrets_only(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_s").await;
    store
        .rotate_secret("ch_s", "new", at(10), at(10) + TimeDelta::hours(1))
        .await
        .unwrap();
    let purged = store.purge(at(0), at(11)).await.unwrap();
    assert_eq!(purged.secrets, 0, "still in its overlap");
    let purged = store
        .purge(at(0), at(10) + TimeDelta::hours(1))
        .await
        .unwrap();
    assert_eq!(purged.secrets, 1);
    let found = store.channel("ch_s").await.unwrap().unwrap();
    assert_eq!(found.secrets.len(), 1);
    assert_eq!(found.secrets[0].value, "new");
}
