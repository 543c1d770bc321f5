//! Progress of sync runs as events: started, page i of n with records so far, finished.
//! Providers report pages through a `ProgressSink`, after saying which step of the run
//! each list is (`enter_step`), so a page also carries "etapa 3 de 10" and the run's
//! overall fraction; the sync engine reports the rest, and subscribers (the CLI, the
//! desktop shell) receive them over a broadcast channel. Its own module because both the
//! engine and the providers use it and neither owns it.

use crate::domain::{EntityKind, IntegrationId, SyncRunId};
use crate::locks::lock;
use crate::store::{RunOutcome, RunTrigger};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Which step of its run a list is: "etapa `index` de `count`". A step may be read in
/// parts (one per loja): `part` of `parts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncStep {
    /// 1-based.
    pub index: u32,
    pub count: u32,
    /// 1-based.
    pub part: u32,
    pub parts: u32,
}

impl SyncStep {
    /// How much of the whole run is done once page `page` of `total_pages` of this step's
    /// current part is read, from 0 to 1. An unknown page count counts the part as begun.
    pub fn fraction(self, page: u32, total_pages: Option<u32>) -> f64 {
        let count = f64::from(self.count.max(1));
        let parts = f64::from(self.parts.max(1));
        let in_part = match total_pages {
            Some(total) if total > 0 => (f64::from(page) / f64::from(total)).min(1.0),
            _ => 0.0,
        };
        let in_step = (f64::from(self.part.max(1) - 1) + in_part) / parts;
        ((f64::from(self.index.max(1) - 1) + in_step) / count).clamp(0.0, 1.0)
    }
}

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
        /// `"Recebimentos · Matriz"`.
        label: String,
        page: u32,
        total_pages: Option<u32>,
        /// Records read so far in this run.
        records: u64,
        /// The step of the run this list is, when the provider said.
        step: Option<SyncStep>,
        /// How much of the whole run is done, from 0 to 1, when the step is known.
        done: Option<f64>,
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
    step: Arc<Mutex<Option<SyncStep>>>,
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
            step: Arc::new(Mutex::new(None)),
        }
    }

    /// Says which step (and part of it) the pages reported next belong to.
    pub fn enter_step(&self, step: SyncStep) {
        *lock(&self.step) = Some(step);
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
        let step = *lock(&self.step);
        // Nobody listening is fine: progress is informative, the store is the record.
        let _ = self.events.send(SyncEvent::Progress {
            run_id: self.run_id,
            integration_id: self.integration_id,
            entity,
            label: label.to_string(),
            page,
            total_pages,
            records: so_far,
            step,
            done: step.map(|s| s.fraction(page, total_pages)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::SyncStep;

    fn step(index: u32, part: u32, parts: u32) -> SyncStep {
        SyncStep {
            index,
            count: 10,
            part,
            parts,
        }
    }

    #[test]
    fn the_fraction_runs_over_the_whole_run_not_each_list() {
        assert_eq!(step(1, 1, 1).fraction(0, Some(4)), 0.0);
        assert!((step(3, 1, 1).fraction(1, Some(2)) - 0.25).abs() < 1e-9);
        // Step 9 of 10, second loja of two, last page: 8.5 + 0.5 of 10 steps.
        assert!((step(9, 2, 2).fraction(5, Some(5)) - 0.9).abs() < 1e-9);
        assert_eq!(step(10, 1, 1).fraction(3, Some(3)), 1.0);
    }

    #[test]
    fn an_unknown_page_count_counts_the_part_as_begun() {
        assert!((step(2, 1, 1).fraction(7, None) - 0.1).abs() < 1e-9);
        assert!((step(2, 1, 1).fraction(7, Some(0)) - 0.1).abs() < 1e-9);
    }
}
