//! Backups, in Configurações: take one now, list them, export one to a file the window
//! picked in the native save dialog (the core verifies it and writes the copy), and put
//! one back: preview it, stage it and restart, or stage the undo of the last restore.
//!
//! A restore is applied when the store is next opened (see `ponte_core::backups::Restore`),
//! so staging ends with `request_restart`: the app's exit path (`shut_down` in `lib.rs`)
//! closes the core's pool before the new process opens the store and swaps the file in.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::backups::{BackupInfo, BackupKind, LastRestore, RestorePreview, RestoreSource};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};

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

/// Verifies the backup and says what restoring it brings back. Changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_restore(
    state: State<'_, AppState>,
    source: RestoreSource,
) -> IpcResult<RestorePreview> {
    Ok(state.core.restore().preview(&source).await?)
}

/// "Restaurar": stages the backup, then restarts the app, which applies it.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    source: RestoreSource,
) -> IpcResult<LastRestore> {
    let staged = state.core.restore().stage(&source).await?;
    app.request_restart();
    Ok(staged)
}

/// The last applied restore, while there is one: what "Desfazer restauração" undoes.
#[tauri::command]
#[specta::specta]
pub fn last_restore(state: State<'_, AppState>) -> IpcResult<Option<LastRestore>> {
    Ok(state.core.restore().last()?)
}

/// "Desfazer restauração": stages the backup taken before the last restore, then
/// restarts the app, which applies it.
#[tauri::command]
#[specta::specta]
pub async fn undo_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<LastRestore> {
    let staged = state.core.restore().stage_undo().await?;
    app.request_restart();
    Ok(staged)
}
