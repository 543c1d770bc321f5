//! The ids of the webhooks the sandbox sends: unique across runs. Shared state, so its own
//! file: the emitter draws from it and the running sandbox keeps it.

use rand::Rng;
use std::sync::atomic::{AtomicU64, Ordering};

/// Event ids no sandbox run repeats: a random part per running sandbox, then a counter.
/// A counter alone would restart with every demo launch, and the relay, which keeps ids for
/// its whole retention, would take the new events for repeats and drop them.
#[derive(Debug)]
pub(crate) struct EventIds {
    run: u64,
    next: AtomicU64,
}

impl EventIds {
    pub fn new() -> EventIds {
        EventIds {
            run: rand::rng().random(),
            next: AtomicU64::new(1),
        }
    }

    pub fn next(&self) -> String {
        let count = self.next.fetch_add(1, Ordering::Relaxed);
        format!("gcsbx_{:016x}_{count}", self.run)
    }
}
