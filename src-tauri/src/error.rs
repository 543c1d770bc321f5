//! The one error type of the desktop shell, as it crosses IPC: `{code, message}`, the
//! message in pt-BR saying what to do next.

use serde::Serialize;

#[derive(Debug, thiserror::Error, Serialize, specta::Type)]
#[error("{message}")]
pub struct IpcError {
    /// Stable and machine-readable: `invalid_credentials`, `autostart`, ...
    pub code: String,
    pub message: String,
}

impl From<ponte_core::Error> for IpcError {
    fn from(error: ponte_core::Error) -> Self {
        IpcError {
            code: error.code().to_string(),
            message: error.to_string(),
        }
    }
}

impl From<tauri_plugin_autostart::Error> for IpcError {
    fn from(error: tauri_plugin_autostart::Error) -> Self {
        IpcError {
            code: "autostart".into(),
            message: format!(
                "Não foi possível alterar a inicialização automática ({error}). Verifique as permissões da pasta ~/.config/autostart."
            ),
        }
    }
}

/// What a command returns.
pub type IpcResult<T> = Result<T, IpcError>;
