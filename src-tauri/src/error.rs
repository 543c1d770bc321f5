//! The one error type of the desktop shell, as it crosses IPC: `{code, message}`, the
//! message in pt-BR saying what to do next, the code one of `ErrorCode`'s.

use ponte_core::Error;
use serde::Serialize;
use std::fmt;

#[derive(Debug, thiserror::Error, Serialize, specta::Type)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

/// Stable and machine-readable, for the UI and tests: the core's codes
/// (`ponte_core::Error::code`, spelled the same) and the shell's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
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
    // The shell's own: start-at-login could not be switched; the demo's sandbox or relay
    // could not start on loopback.
    Autostart,
    DemoSandbox,
}

/// The wire spelling, for logs.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(code)) => f.write_str(&code),
            _ => Err(fmt::Error),
        }
    }
}

impl From<&Error> for ErrorCode {
    fn from(error: &Error) -> Self {
        match error {
            Error::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::DailyBudgetExhausted { .. } => ErrorCode::DailyBudgetExhausted,
            Error::ProviderValidation { .. } => ErrorCode::ProviderValidation,
            Error::ProviderUnavailable { .. } => ErrorCode::ProviderUnavailable,
            Error::InvalidRecord { .. } => ErrorCode::InvalidRecord,
            Error::KeyringUnavailable { .. } => ErrorCode::KeyringUnavailable,
            Error::CredentialsMissing { .. } => ErrorCode::CredentialsMissing,
            Error::IntegrationNotFound { .. } => ErrorCode::IntegrationNotFound,
            Error::IntegrationDisabled { .. } => ErrorCode::IntegrationDisabled,
            Error::IntegrationNameTaken { .. } => ErrorCode::IntegrationNameTaken,
            Error::NotificationNotFound(_) => ErrorCode::NotificationNotFound,
            Error::RelaySecretsMissing { .. } => ErrorCode::RelaySecretsMissing,
            Error::RelayUnavailable { .. } => ErrorCode::RelayUnavailable,
            Error::RelayRefused { .. } => ErrorCode::RelayRefused,
            Error::RelayNotConnected { .. } => ErrorCode::RelayNotConnected,
            Error::RelayIngestRejected { .. } => ErrorCode::RelayIngestRejected,
            Error::RelayVerifyTimeout { .. } => ErrorCode::RelayVerifyTimeout,
            Error::RelayAccountMissing { .. } => ErrorCode::RelayAccountMissing,
            Error::RelayAccountRejected => ErrorCode::RelayAccountRejected,
            Error::RelayProvisioningDisabled { .. } => ErrorCode::RelayProvisioningDisabled,
            Error::Export { .. } => ErrorCode::Export,
            Error::WriteFile { .. } => ErrorCode::WriteFile,
            Error::RealtimeOnly { .. } => ErrorCode::RealtimeOnly,
            Error::UnknownProvider { .. } => ErrorCode::UnknownProvider,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::DatabaseFromNewerVersion { .. } => ErrorCode::DatabaseFromNewerVersion,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::FileAccess { .. } => ErrorCode::FileAccess,
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
        }
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        IpcError {
            code: ErrorCode::from(&error),
            message: error.to_string(),
        }
    }
}

impl From<tauri_plugin_autostart::Error> for IpcError {
    fn from(error: tauri_plugin_autostart::Error) -> Self {
        IpcError {
            code: ErrorCode::Autostart,
            message: format!(
                "Não foi possível alterar a inicialização automática ({error}). Verifique as permissões da pasta ~/.config/autostart."
            ),
        }
    }
}

/// What a command returns.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_error_crosses_with_the_code_the_core_gives_it() {
        let errors = [
            Error::Cancelled,
            Error::RelayAccountRejected,
            Error::NotificationNotFound(7),
            Error::IntegrationNotFound {
                name: "Loja".into(),
            },
            Error::InvalidInput {
                field: "nome",
                detail: "vazio".into(),
            },
            Error::FileAccess {
                path: "/tmp/ponte.db.before-3.bak".into(),
                action: "apagar",
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
        ];
        for error in errors {
            let code = error.code();
            let ipc = IpcError::from(error);
            assert_eq!(ipc.code.to_string(), code);
            assert_eq!(serde_json::to_value(ipc).unwrap()["code"], code);
        }
    }
}
