//! Progress of sync runs as events: started, page i of n with records so far, finished.
//! Providers report pages through a `ProgressSink`; the sync engine reports the rest, and
//! subscribers (the CLI, the desktop shell) receive them over a broadcast channel. Its own
//! module because both the engine and the providers use it and neither owns it.

use crate::domain::{EntityKind, IntegrationId, SyncRunId};
use crate::store::{RunOutcome, RunTrigger};
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::broadcast;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncEvent {
    Started {
        run_id: SyncRunId,
        integration_id: IntegrationId,
        trigger: RunTrigger,
    },
    Progress {
        run_id: SyncRunId,
        integration_id: IntegrationId,
        entity: EntityKind,
        /// `"recebimentos · Matriz"`.
        label: String,
        page: u32,
        total_pages: Option<u32>,
        /// Records read so far in this run.
        records: u64,
    },
    Finished {
        run_id: SyncRunId,
        integration_id: IntegrationId,
        outcome: RunOutcome,
        error_code: Option<String>,
        error_message: Option<String>,
    },
}

/// Sends the progress of one run.
#[derive(Clone)]
pub struct ProgressSink {
    events: broadcast::Sender<SyncEvent>,
    run_id: SyncRunId,
    integration_id: IntegrationId,
    records: Arc<AtomicU64>,
}

impl ProgressSink {
    pub(crate) fn new(
        events: broadcast::Sender<SyncEvent>,
        run_id: SyncRunId,
        integration_id: IntegrationId,
    ) -> Self {
        ProgressSink {
            events,
            run_id,
            integration_id,
            records: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Reports that page `page` of `label` was read with `records` records.
    pub fn page(
        &self,
        entity: EntityKind,
        label: &str,
        page: u32,
        total_pages: Option<u32>,
        records: u64,
    ) {
        let so_far = self.records.fetch_add(records, Ordering::Relaxed) + records;
        // Nobody listening is fine: progress is informative, the store is the record.
        let _ = self.events.send(SyncEvent::Progress {
            run_id: self.run_id,
            integration_id: self.integration_id,
            entity,
            label: label.to_string(),
            page,
            total_pages,
            records: so_far,
        });
    }
}
