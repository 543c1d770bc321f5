//! The record of a restore, kept as JSON in the data directory rather than in the store
//! (the store is what a restore replaces): `restore-pending.json` while a restore is
//! staged, `last-restore.json` once it is applied. It says what was restored, when, the
//! backup that undoes it, and what the replay from the relay brought back (worded in
//! pt-BR by `ReplayReport::summary_lines`).

use super::BackupKind;
use super::files::{rename, sync_dir, write_synced};
use crate::error::{Error, Result};
use crate::realtime::CaughtUp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The staged restore's record, beside the staged database.
pub(super) const PENDING_RECORD: &str = "restore-pending.json";
/// The applied restore's record.
pub(super) const LAST_RECORD: &str = "last-restore.json";

/// What the UI shows of a restore, and what "Desfazer restauração" restores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LastRestore {
    /// What was restored, as the operator reads it: the backup's id, or the file's path.
    pub source: String,
    /// Why the restored backup was taken.
    pub source_kind: BackupKind,
    /// When the restored backup was taken: the moment the store went back to.
    #[specta(type = String)]
    pub backup_created_at: DateTime<Utc>,
    #[specta(type = String)]
    pub requested_at: DateTime<Utc>,
    /// `None` while staged: the store is replaced when the Ponte opens again.
    #[specta(type = Option<String>)]
    pub applied_at: Option<DateTime<Utc>>,
    /// The backup of the store as it was before the restore: restoring it undoes this one.
    pub undo_backup_id: String,
    /// `None` until the relay has been asked again for the events since the backup.
    pub replay: Option<ReplayReport>,
}

/// What was pulled again from the relay after a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReplayReport {
    #[specta(type = String)]
    pub finished_at: DateTime<Utc>,
    pub channels: Vec<CaughtUp>,
    /// Set when the backup is older than the relay keeps events: the period whose events
    /// may be missing, in pt-BR.
    pub retention_gap: Option<String>,
}

impl ReplayReport {
    /// What the replay brought back, one pt-BR line per channel, then the period that
    /// may be missing: the notification's body and what `ponte restore` prints.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.channels.iter().map(channel_line).collect();
        if lines.is_empty() {
            lines.push(
                "Nenhuma integração está ligada ao tempo real: não havia eventos a recuperar."
                    .into(),
            );
        }
        if let Some(gap) = &self.retention_gap {
            lines.push(gap.clone());
        }
        lines
    }
}

fn channel_line(channel: &CaughtUp) -> String {
    if let Some(error) = &channel.error {
        return format!(
            "{}: os eventos não puderam ser puxados de novo agora ({error}); o tempo real os busca quando o relay responder.",
            channel.integration
        );
    }
    let pulled = match channel.pulled {
        1 => "1 evento puxado".to_string(),
        n => format!("{n} eventos puxados"),
    };
    format!(
        "{}: {pulled} de novo do relay, {} aplicados, {} já estavam no banco.",
        channel.integration, channel.applied, channel.duplicates
    )
}

pub(super) fn record_path(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join(name)
}

/// Reads a record; `None` when there is none.
pub(super) fn read_record(path: &Path) -> Result<Option<LastRestore>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::FileAccess {
                path: path.display().to_string(),
                action: "ler",
                source,
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|error| Error::FileAccess {
            path: path.display().to_string(),
            action: "ler",
            source: std::io::Error::other(error.to_string()),
        })
}

/// Writes a record through a fsynced temporary file and a rename: a reader finds the
/// old record or the new one, never half of one.
pub(super) fn write_record(path: &Path, record: &LastRestore) -> Result<()> {
    let json = serde_json::to_vec_pretty(record).map_err(|error| Error::FileAccess {
        path: path.display().to_string(),
        action: "gravar",
        source: std::io::Error::other(error.to_string()),
    })?;
    let temporary = path.with_extension("json.tmp");
    write_synced(&temporary, &json)?;
    rename(&temporary, path)?;
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(pulled: u64, error: Option<&str>) -> CaughtUp {
        CaughtUp {
            integration_id: 1,
            integration: "Loja Centro".into(),
            from_cursor: 0,
            to_cursor: i64::try_from(pulled).unwrap_or(0),
            pulled,
            applied: pulled.saturating_sub(1),
            duplicates: 1.min(pulled),
            error: error.map(str::to_string),
        }
    }

    fn report(channels: Vec<CaughtUp>, gap: Option<&str>) -> ReplayReport {
        ReplayReport {
            finished_at: Utc::now(),
            channels,
            retention_gap: gap.map(str::to_string),
        }
    }

    #[test]
    fn a_replay_without_channels_says_there_was_nothing_to_pull() {
        let lines = report(Vec::new(), None).summary_lines();
        assert_eq!(
            lines,
            ["Nenhuma integração está ligada ao tempo real: não havia eventos a recuperar."]
        );
    }

    #[test]
    fn each_channel_says_what_came_back_and_the_gap_comes_last() {
        let lines = report(
            vec![
                channel(1, None),
                channel(12, None),
                channel(0, Some("relay fora do ar")),
            ],
            Some("o período pode faltar"),
        )
        .summary_lines();
        assert_eq!(
            lines,
            [
                "Loja Centro: 1 evento puxado de novo do relay, 0 aplicados, 1 já estavam no banco.",
                "Loja Centro: 12 eventos puxados de novo do relay, 11 aplicados, 1 já estavam no banco.",
                "Loja Centro: os eventos não puderam ser puxados de novo agora (relay fora do ar); o tempo real os busca quando o relay responder.",
                "o período pode faltar",
            ]
        );
    }
}
