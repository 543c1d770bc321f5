//! `ErrorCode`: what kind of error an `Error` is (`Error::error_code`), stable and
//! machine-readable, for the UI (a generated string union), the logs, the sync history and
//! the tests. Its own file because the list is long and the error messages are not its
//! business.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidCredentials,
    RateLimited,
    DailyBudgetExhausted,
    ProviderValidation,
    ProviderUnavailable,
    InvalidRecord,
    KeyringUnavailable,
    CredentialsMissing,
    IntegrationNotFound,
    IntegrationDisabled,
    IntegrationNameTaken,
    NotificationNotFound,
    RelaySecretsMissing,
    RelayUnavailable,
    RelayUnreachable,
    RelayChannelNotFound,
    RelayRefused,
    RelayNotConnected,
    RelayIngestRejected,
    RelayVerifyTimeout,
    RelayAccountMissing,
    RelayAccountRejected,
    RelayProvisioningDisabled,
    Export,
    WriteFile,
    RealtimeOnly,
    UnknownProvider,
    InvalidInput,
    DatabaseFromNewerVersion,
    Cancelled,
    DataDir,
    FileAccess,
    Database,
    Migration,
    BackupNotFound,
    BackupInvalid,
    DiskFull,
    ReadOnlyStore,
    StoreUnopenable,
    DataDirNotUtf8,
    MigrationModified,
    MigrationFailed,
    StoreDamaged,
    ResetWhileSyncing,
    NoVerifiedBackup,
    NoRestoreToUndo,
    StoreInUse,
    WritesDisabled,
    WritesUnsupported,
    WriteNotApplied,
    LancamentoNotFound,
    OutboxItemNotFound,
    OutboxItemState,
}

impl ErrorCode {
    /// The wire spelling, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::DailyBudgetExhausted => "daily_budget_exhausted",
            ErrorCode::ProviderValidation => "provider_validation",
            ErrorCode::ProviderUnavailable => "provider_unavailable",
            ErrorCode::InvalidRecord => "invalid_record",
            ErrorCode::KeyringUnavailable => "keyring_unavailable",
            ErrorCode::CredentialsMissing => "credentials_missing",
            ErrorCode::IntegrationNotFound => "integration_not_found",
            ErrorCode::IntegrationDisabled => "integration_disabled",
            ErrorCode::IntegrationNameTaken => "integration_name_taken",
            ErrorCode::NotificationNotFound => "notification_not_found",
            ErrorCode::RelaySecretsMissing => "relay_secrets_missing",
            ErrorCode::RelayUnavailable => "relay_unavailable",
            ErrorCode::RelayUnreachable => "relay_unreachable",
            ErrorCode::RelayChannelNotFound => "relay_channel_not_found",
            ErrorCode::RelayRefused => "relay_refused",
            ErrorCode::RelayNotConnected => "relay_not_connected",
            ErrorCode::RelayIngestRejected => "relay_ingest_rejected",
            ErrorCode::RelayVerifyTimeout => "relay_verify_timeout",
            ErrorCode::RelayAccountMissing => "relay_account_missing",
            ErrorCode::RelayAccountRejected => "relay_account_rejected",
            ErrorCode::RelayProvisioningDisabled => "relay_provisioning_disabled",
            ErrorCode::Export => "export",
            ErrorCode::WriteFile => "write_file",
            ErrorCode::RealtimeOnly => "realtime_only",
            ErrorCode::UnknownProvider => "unknown_provider",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::DatabaseFromNewerVersion => "database_from_newer_version",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::FileAccess => "file_access",
            ErrorCode::Database => "database",
            ErrorCode::Migration => "migration",
            ErrorCode::BackupNotFound => "backup_not_found",
            ErrorCode::BackupInvalid => "backup_invalid",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::ReadOnlyStore => "read_only_store",
            ErrorCode::StoreUnopenable => "store_unopenable",
            ErrorCode::DataDirNotUtf8 => "data_dir_not_utf8",
            ErrorCode::MigrationModified => "migration_modified",
            ErrorCode::MigrationFailed => "migration_failed",
            ErrorCode::StoreDamaged => "store_damaged",
            ErrorCode::ResetWhileSyncing => "reset_while_syncing",
            ErrorCode::NoVerifiedBackup => "no_verified_backup",
            ErrorCode::NoRestoreToUndo => "no_restore_to_undo",
            ErrorCode::StoreInUse => "store_in_use",
            ErrorCode::WritesDisabled => "writes_disabled",
            ErrorCode::WritesUnsupported => "writes_unsupported",
            ErrorCode::WriteNotApplied => "write_not_applied",
            ErrorCode::LancamentoNotFound => "lancamento_not_found",
            ErrorCode::OutboxItemNotFound => "outbox_item_not_found",
            ErrorCode::OutboxItemState => "outbox_item_state",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_spelled_as_serde_writes_it() {
        let codes = [
            ErrorCode::InvalidCredentials,
            ErrorCode::RateLimited,
            ErrorCode::DailyBudgetExhausted,
            ErrorCode::ProviderValidation,
            ErrorCode::ProviderUnavailable,
            ErrorCode::InvalidRecord,
            ErrorCode::KeyringUnavailable,
            ErrorCode::CredentialsMissing,
            ErrorCode::IntegrationNotFound,
            ErrorCode::IntegrationDisabled,
            ErrorCode::IntegrationNameTaken,
            ErrorCode::NotificationNotFound,
            ErrorCode::RelaySecretsMissing,
            ErrorCode::RelayUnavailable,
            ErrorCode::RelayUnreachable,
            ErrorCode::RelayChannelNotFound,
            ErrorCode::RelayRefused,
            ErrorCode::RelayNotConnected,
            ErrorCode::RelayIngestRejected,
            ErrorCode::RelayVerifyTimeout,
            ErrorCode::RelayAccountMissing,
            ErrorCode::RelayAccountRejected,
            ErrorCode::RelayProvisioningDisabled,
            ErrorCode::Export,
            ErrorCode::WriteFile,
            ErrorCode::RealtimeOnly,
            ErrorCode::UnknownProvider,
            ErrorCode::InvalidInput,
            ErrorCode::DatabaseFromNewerVersion,
            ErrorCode::Cancelled,
            ErrorCode::DataDir,
            ErrorCode::FileAccess,
            ErrorCode::Database,
            ErrorCode::Migration,
            ErrorCode::BackupNotFound,
            ErrorCode::BackupInvalid,
            ErrorCode::DiskFull,
            ErrorCode::ReadOnlyStore,
            ErrorCode::StoreUnopenable,
            ErrorCode::DataDirNotUtf8,
            ErrorCode::MigrationModified,
            ErrorCode::MigrationFailed,
            ErrorCode::StoreDamaged,
            ErrorCode::ResetWhileSyncing,
            ErrorCode::NoVerifiedBackup,
            ErrorCode::NoRestoreToUndo,
            ErrorCode::StoreInUse,
            ErrorCode::WritesDisabled,
            ErrorCode::WritesUnsupported,
            ErrorCode::WriteNotApplied,
            ErrorCode::LancamentoNotFound,
            ErrorCode::OutboxItemNotFound,
            ErrorCode::OutboxItemState,
        ];
        for code in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
