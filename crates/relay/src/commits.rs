//! Commit signals: after the writer commits events on a channel it publishes the newest
//! seq here, and every pull waiting on that channel wakes at once.

use crate::locks::lock;
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::watch;

#[derive(Default)]
pub(crate) struct CommitSignals {
    channels: Mutex<HashMap<String, watch::Sender<i64>>>,
}

impl CommitSignals {
    /// A receiver whose current value counts as seen: `changed()` fires at the next
    /// commit on `channel`, and not for one that came before the subscription.
    pub fn subscribe(&self, channel: &str) -> watch::Receiver<i64> {
        let mut channels = lock(&self.channels);
        let sender = channels
            .entry(channel.to_string())
            .or_insert_with(|| watch::channel(0).0);
        let mut receiver = sender.subscribe();
        receiver.borrow_and_update();
        receiver
    }

    pub fn publish(&self, channel: &str, newest_seq: i64) {
        let mut channels = lock(&self.channels);
        if let Some(sender) = channels.get(channel) {
            if sender.receiver_count() == 0 {
                // Nobody has waited on it since the last pull: forget it, so deleted
                // channels do not pile up here.
                channels.remove(channel);
            } else {
                sender.send_replace(newest_seq);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_subscriber_wakes_on_the_next_commit_of_its_channel_only() {
        let signals = CommitSignals::default();
        let mut waiting = signals.subscribe("a");
        signals.publish("b", 5);
        assert!(!waiting.has_changed().unwrap());
        signals.publish("a", 7);
        waiting.changed().await.unwrap();
        assert_eq!(*waiting.borrow(), 7);
    }

    #[test]
    fn a_commit_before_subscribing_does_not_count_as_new() {
        let signals = CommitSignals::default();
        let first = signals.subscribe("a");
        signals.publish("a", 3);
        let second = signals.subscribe("a");
        assert!(!second.has_changed().unwrap());
        drop(first);
    }
}
