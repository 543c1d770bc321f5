//! Appends: one outcome per event in order, dedupe, gapless seqs from 1 per channel, reads
//! after a seq in order and within the limit, a gone channel mid-batch.

use crate::{Fixture, channel, event, seqs_after, stored};
use ponte_relay::store::{AppendOutcome, StoredPayload};
use std::sync::Arc;

crate::conformance!(
    every_channel_counts_its_own_seqs_from_one_without_gaps,
    repeats_are_duplicates_of_the_stored_seq_within_and_across_batches,
    a_gone_channel_fails_its_own_events_only,
    events_after_reads_in_seq_order_within_the_limit_and_keeps_what_was_stored,
);

async fn every_channel_counts_its_own_seqs_from_one_without_gaps(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    channel(store, "ch_b").await;
    let outcomes = store
        .append(&[
            event("ch_b", Some("b1")),
            event("ch_a", Some("a1")),
            event("ch_a", None),
            event("ch_b", Some("b2")),
        ])
        .await
        .unwrap();
    assert_eq!(outcomes, [stored(1), stored(1), stored(2), stored(2)]);
    let outcomes = store
        .append(&[event("ch_a", Some("a3")), event("ch_a", Some("a1"))])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [stored(3), AppendOutcome::Duplicate { seq: 1 }],
        "a duplicate takes no seq"
    );
    assert_eq!(
        store.append(&[event("ch_a", None)]).await.unwrap(),
        [stored(4)]
    );
    assert_eq!(seqs_after(store, "ch_a", 0).await, [1, 2, 3, 4]);
    assert_eq!(seqs_after(store, "ch_b", 0).await, [1, 2]);
    assert!(store.append(&[]).await.unwrap().is_empty());
}

async fn repeats_are_duplicates_of_the_stored_seq_within_and_across_batches(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    channel(store, "ch_b").await;
    assert_eq!(
        store.append(&[event("ch_a", Some("x"))]).await.unwrap(),
        [stored(1)]
    );
    let outcomes = store
        .append(&[
            event("ch_a", Some("x")),
            event("ch_a", Some("y")),
            event("ch_a", Some("y")),
            // The same id on another channel is another event.
            event("ch_b", Some("x")),
            // Deliveries without an id are never deduped.
            event("ch_a", None),
            event("ch_a", None),
        ])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [
            AppendOutcome::Duplicate { seq: 1 },
            stored(2),
            AppendOutcome::Duplicate { seq: 2 },
            stored(1),
            stored(3),
            stored(4),
        ]
    );
    let cursor = store.cursor("ch_a").await.unwrap().unwrap();
    assert_eq!(cursor.backlog, 4, "duplicates do not count");
}

async fn a_gone_channel_fails_its_own_events_only(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    channel(store, "ch_b").await;
    store.delete_channel("ch_b").await.unwrap();
    let outcomes = store
        .append(&[
            event("ch_b", Some("1")),
            event("ch_a", Some("1")),
            event("ch_none", None),
            event("ch_a", Some("2")),
        ])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [
            AppendOutcome::ChannelGone,
            stored(1),
            AppendOutcome::ChannelGone,
            stored(2),
        ]
    );
    assert_eq!(seqs_after(store, "ch_a", 0).await, [1, 2]);
}

async fn events_after_reads_in_seq_order_within_the_limit_and_keeps_what_was_stored(
    f: Arc<Fixture>,
) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    let batch: Vec<_> = (1..=5)
        .map(|i| event("ch_a", Some(&format!("e{i}"))))
        .collect();
    store.append(&batch).await.unwrap();
    let page = store.events_after("ch_a", 1, 2).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(page[0].event_id.as_deref(), Some("e2"));
    let StoredPayload::Sealed { key_ids, envelope } = &page[0].payload else {
        panic!("a new event came back unsealed");
    };
    assert_eq!(*envelope, batch[1].sealed);
    assert_eq!(*key_ids, batch[1].key_ids);
    assert_eq!(page[0].size, batch[1].size);
    assert_eq!(page[0].received_at, batch[1].received_at);
    assert!(store.events_after("ch_a", 5, 10).await.unwrap().is_empty());
    assert!(
        store
            .events_after("ch_missing", 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
