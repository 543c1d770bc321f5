//! Two writers at once: a late commit never lets a reader skip a seq, one event id
//! appended through two store handles (two relays) is stored once, and concurrent appends
//! to one channel keep its seqs gapless.

use crate::{Fixture, channel, event, seqs_after, stored};
use ponte_relay::store::AppendOutcome;
use std::sync::Arc;

crate::conformance!(
    a_later_append_waits_for_a_held_one_and_a_reader_never_skips_it,
    one_event_id_from_two_handles_at_once_is_stored_once,
    concurrent_appends_from_two_handles_keep_each_channel_gapless,
);

async fn a_later_append_waits_for_a_held_one_and_a_reader_never_skips_it(f: Arc<Fixture>) {
    let store = f.store.clone();
    channel(store.as_ref(), "ch_late").await;
    let held = f.hold_ingest("ch_late", "held-1").await;
    let later = {
        let store = f.second_handle().await;
        tokio::spawn(async move {
            let outcome = store.append(&[event("ch_late", Some("later-2"))]).await;
            store.close().await;
            outcome
        })
    };
    f.wait_for_blocked_append().await;
    // Neither is visible: the later one cannot commit before the held one.
    assert!(seqs_after(store.as_ref(), "ch_late", 0).await.is_empty());
    assert!(!later.is_finished(), "the later append committed first");
    assert_eq!(held.release().await, stored(1));
    assert_eq!(later.await.unwrap().unwrap(), [stored(2)]);
    let events = store.events_after("ch_late", 0, 10).await.unwrap();
    let ids: Vec<_> = events.iter().map(|e| (e.seq, e.event_id.clone())).collect();
    assert_eq!(
        ids,
        [
            (1, Some("held-1".to_string())),
            (2, Some("later-2".to_string()))
        ]
    );
}

async fn one_event_id_from_two_handles_at_once_is_stored_once(f: Arc<Fixture>) {
    let first = f.store.clone();
    let second = f.second_handle().await;
    channel(first.as_ref(), "ch_dup").await;
    for round in 0..20 {
        let id = format!("same-{round}");
        let batch = [event("ch_dup", Some(&id))];
        let (a, b) = tokio::join!(first.append(&batch), second.append(&batch));
        let mut outcomes = [a.unwrap()[0], b.unwrap()[0]];
        outcomes.sort_by_key(|outcome| matches!(outcome, AppendOutcome::Duplicate { .. }));
        let seq = round + 1;
        assert_eq!(
            outcomes,
            [stored(seq), AppendOutcome::Duplicate { seq }],
            "round {round}"
        );
    }
    assert_eq!(
        seqs_after(first.as_ref(), "ch_dup", 0).await,
        (1..=20).collect::<Vec<_>>()
    );
    second.close().await;
}

async fn concurrent_appends_from_two_handles_keep_each_channel_gapless(f: Arc<Fixture>) {
    let handles = [f.store.clone(), f.second_handle().await];
    let channels = ["ch_1", "ch_2", "ch_3"];
    for id in channels {
        channel(handles[0].as_ref(), id).await;
    }
    let mut tasks = Vec::new();
    for (h, handle) in handles.iter().enumerate() {
        for task in 0..4 {
            let store = handle.clone();
            tasks.push(tokio::spawn(async move {
                let mut stored = Vec::new();
                for i in 0..10 {
                    // Batches that span channels in different orders: locking in id order
                    // is what keeps two of them from deadlocking.
                    let batch: Vec<_> = channels
                        .iter()
                        .rev()
                        .cycle()
                        .skip(i % 3)
                        .take(3)
                        .map(|c| event(c, Some(&format!("{h}-{task}-{i}-{c}"))))
                        .collect();
                    for (event, outcome) in batch.iter().zip(store.append(&batch).await.unwrap()) {
                        let AppendOutcome::Stored { seq } = outcome else {
                            panic!("{outcome:?}");
                        };
                        stored.push((event.channel_id.clone(), seq));
                    }
                }
                stored
            }));
        }
    }
    let mut per_channel: std::collections::HashMap<String, Vec<i64>> = Default::default();
    for task in tasks {
        for (channel, seq) in task.await.unwrap() {
            per_channel.entry(channel).or_default().push(seq);
        }
    }
    for id in channels {
        let mut seqs = per_channel.remove(id).unwrap();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=80).collect::<Vec<_>>(), "{id}");
        assert_eq!(seqs_after(handles[0].as_ref(), id, 0).await, seqs);
    }
    handles[1].close().await;
}
