//! Logs for Ponte's programs: a daily-rolling file in the data directory's `logs/`, one
//! file name per program, and optionally stderr. `RUST_LOG` overrides the level. Tokens
//! never reach a log: the core only logs redacted `Secret`s.
//!
//! The file's line format (fmt's default, without colours) is what `logs::line` parses
//! for the Registros view and `ponte logs`: change the two together.

use crate::paths::logs_dir;
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, fmt};

/// Keeps two weeks of daily files.
const KEPT_LOG_FILES: usize = 14;

/// Installs the subscriber, writing `logs/{program}.YYYY-MM-DD.log`. The guard flushes the
/// file on drop, so hold it until exit. Without a writable log directory the program still
/// works, logging to stderr only when `to_stderr`.
pub fn init(data_dir: &Path, program: &str, to_stderr: bool) -> Option<WorkerGuard> {
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The appender prunes old files at start and complains when the directory is missing.
    let dir = logs_dir(data_dir);
    let appender = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            Builder::new()
                .rotation(Rotation::DAILY)
                .filename_prefix(program)
                .filename_suffix("log")
                .max_log_files(KEPT_LOG_FILES)
                .build(&dir)
                .map_err(|e| e.to_string())
        });
    let (file_layer, guard) = match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            (Some(layer), Some(guard))
        }
        Err(error) => {
            eprintln!("aviso: sem log em arquivo ({error})");
            (None, None)
        }
    };
    let stderr_layer = to_stderr.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter())
    });
    tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .init();
    guard
}
