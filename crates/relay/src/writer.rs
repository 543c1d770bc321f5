//! Group commit. Every ingest hands its event to one writer task and waits; the writer
//! takes whatever is queued, commits it in one transaction, then answers each caller and
//! wakes the channels' pulls. Under load, one fsync covers many webhooks.

use crate::commits::CommitSignals;
use crate::error::{RelayError, Result};
use crate::metrics::RelayMetrics;
use crate::store::{AppendOutcome, EventStore, NewEvent};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// The most events one transaction takes; the rest wait for the next commit.
const MAX_BATCH: usize = 256;
/// Ingests queued beyond this wait to enqueue, which pushes back on the HTTP side.
const QUEUE_CAPACITY: usize = 4 * MAX_BATCH;

struct Job {
    event: NewEvent,
    reply: oneshot::Sender<Result<AppendOutcome>>,
}

/// The sending side, held by the HTTP handlers. When the last clone is dropped the writer
/// commits what is still queued and stops.
#[derive(Clone)]
pub(crate) struct IngestQueue {
    sender: mpsc::Sender<Job>,
}

impl IngestQueue {
    pub fn start(
        store: Arc<dyn EventStore>,
        signals: Arc<CommitSignals>,
        metrics: Arc<RelayMetrics>,
    ) -> (IngestQueue, JoinHandle<()>) {
        let (sender, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let writer = tokio::spawn(run(receiver, store, signals, metrics));
        (IngestQueue { sender }, writer)
    }

    /// Returns once the event is durably committed (or known to be a duplicate).
    pub async fn append(&self, event: NewEvent) -> Result<AppendOutcome> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Job { event, reply })
            .await
            .map_err(|_| RelayError::ShuttingDown)?;
        // A dropped reply means the writer stopped without committing this batch.
        answer.await.map_err(|_| RelayError::NotStored)?
    }
}

async fn run(
    mut receiver: mpsc::Receiver<Job>,
    store: Arc<dyn EventStore>,
    signals: Arc<CommitSignals>,
    metrics: Arc<RelayMetrics>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (events, replies): (Vec<NewEvent>, Vec<_>) =
            jobs.drain(..).map(|job| (job.event, job.reply)).unzip();
        metrics.commit(events.len());
        match store.append(&events).await {
            Ok(outcomes) => {
                let mut newest: HashMap<&str, i64> = HashMap::new();
                for (event, outcome) in events.iter().zip(&outcomes) {
                    if let AppendOutcome::Stored { seq } = outcome {
                        let entry = newest.entry(event.channel_id.as_str()).or_default();
                        *entry = (*entry).max(*seq);
                    }
                }
                for (channel, seq) in newest {
                    signals.publish(channel, seq);
                }
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // The caller may have gone (client disconnected); the event is stored.
                    reply.send(Ok(outcome)).ok();
                }
            }
            Err(error) => {
                tracing::error!(%error, events = events.len(), "could not commit webhooks");
                for reply in replies {
                    reply.send(Err(RelayError::NotStored)).ok();
                }
            }
        }
    }
    tracing::debug!("ingest writer stopped: queue closed and drained");
}
