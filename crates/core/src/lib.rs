//! `ponte-core`: Ponte's domain, SQLite store, providers, sync engine and credentials.
//! It knows nothing of Tauri: the desktop shell, the CLI, the tests and the benchmarks are
//! all clients of this API. `Core` is the entry point and hands out one service per
//! domain; `docs/architecture.md` maps the rooms.

pub mod backups;
pub mod context;
pub mod core;
pub mod credentials;
pub mod doctor;
pub mod documents;
pub mod domain;
pub mod error;
pub mod error_code;
pub mod format;
pub mod integrations;
pub mod locks;
pub mod logging;
pub mod logs;
pub mod maintenance;
pub mod money;
pub mod notifications;
pub mod overview;
pub mod paths;
pub mod progress;
pub mod providers;
pub mod realtime;
pub mod reports;
pub mod settings;
pub mod store;
pub mod sync;
pub mod time;
pub mod writeback;

pub use crate::core::{Core, CoreOptions};
pub use error::{Error, Result};
