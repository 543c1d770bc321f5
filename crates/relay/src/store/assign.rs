//! Deciding a batch's outcomes once its channels are locked: which events are new, which
//! repeat an event id already stored (or one earlier in the batch), which landed on a gone
//! channel, and the seqs the new ones take from their channel's counter. Pure logic, shared
//! by both stores so they cannot disagree; the SQL around it is each store's own.

use super::{AppendOutcome, NewEvent};
use std::collections::HashMap;

/// An event to insert: its index in the batch and the seq it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NewRow {
    pub index: usize,
    pub seq: i64,
}

/// A channel's counter after the batch, and how many events it gained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CounterUpdate {
    pub channel_id: String,
    pub next_seq: i64,
    pub stored: i64,
}

#[derive(Debug)]
pub(super) struct Assignment {
    pub outcomes: Vec<AppendOutcome>,
    pub rows: Vec<NewRow>,
    /// Only the channels that gained events, in id order.
    pub counters: Vec<CounterUpdate>,
}

/// `next_seqs`: the locked channels' counters (a channel missing from it is gone);
/// `existing`: the seqs already stored under the batch's (channel, event id) pairs.
pub(super) fn assign_seqs(
    batch: &[NewEvent],
    next_seqs: &HashMap<String, i64>,
    existing: &HashMap<(String, String), i64>,
) -> Assignment {
    let mut counters: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut taken: HashMap<(&str, &str), i64> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut rows = Vec::new();
    for (index, event) in batch.iter().enumerate() {
        let channel = event.channel_id.as_str();
        let Some(&first) = next_seqs.get(channel) else {
            outcomes.push(AppendOutcome::ChannelGone);
            continue;
        };
        // A delivery without a provider id carries a drawn one, unique: never a repeat.
        let event_id = event.event_id.as_str();
        let stored = existing
            .get(&(channel.to_string(), event_id.to_string()))
            .or_else(|| taken.get(&(channel, event_id)));
        if let Some(&seq) = stored {
            outcomes.push(AppendOutcome::Duplicate { seq });
            continue;
        }
        let (next, stored) = counters.entry(channel).or_insert((first, 0));
        let seq = *next;
        *next += 1;
        *stored += 1;
        taken.insert((channel, event_id), seq);
        rows.push(NewRow { index, seq });
        outcomes.push(AppendOutcome::Stored { seq });
    }
    let mut counters: Vec<CounterUpdate> = counters
        .into_iter()
        .map(|(channel, (next_seq, stored))| CounterUpdate {
            channel_id: channel.to_string(),
            next_seq,
            stored,
        })
        .collect();
    counters.sort_by(|a, b| a.channel_id.cmp(&b.channel_id));
    Assignment {
        outcomes,
        rows,
        counters,
    }
}

/// The batch's distinct channel ids in id order: the order every store locks them in, so
/// that two relays committing overlapping batches cannot deadlock.
pub(super) fn channels_in_lock_order(batch: &[NewEvent]) -> Vec<String> {
    let mut ids: Vec<String> = batch.iter().map(|event| event.channel_id.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn event(channel: &str, id: Option<&str>) -> NewEvent {
        NewEvent {
            channel_id: channel.to_string(),
            event_id: id.map_or_else(ponte_webhooks::seal::unnamed_event_id, str::to_string),
            received_at: Utc::now(),
            size: 2,
            key_ids: Vec::new(),
            sealed: b"{}".to_vec(),
        }
    }

    #[test]
    fn new_events_take_consecutive_seqs_per_channel_and_repeats_point_at_the_stored_one() {
        let batch = [
            event("b", Some("x")),
            event("a", Some("x")),
            event("b", None),
            event("b", Some("x")),
            event("a", Some("old")),
            event("gone", Some("y")),
        ];
        let next_seqs = HashMap::from([("a".to_string(), 4), ("b".to_string(), 1)]);
        let existing = HashMap::from([(("a".to_string(), "old".to_string()), 2)]);
        let assignment = assign_seqs(&batch, &next_seqs, &existing);
        assert_eq!(
            assignment.outcomes,
            [
                AppendOutcome::Stored { seq: 1 },
                AppendOutcome::Stored { seq: 4 },
                AppendOutcome::Stored { seq: 2 },
                AppendOutcome::Duplicate { seq: 1 },
                AppendOutcome::Duplicate { seq: 2 },
                AppendOutcome::ChannelGone,
            ]
        );
        assert_eq!(
            assignment.rows,
            [
                NewRow { index: 0, seq: 1 },
                NewRow { index: 1, seq: 4 },
                NewRow { index: 2, seq: 2 },
            ]
        );
        assert_eq!(
            assignment.counters,
            [
                CounterUpdate {
                    channel_id: "a".to_string(),
                    next_seq: 5,
                    stored: 1
                },
                CounterUpdate {
                    channel_id: "b".to_string(),
                    next_seq: 3,
                    stored: 2
                },
            ]
        );
    }

    #[test]
    fn channels_are_locked_in_id_order_once_each() {
        let batch = [event("c", None), event("a", None), event("c", None)];
        assert_eq!(channels_in_lock_order(&batch), ["a", "c"]);
    }
}
