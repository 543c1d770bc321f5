//! Taking a lock whose holder may have panicked, for the core and the desktop shell.

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The guard, even after a holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // What sits behind these locks is plain data (tokens held in memory, the map of
    // running syncs and pollers, the registered providers, the demo's world), whole after
    // any panic; a poisoned lock instead would fail every later load, sync and the
    // shutdown itself.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A read guard, even after a writer panicked (see `lock`).
pub fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// A write guard, even after a holder panicked (see `lock`).
pub fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
