//! Restore that cannot make things worse (`Core::restore`), from a listed backup or from
//! an exported file ("Restaurar de arquivo…": the database with its manifest beside it).
//!
//! The design is a staged restore. The store's pool is shared by every service, by tasks
//! that hold clones of it, and (in the app) by the windows' requests; swapping the file
//! under a live pool cannot be made safe without recreating all of them, which is what a
//! restart does anyway. So:
//! 1. `stage` verifies the chosen backup (checksum, integrity, a schema no newer than this
//!    build), stops the sync engine, the pollers and the schedulers (this `Core` does no
//!    more background work and must be reopened), copies the backup beside the store as
//!    `ponte.db.restore-pending` and checks the copy, takes a `BeforeRestore` backup of the
//!    current store (nothing writes to it any more, so the undo backup holds all of it),
//!    and records the restore in `restore-pending.json`.
//! 2. The caller reopens: the app restarts itself, the CLI closes its `Core` and opens a
//!    new one. `Core::open` applies the staged file before it opens the store
//!    (`restore_swap.rs`: WAL folded and removed, then one atomic rename). A crash at any
//!    point leaves the old store or the new one, never a mix; a staged restore not yet
//!    applied is applied at the next open.
//! 3. Before its pollers start, the reopened process calls `replay`: the restored store's
//!    relay cursors are older, and the relay serves again every event after them that its
//!    retention kept (it keeps acknowledged events for 30 days by default). The inbox drops
//!    what the backup already had, a sync of each integration that got events catches up
//!    the entities, and a notification says what came back, or which period may be
//!    missing when the backup is older than the relay's retention.
//!
//! "Desfazer restauração" (`stage_undo`) stages the `BeforeRestore` backup the same way.

use super::restore_record::{
    LAST_RECORD, LastRestore, PENDING_RECORD, ReplayReport, read_record, record_path, write_record,
};
use super::restore_swap::{pending_database, staging_database};
use super::{BackupKind, Backups, Manifest, files, verify_backup_file};
use crate::context::ServiceContext;
use crate::error::{Error, Result};
use crate::realtime::Realtime;
use crate::store::{NewNotification, NotificationLevel, RunTrigger};
use crate::sync::SyncEngine;
use crate::time::format_instant_br;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How long the relay keeps acknowledged events unless its operator set otherwise
/// (`ponte-relay`'s default retention). The relay does not say which events it purged,
/// so a backup older than this may miss some.
pub const RELAY_RETENTION_DAYS: i64 = 30;

/// What to restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RestoreSource {
    /// A backup of the list, by id.
    Backup { id: String },
    /// An exported backup file, with its manifest (`.json`) beside it.
    File {
        #[specta(type = String)]
        path: PathBuf,
    },
}

/// What a restore would bring back, once the backup is verified: the CLI prints it
/// before `--yes`, the app before its confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RestorePreview {
    pub source: String,
    pub source_kind: BackupKind,
    #[specta(type = String)]
    pub backup_created_at: DateTime<Utc>,
    #[specta(type = f64)]
    pub schema_version: i64,
    #[specta(type = f64)]
    pub size_bytes: u64,
    /// Mirrored vendas in the backup, to recognise it.
    #[specta(type = f64)]
    pub vendas: i64,
    /// The period whose real-time events may be missing after the restore, when the
    /// backup is older than the relay's retention.
    pub retention_gap: Option<String>,
}

#[derive(Clone)]
pub struct Restore {
    context: ServiceContext,
    backups: Backups,
    realtime: Realtime,
    engine: SyncEngine,
    data_dir: PathBuf,
}

