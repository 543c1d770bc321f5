//! The sync engine: one scheduler for manual and scheduled runs, one run per integration
//! at a time, cancellation, progress events, and a `sync_runs` row for every run. Real
//! time (the relay pollers) is its own service, in `realtime`.

mod engine;
mod scheduler;

pub use crate::progress::{ProgressSink, SyncEvent, SyncStep};
pub use engine::{RunHandle, RunResult, SyncEngine};
pub use scheduler::next_due;
