//! What the relay pollers report as they go, to the shell and the CLI: batches applied,
//! the relay going down and coming back. Its own file because the poller and the acker
//! both send it.

use serde::Serialize;

/// What the pollers report as they go.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RealtimeEvent {
    /// A batch is committed (and acknowledged, or about to be redelivered).
    Applied {
        integration_id: i64,
        applied: u64,
        stale: u64,
        quarantined: u64,
        duplicates: u64,
        /// Events still waiting on the relay after this batch.
        backlog: u64,
    },
    RelayDown {
        integration_id: i64,
        since: String,
        error: String,
    },
    RelayUp {
        integration_id: i64,
    },
}
