//! An app that restarts itself (after a restore, an undo or a recovery) comes back as a
//! process no WebDriver session owns. The real-window tests follow it through its log,
//! where each launch that reaches the Painel writes "Painel pintado" once, and end it by
//! its data directory, which no other process on the machine has in its command line.

use std::path::Path;
use std::time::{Duration, Instant};

/// How many launches in `data_dir` have painted their Painel so far.
pub fn painel_paints(data_dir: &Path) -> usize {
    std::fs::read_dir(data_dir.join("logs"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("ponte-desktop")
        })
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .map(|log| log.matches("Painel pintado").count())
        .sum()
}

/// Whether the paints reached `count` within a minute.
pub async fn painel_painted(data_dir: &Path, count: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if painel_paints(data_dir) >= count {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    false
}

/// Ends the restarted app of `data_dir`.
pub fn end_restarted_app(data_dir: &Path) {
    let _ = std::process::Command::new("pkill")
        .arg("-f")
        .arg(data_dir)
        .status();
}
