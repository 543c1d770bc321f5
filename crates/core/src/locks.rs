//! Taking a mutex whose holder may have panicked, for the core and the desktop shell.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The guard, even after a holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // What sits behind these mutexes is plain data (tokens held in memory, the map of
    // running syncs, the demo's world), whole after any panic; a poisoned lock instead would
    // fail every later load, sync and the shutdown itself.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
