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
/// could not start on loopback; the OS could not open a folder in its file manager; and
/// the updater's (`updates`): the feed could not be reached or read, a package failed its
/// signature, an offer was not newer, an install had to wait or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorCode {
    Autostart,
    DemoSandbox,
    OpenFolder,
    /// The feed or the package could not be fetched: quiet, try later.
    UpdateUnreachable,
    /// The feed answered something that is not a usable release for this system.
    UpdateFeed,
    /// The package's signature did not verify against the app's public key.
    UpdateSignature,
    /// The feed offered a version older than the installed one.
    UpdateNotNewer,
    /// A sync or a backup is running: the install waits for it.
    UpdateBusy,
    /// "Instalar" with no offer checked first, or in a copy not installed from a package.
    UpdateNotReady,
    /// The system's package manager did not install the update.
    UpdateInstall,
}

impl ShellErrorCode {
    /// The wire spelling (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            ShellErrorCode::Autostart => "autostart",
            ShellErrorCode::DemoSandbox => "demo_sandbox",
            ShellErrorCode::OpenFolder => "open_folder",
            ShellErrorCode::UpdateUnreachable => "update_unreachable",
            ShellErrorCode::UpdateFeed => "update_feed",
            ShellErrorCode::UpdateSignature => "update_signature",
            ShellErrorCode::UpdateNotNewer => "update_not_newer",
            ShellErrorCode::UpdateBusy => "update_busy",
            ShellErrorCode::UpdateNotReady => "update_not_ready",
            ShellErrorCode::UpdateInstall => "update_install",
        }
    }
}

/// The wire spelling, for logs.
impl fmt::Display for IpcErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpcErrorCode::Core(code) => f.write_str(code.as_str()),
            IpcErrorCode::Shell(code) => f.write_str(code.as_str()),
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

    #[test]
    fn a_shell_code_is_logged_as_it_crosses() {
        for code in [
            ShellErrorCode::Autostart,
            ShellErrorCode::DemoSandbox,
            ShellErrorCode::OpenFolder,
            ShellErrorCode::UpdateUnreachable,
            ShellErrorCode::UpdateFeed,
            ShellErrorCode::UpdateSignature,
            ShellErrorCode::UpdateNotNewer,
            ShellErrorCode::UpdateBusy,
            ShellErrorCode::UpdateNotReady,
            ShellErrorCode::UpdateInstall,
        ] {
            let wire = serde_json::to_value(IpcErrorCode::Shell(code)).unwrap();
            assert_eq!(wire, IpcErrorCode::Shell(code).to_string());
        }
    }
}
