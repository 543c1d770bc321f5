//! What the shell keeps for the app's lifetime: the core, how it was started, and the
//! token that stops its background tasks.

use crate::demo::DemoWorld;
use ponte_core::Core;
use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

pub struct AppState {
    pub core: Core,
    pub info: AppInfo,
    /// Stops the shell's own tasks (event forwarding); the core stops its own.
    pub shutdown: CancellationToken,
    /// Demo mode's sandbox and relay, stopped at exit.
    pub demo: Mutex<Option<DemoWorld>>,
    pub launched_at: Instant,
    /// The launch-to-paint time is logged once, for the first paint only.
    pub painel_painted: AtomicBool,
}

/// Facts about this run of the app, for the UI.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub demo: bool,
    pub data_dir: String,
    pub logs_dir: String,
}
