//! Taking a mutex whose holder may have panicked.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The guard, even after a holder panicked.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The relay's mutexes hold caches and wake-up senders, whole after any panic; a
    // poisoned lock instead would fail every later ingest and pull until a restart.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
