//! Acknowledging: the cursor, its clamping, the backlog, and the batched purge of
//! acknowledged events past retention (seqs are never reused after it).

use crate::{Fixture, at, channel, event, seqs_after, stored};
use ponte_relay::store::Cursor;
use std::sync::Arc;

crate::conformance!(
    acks_move_forward_only_and_never_past_the_last_seq,
    the_purge_deletes_acknowledged_events_before_the_cutoff_in_batches,
);

async fn acks_move_forward_only_and_never_past_the_last_seq(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    assert_eq!(
        store.cursor("ch_a").await.unwrap(),
        Some(Cursor {
            acked_seq: 0,
            backlog: 0
        })
    );
    // Nothing stored yet: an ack cannot acknowledge events to come.
    assert_eq!(
        store.ack("ch_a", 5, at(1)).await.unwrap(),
        Some(Cursor {
            acked_seq: 0,
            backlog: 0
        })
    );
    let batch: Vec<_> = (1..=3)
        .map(|i| event("ch_a", Some(&format!("e{i}"))))
        .collect();
    store.append(&batch).await.unwrap();
    let cursor = store.ack("ch_a", 2, at(2)).await.unwrap().unwrap();
    assert_eq!(
        cursor,
        Cursor {
            acked_seq: 2,
            backlog: 1
        }
    );
    assert_eq!(store.ack("ch_a", 1, at(3)).await.unwrap(), Some(cursor));
    assert_eq!(
        store.ack("ch_a", 99, at(4)).await.unwrap(),
        Some(Cursor {
            acked_seq: 3,
            backlog: 0
        })
    );
    assert_eq!(
        store.append(&[event("ch_a", None)]).await.unwrap(),
        [stored(4)]
    );
    assert_eq!(store.cursor("ch_a").await.unwrap().unwrap().backlog, 1);
    assert_eq!(store.ack("ch_missing", 1, at(5)).await.unwrap(), None);
    assert_eq!(store.cursor("ch_missing").await.unwrap(), None);
}

async fn the_purge_deletes_acknowledged_events_before_the_cutoff_in_batches(f: Arc<Fixture>) {
    let store = f.store.as_ref();
    channel(store, "ch_a").await;
    channel(store, "ch_b").await;
    // More than one purge batch (2,000 rows) of acknowledged events.
    let batch: Vec<_> = (0..2_500)
        .map(|i| event("ch_a", Some(&format!("e{i}"))))
        .collect();
    for chunk in batch.chunks(256) {
        store.append(chunk).await.unwrap();
    }
    store.append(&[event("ch_b", None)]).await.unwrap();
    store.ack("ch_a", 2_400, at(100)).await.unwrap();
    store.ack("ch_b", 1, at(300)).await.unwrap();
    let purged = store.purge(at(100), at(0)).await.unwrap();
    assert_eq!(purged.events, 0, "acknowledged at the cutoff: kept");
    let purged = store.purge(at(200), at(0)).await.unwrap();
    assert_eq!(purged.events, 2_400);
    assert_eq!(
        seqs_after(store, "ch_a", 0).await,
        (2_401..=2_500).collect::<Vec<_>>()
    );
    assert_eq!(seqs_after(store, "ch_b", 0).await, [1]);
    // After a purge the counter goes on: a seq is never handed out twice.
    assert_eq!(
        store.append(&[event("ch_a", None)]).await.unwrap(),
        [stored(2_501)]
    );
    assert_eq!(
        store.cursor("ch_a").await.unwrap(),
        Some(Cursor {
            acked_seq: 2_400,
            backlog: 101
        })
    );
}
