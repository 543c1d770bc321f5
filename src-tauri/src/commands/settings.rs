//! Configurações: close to tray, desktop notifications, autostart at login, facts about
//! this install (demo mode), and its data and logs folders with "Abrir pasta". Also the
//! Painel's "first paint" signal, which times the launch.
//!
//! The folders open from here, with paths the core gives: the webview has no opener
//! permission, so it can open nothing else.

use crate::error::{IpcError, IpcErrorCode, IpcResult, ShellErrorCode};
use crate::state::{AppInfo, AppState};
use crate::window;
use ponte_core::paths::Folders;
use ponte_core::store::Preferences;
use std::path::Path;
use tauri::State;
use tauri_plugin_autostart::AutoLaunchManager;

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    state.info.clone()
}

#[tauri::command]
#[specta::specta]
pub async fn preferences(state: State<'_, AppState>) -> IpcResult<Preferences> {
    Ok(state.core.settings().preferences().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_close_to_tray(state: State<'_, AppState>, enabled: bool) -> IpcResult<()> {
    Ok(state.core.settings().set_close_to_tray(enabled).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_desktop_notifications(state: State<'_, AppState>, enabled: bool) -> IpcResult<()> {
    Ok(state
        .core
        .settings()
        .set_desktop_notifications(enabled)
        .await?)
}

/// Autostart lives in the OS (an XDG autostart entry on Linux), so the OS is asked.
#[tauri::command]
#[specta::specta]
pub fn autostart_enabled(autolaunch: State<'_, AutoLaunchManager>) -> IpcResult<bool> {
    Ok(autolaunch.is_enabled()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_autostart(autolaunch: State<'_, AutoLaunchManager>, enabled: bool) -> IpcResult<()> {
    if enabled {
        autolaunch.enable()?;
    } else {
        autolaunch.disable()?;
    }
    Ok(())
}

/// The data and logs folders Configurações shows, from the core.
#[tauri::command]
#[specta::specta]
pub fn data_folders(state: State<'_, AppState>) -> Folders {
    state.core.settings().folders().clone()
}

/// "Abrir pasta de dados".
#[tauri::command]
#[specta::specta]
pub fn open_data_folder(state: State<'_, AppState>) -> IpcResult<()> {
    open_folder(&state.core.settings().folders().data_dir)
}

/// "Abrir pasta de logs".
#[tauri::command]
#[specta::specta]
pub fn open_logs_folder(state: State<'_, AppState>) -> IpcResult<()> {
    open_folder(&state.core.settings().folders().logs_dir)
}

/// In the OS file manager (xdg-open on Linux), without waiting for it to close.
fn open_folder(folder: &Path) -> IpcResult<()> {
    open::that_detached(folder).map_err(|error| IpcError {
        code: IpcErrorCode::Shell(ShellErrorCode::OpenFolder),
        message: format!(
            "Não foi possível abrir a pasta {} no gerenciador de arquivos ({error}). Abra-a por ele, com o caminho mostrado aqui.",
            folder.display()
        ),
    })
}

/// The Painel has painted: logs the launch time (once).
#[tauri::command]
#[specta::specta]
pub fn painel_painted(state: State<'_, AppState>) {
    window::painel_painted(&state)
}
