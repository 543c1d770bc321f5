//! The sync engine: one scheduler for manual and scheduled runs, one run per integration
//! at a time, cancellation, progress events, and a `sync_runs` row for every run; and the
//! relay pollers of real time, which share its store, notifier, tasks and shutdown.

mod engine;
mod progress;
mod relay_pollers;
mod relay_reprocess;
mod relay_verify;
mod scheduler;

pub use engine::{RunHandle, RunResult, SyncEngine};
pub use progress::{ProgressSink, SyncEvent};
pub use relay_pollers::{RelayConnection, WebhookSetup};
pub use relay_reprocess::ReprocessReport;
pub use relay_verify::RelayRoundTrip;
pub use scheduler::next_due;

use crate::domain::SyncRunId;
use crate::providers::Connection;

/// Everything a provider needs during one run.
pub struct RunContext {
    pub connection: Connection,
    pub run_id: SyncRunId,
    pub progress: ProgressSink,
}
