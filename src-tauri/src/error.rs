//! The one error type of the desktop shell, as it crosses IPC: `{code, message}`, the
//! message in pt-BR saying what to do next, the code the core's `ErrorCode` or one of the
//! shell's own.

use ponte_core::Error;
use ponte_core::error_code::ErrorCode;
use serde::Serialize;
use std::fmt;

#[derive(Debug, thiserror::Error, Serialize, specta::Type)]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

/// Stable and machine-readable, for the UI and tests: the core's codes and the shell's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(untagged)]
pub enum IpcErrorCode {
    Core(ErrorCode),
    Shell(ShellErrorCode),
}

/// The shell's own: start-at-login could not be switched; the demo's sandbox or relay
/// could not start on loopback; the OS could not open a folder in its file manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorCode {
    Autostart,
    DemoSandbox,
    OpenFolder,
}

/// The wire spelling, for logs.
impl fmt::Display for IpcErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpcErrorCode::Core(code) => f.write_str(code.as_str()),
            IpcErrorCode::Shell(ShellErrorCode::Autostart) => f.write_str("autostart"),
            IpcErrorCode::Shell(ShellErrorCode::DemoSandbox) => f.write_str("demo_sandbox"),
            IpcErrorCode::Shell(ShellErrorCode::OpenFolder) => f.write_str("open_folder"),
        }
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        IpcError {
            code: IpcErrorCode::Core(error.error_code()),
            message: error.to_string(),
        }
    }
}

impl From<tauri_plugin_autostart::Error> for IpcError {
    fn from(error: tauri_plugin_autostart::Error) -> Self {
        IpcError {
            code: IpcErrorCode::Shell(ShellErrorCode::Autostart),
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
