//! Backups, in Configurações: take one now, list them, and export one to a file the
//! window picked in the native save dialog (the core verifies it and writes the copy).

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::backups::{BackupInfo, BackupKind};
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> IpcResult<Vec<BackupInfo>> {
    Ok(state.core.backups().list()?)
}

/// "Fazer backup agora".
#[tauri::command]
#[specta::specta]
pub async fn create_backup(state: State<'_, AppState>) -> IpcResult<BackupInfo> {
    Ok(state.core.backups().create(BackupKind::Manual).await?)
}

/// Returns the path of the manifest written beside the copy.
#[tauri::command]
#[specta::specta]
pub async fn export_backup(
    state: State<'_, AppState>,
    id: String,
    path: PathBuf,
) -> IpcResult<PathBuf> {
    Ok(state.core.backups().export(&id, &path).await?)
}
