//! The benchmark's one error type.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Core(#[from] ponte_core::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Relay(#[from] ponte_relay::RelayError),
    #[error("signing a webhook: {0}")]
    Webhook(#[from] ponte_webhooks::WebhookError),
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    #[error("relay benchmark: {0}")]
    RelayBench(String),
    #[error("the sync did not succeed: {0}")]
    SyncFailed(String),
    #[error(
        "{binary} not built (no {path}): run cargo build --release -p {package} (./dev bench builds it)"
    )]
    NotBuilt {
        binary: &'static str,
        path: PathBuf,
        package: &'static str,
    },
    #[error("{tool} could not start ({source}): install it (Debian: apt-get install xvfb dbus)")]
    ToolMissing {
        tool: &'static str,
        source: std::io::Error,
    },
    #[error(
        "{app} exited ({status}) {after_secs:.1} s after launch, while being measured; the end of its output:\n{output}"
    )]
    AppExited {
        app: &'static str,
        status: String,
        after_secs: f64,
        output: String,
    },
    #[error("timed out after {secs} s waiting for {what}")]
    Timeout { what: String, secs: u64 },
    #[error("backup benchmark: {0}")]
    BackupBench(String),
    #[error("desktop benchmark: {0}")]
    Desktop(String),
    #[error("the desktop benchmark's thread failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}
