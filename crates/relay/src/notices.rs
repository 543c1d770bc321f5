//! Acting on the store's notices (see `store::Notice`): another relay's commit wakes this
//! relay's pulls on the channel, another relay's channel change drops the channel from the
//! cache, and after an interruption everything is woken and dropped, since notices sent
//! meanwhile are lost.

use crate::commits::CommitSignals;
use crate::store::{CachedChannels, Notice};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Runs until the store stops sending (the relay's shutdown stops its listener).
pub(crate) async fn forward(
    mut notices: mpsc::Receiver<Notice>,
    signals: Arc<CommitSignals>,
    channels: Arc<CachedChannels>,
) {
    while let Some(notice) = notices.recv().await {
        match notice {
            Notice::Committed { channel, seq } => signals.publish(&channel, seq),
            Notice::ChannelChanged { channel } => channels.forget(&channel),
            Notice::Reconnected => {
                tracing::info!("store notices resumed: re-reading every waiting pull");
                channels.forget_all();
                signals.wake_all();
            }
        }
    }
}
