//! Commit signals: after the writer commits events on a channel it publishes the newest
//! seq here, so does the store's notice of another relay's commit, and every pull waiting
//! on that channel wakes at once. A wake is a hint to re-read, never the data itself; a
//! waiting pull also re-reads every `recheck`, in case a wake was lost.

use crate::locks::lock;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::watch;

pub(crate) struct CommitSignals {
    channels: Mutex<HashMap<String, watch::Sender<i64>>>,
    recheck: Duration,
}

impl CommitSignals {
    pub fn new(recheck: Duration) -> CommitSignals {
        CommitSignals {
            channels: Mutex::new(HashMap::new()),
            recheck,
        }
    }

    /// How often a waiting pull re-reads without a wake.
    pub fn recheck(&self) -> Duration {
        self.recheck
    }

    /// Wakes every waiting pull: commits may have been missed (the store's notices were
    /// interrupted), so each re-reads.
    pub fn wake_all(&self) {
        let mut channels = lock(&self.channels);
        channels.retain(|_, sender| sender.receiver_count() > 0);
        for sender in channels.values() {
            sender.send_modify(|_| {});
        }
    }

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
                // Never backwards: this relay's writer and another relay's notice may
                // report the same channel's commits in either order.
                sender.send_modify(|seq| *seq = (*seq).max(newest_seq));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals() -> CommitSignals {
        CommitSignals::new(Duration::from_secs(1))
    }

    #[tokio::test]
    async fn a_subscriber_wakes_on_the_next_commit_of_its_channel_only() {
        let signals = signals();
        let mut waiting = signals.subscribe("a");
        signals.publish("b", 5);
        assert!(!waiting.has_changed().unwrap());
        signals.publish("a", 7);
        waiting.changed().await.unwrap();
        assert_eq!(*waiting.borrow(), 7);
    }

    #[test]
    fn a_commit_before_subscribing_does_not_count_as_new() {
        let signals = signals();
        let first = signals.subscribe("a");
        signals.publish("a", 3);
        let second = signals.subscribe("a");
        assert!(!second.has_changed().unwrap());
        drop(first);
    }

    #[tokio::test]
    async fn wake_all_wakes_every_waiting_channel() {
        let signals = signals();
        let mut a = signals.subscribe("a");
        let mut b = signals.subscribe("b");
        signals.wake_all();
        a.changed().await.unwrap();
        b.changed().await.unwrap();
    }
}