impl Restore {
    pub fn new(
        context: ServiceContext,
        backups: Backups,
        realtime: Realtime,
        engine: SyncEngine,
        data_dir: &Path,
    ) -> Restore {
        Restore {
            context,
            backups,
            realtime,
            engine,
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// `ID|FILE` as typed on the command line: the id of a listed backup, or a file.
    pub fn source_from_arg(&self, arg: &str) -> RestoreSource {
        let listed = self
            .backups
            .list()
            .is_ok_and(|backups| backups.iter().any(|b| b.id == arg));
        if listed {
            RestoreSource::Backup { id: arg.into() }
        } else {
            RestoreSource::File { path: arg.into() }
        }
    }

    /// Verifies `source` and says what restoring it would bring back. Changes nothing.
    pub async fn preview(&self, source: &RestoreSource) -> Result<RestorePreview> {
        let (database, manifest_path, label) = self.resolve(source)?;
        let manifest = verify_backup_file(&database, &manifest_path).await?;
        Ok(RestorePreview {
            source: label,
            source_kind: manifest.kind,
            backup_created_at: manifest.created_at,
            schema_version: manifest.schema_version,
            size_bytes: manifest.size_bytes,
            vendas: manifest.row_counts.get("vendas").copied().unwrap_or(0),
            retention_gap: retention_gap(manifest.created_at, Utc::now()),
        })
    }

    /// Verifies `source`, stops all background work, stages the backup and takes the
    /// undo backup (see the module doc). The store is replaced when the Ponte opens
    /// again: the app restarts, the CLI reopens its `Core`. Past verification this `Core`
    /// runs no more syncs or pollers, whatever the outcome.
    pub async fn stage(&self, source: &RestoreSource) -> Result<LastRestore> {
        let (database, manifest_path, label) = self.resolve(source)?;
        let manifest = verify_backup_file(&database, &manifest_path).await?;
        // From here nothing writes to the store: the undo backup holds all of it.
        self.context.shutdown().await;
        let pending = pending_database(&self.data_dir);
        let pending_record = record_path(&self.data_dir, PENDING_RECORD);
        files::remove_quietly(&pending_record);
        files::remove_quietly(&pending);
        let temporary = staging_database(&self.data_dir);
        let staged = self
            .stage_files(
                &database,
                &manifest_path,
                &temporary,
                &pending,
                &manifest,
                label,
            )
            .await;
        if staged.is_err() {
            files::remove_quietly(&temporary);
            files::remove_quietly(&pending_record);
        }
        staged
    }

    async fn stage_files(
        &self,
        database: &Path,
        manifest_path: &Path,
        temporary: &Path,
        pending: &Path,
        manifest: &Manifest,
        label: String,
    ) -> Result<LastRestore> {
        std::fs::copy(database, temporary).map_err(|source| Error::FileAccess {
            path: temporary.display().to_string(),
            action: "gravar",
            source,
        })?;
        files::sync_file(temporary)?;
        // The copy is what will become the store: it must be the verified backup, byte
        // for byte.
        verify_backup_file(temporary, manifest_path).await?;
        let undo = self.backups.create(BackupKind::BeforeRestore).await?;
        let record = LastRestore {
            source: label,
            source_kind: manifest.kind,
            backup_created_at: manifest.created_at,
            requested_at: Utc::now(),
            applied_at: None,
            undo_backup_id: undo.id,
            replay: None,
        };
        // The record first: a staged database is always described.
        write_record(&record_path(&self.data_dir, PENDING_RECORD), &record)?;
        files::rename(temporary, pending)?;
        files::sync_dir(&self.data_dir)?;
        tracing::info!(source = %record.source, undo = %record.undo_backup_id, "restauração preparada");
        Ok(record)
    }

    /// "Desfazer restauração": stages the backup taken just before the last restore.
    pub async fn stage_undo(&self) -> Result<LastRestore> {
        let last = self.last()?.ok_or(Error::NoRestoreToUndo)?;
        self.stage(&RestoreSource::Backup {
            id: last.undo_backup_id,
        })
        .await
    }

    /// The last applied restore: what, when, its undo backup and its replay.
    pub fn last(&self) -> Result<Option<LastRestore>> {
        read_record(&record_path(&self.data_dir, LAST_RECORD))
    }

    /// Whether a restore was applied when the store opened and its replay from the relay
    /// has not run yet: this launch is the one the restore restarted.
    pub fn awaits_replay(&self) -> bool {
        self.last()
            .ok()
            .flatten()
            .is_some_and(|last| last.applied_at.is_some() && last.replay.is_none())
    }

    /// A restore staged and not yet applied (the Ponte has not reopened since).
    pub fn pending(&self) -> Result<Option<LastRestore>> {
        if !pending_database(&self.data_dir).is_file() {
            return Ok(None);
        }
        read_record(&record_path(&self.data_dir, PENDING_RECORD))
    }

    /// After a restore was applied and before the pollers start: pulls the relay's
    /// events again from the restored cursors, records and notifies what came back, and
    /// starts a sync of each integration that got events. `None` when there is nothing
    /// to replay (no restore, or its replay is done).
    pub async fn replay(&self) -> Result<Option<ReplayReport>> {
        let path = record_path(&self.data_dir, LAST_RECORD);
        let Some(mut record) = read_record(&path)? else {
            return Ok(None);
        };
        if record.replay.is_some() || record.applied_at.is_none() {
            return Ok(None);
        }
        let channels = self.realtime.catch_up().await?;
        let report = ReplayReport {
            finished_at: Utc::now(),
            retention_gap: retention_gap(record.backup_created_at, Utc::now()),
            channels,
        };
        record.replay = Some(report.clone());
        write_record(&path, &record)?;
        self.notify(replay_notification(&record, &report)).await;
        for channel in report.channels.iter().filter(|c| c.pulled > 0) {
            match self
                .engine
                .start(channel.integration_id, RunTrigger::Manual)
                .await
            {
                Ok(_) | Err(Error::RealtimeOnly { .. }) => {}
                Err(error) => {
                    tracing::warn!(integration_id = channel.integration_id, %error, "sincronização depois da restauração não iniciada")
                }
            }
        }
        Ok(Some(report))
    }

    /// Tells the notification center a restore was applied: called by `Core::open`.
    pub(crate) async fn announce(&self, restored: &LastRestore) {
        self.notify(NewNotification {
            level: NotificationLevel::Info,
            title: "Backup restaurado".into(),
            body: format!(
                "Os dados voltaram ao estado de {} ({}). O estado anterior foi guardado no backup {}: “Desfazer restauração” volta a ele.",
                format_instant_br(&restored.backup_created_at.to_rfc3339()),
                restored.source,
                restored.undo_backup_id
            ),
            integration_id: None,
            sync_run_id: None,
        })
        .await;
    }

    async fn notify(&self, notification: NewNotification) {
        if let Err(error) = self.context.notifier.notify(&notification).await {
            tracing::warn!(%error, "aviso da restauração não registrado");
        }
    }

    /// The database, its manifest and how the operator names it.
    fn resolve(&self, source: &RestoreSource) -> Result<(PathBuf, PathBuf, String)> {
        match source {
            RestoreSource::Backup { id } => {
                let (database, manifest) = self.backups.files_of(id)?;
                Ok((database, manifest, id.clone()))
            }
            RestoreSource::File { path } => {
                let refused = |reason: String| Error::BackupInvalid {
                    path: path.display().to_string(),
                    reason,
                };
                if !path.is_file() {
                    return Err(refused("o arquivo não existe".into()));
                }
                let manifest = Manifest::path_for(path);
                if !manifest.is_file() {
                    return Err(refused(format!(
                        "o manifesto {} não está ao lado dele. Um backup exportado pela Ponte são dois arquivos, o banco e o manifesto .json: copie os dois juntos",
                        manifest.display()
                    )));
                }
                Ok((path.clone(), manifest, path.display().to_string()))
            }
        }
    }
}

/// The period whose events the relay may have purged when the backup is from before its
/// retention: from the backup's date to the oldest date the relay still keeps.
pub fn retention_gap(backup_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    let kept_since = now - chrono::Duration::days(RELAY_RETENTION_DAYS);
    if backup_at >= kept_since {
        return None;
    }
    let day = |at: DateTime<Utc>| {
        let shown = format_instant_br(&at.to_rfc3339());
        shown.split(' ').next().unwrap_or_default().to_string()
    };
    Some(format!(
        "O backup é de {}, e o relay guarda os eventos do tempo real por {RELAY_RETENTION_DAYS} dias: os eventos recebidos de {} a {} podem faltar. Uma sincronização traz de volta o que o provedor ainda mostra; o que só chegou por webhook (como os pedidos da Coinzz) nesse período não volta.",
        day(backup_at),
        day(backup_at),
        day(kept_since)
    ))
}

fn replay_notification(record: &LastRestore, report: &ReplayReport) -> NewNotification {
    let trouble =
        report.retention_gap.is_some() || report.channels.iter().any(|c| c.error.is_some());
    NewNotification {
        level: if trouble {
            NotificationLevel::Warning
        } else {
            NotificationLevel::Info
        },
        title: format!(
            "Eventos do tempo real recuperados depois da restauração de {}",
            record.source
        ),
        body: report.summary_lines().join("\n"),
        integration_id: None,
        sync_run_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, month: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, 15, 0, 0)
            .single()
            .expect("valid test instant")
    }

    #[test]
    fn a_backup_inside_the_retention_misses_nothing() {
        assert_eq!(retention_gap(at(10, 11), at(6, 12)), None);
    }

    #[test]
    fn an_older_backup_names_the_period_that_may_be_missing() {
        let gap = retention_gap(at(1, 10), at(6, 12)).expect("older than 30 days");
        assert!(gap.contains("de 01/10/2026 a 06/11/2026"), "{gap}");
    }
}
