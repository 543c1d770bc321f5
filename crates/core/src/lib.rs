//! `ponte-core`: Ponte's domain, SQLite store, providers, sync engine and credentials.
//! It knows nothing of Tauri: the desktop shell, the CLI, the tests and the benchmarks are
//! all clients of this API. `Core` is the entry point.

pub mod core;
pub mod credentials;
pub mod documents;
pub mod domain;
pub mod draft;
pub mod error;
pub mod format;
pub mod logging;
pub mod money;
pub mod notifications;
pub mod overview;
pub mod paths;
pub mod providers;
pub mod realtime;
pub mod relay_account;
pub mod reports;
pub mod store;
pub mod sync;
pub mod time;
pub mod webhook_integration;

pub use crate::core::{Core, CoreOptions};
pub use error::{Error, Result};
