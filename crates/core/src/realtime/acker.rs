//! Acknowledging committed batches off the poller's path. The poller hands each committed
//! batch over and goes on with the next one; this task acknowledges them in order (a
//! backlog of them with one ack up to the newest), then reports each batch with the
//! backlog the relay answered. An ack that never lands only costs a redelivery, which the
//! inbox drops, and the next start acknowledges the cursor again.

use super::event::RealtimeEvent;
use super::fetcher::Fetcher;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc};

/// A committed batch waiting for its ack: the cursor after it and its report, whose
/// backlog the ack's answer fills in.
pub struct Committed {
    pub cursor: i64,
    pub report: RealtimeEvent,
}

/// Starts the task; it ends when the returned sender is dropped and its queue is done.
pub fn spawn_acker(
    fetcher: Arc<Fetcher>,
    events: broadcast::Sender<RealtimeEvent>,
) -> mpsc::UnboundedSender<Committed> {
    let (sender, mut queue) = mpsc::unbounded_channel::<Committed>();
    tokio::spawn(async move {
        let mut batches = Vec::new();
        while queue.recv_many(&mut batches, usize::MAX).await > 0 {
            let newest = batches.iter().map(|b| b.cursor).max().unwrap_or_default();
            let backlog = match fetcher.client.ack(newest).await {
                Ok(reply) => Some(reply.backlog),
                Err(error) => {
                    tracing::debug!(%error, "relay: confirmação não entregue");
                    None
                }
            };
            for batch in batches.drain(..) {
                let mut report = batch.report;
                if let (RealtimeEvent::Applied { backlog: left, .. }, Some(answered)) =
                    (&mut report, backlog)
                {
                    *left = answered;
                }
                let _ = events.send(report);
            }
        }
    });
    sender
}
