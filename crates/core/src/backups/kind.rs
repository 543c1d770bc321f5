//! `BackupKind`: why a backup was taken. The kind decides how long retention keeps it
//! (the ones taken before a migration, a restore or a reset are kept for weeks) and how
//! the operator sees it listed.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// "Fazer backup agora", in the app or `ponte backup create`.
    Manual,
    /// The periodic backup while the app runs.
    Scheduled,
    /// Taken when the store is about to apply new migrations to an existing file.
    BeforeMigration,
    /// Taken before a restore replaces the store, so the restore can be undone.
    BeforeRestore,
    /// Taken before the mirrored data is cleared.
    BeforeReset,
    /// Taken before the app installs a new version of itself.
    BeforeUpdate,
}

impl BackupKind {
    /// The spelling in file names and manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Scheduled => "scheduled",
            BackupKind::BeforeMigration => "before-migration",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::BeforeReset => "before-reset",
            BackupKind::BeforeUpdate => "before-update",
        }
    }

    /// How the operator reads the kind.
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Scheduled => "automático",
            BackupKind::BeforeMigration => "antes de atualizar o banco",
            BackupKind::BeforeRestore => "antes de restaurar",
            BackupKind::BeforeReset => "antes de limpar os dados",
            BackupKind::BeforeUpdate => "antes de atualizar a Ponte",
        }
    }

    /// Backups taken before a change the operator may want to undo; retention keeps them
    /// for a fixed number of days whatever else it keeps.
    pub fn guards_a_change(self) -> bool {
        matches!(
            self,
            BackupKind::BeforeMigration
                | BackupKind::BeforeRestore
                | BackupKind::BeforeReset
                | BackupKind::BeforeUpdate
        )
    }
}
