//! Configurações: close to tray, desktop notifications, autostart at login, and facts about this install (demo
//! mode, data folder). Also the Painel's "first paint" signal, which times the launch.

use crate::error::IpcResult;
use crate::state::{AppInfo, AppState};
use crate::window;
use ponte_core::store::Preferences;
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

/// The Painel has painted: logs the launch time (once).
#[tauri::command]
#[specta::specta]
pub fn painel_painted(state: State<'_, AppState>) {
    window::painel_painted(&state)
}
