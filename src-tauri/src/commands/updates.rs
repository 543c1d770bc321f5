//! Updates, in Sobre: check the feed, install the offered version (then the app restarts),
//! and the daily check's switch. Over the shell's `Updates` service (the updater plugin is
//! Tauri's, so it is not in the core); the webview gets no updater plugin permission.

use crate::error::IpcResult;
use crate::state::AppState;
use crate::updates::{UpdateOffer, UpdateSettings, Updates};
use tauri::{AppHandle, Runtime, State};

/// "Verificar atualizações".
#[tauri::command]
#[specta::specta]
pub async fn update_check<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> IpcResult<Option<UpdateOffer>> {
    updates.check(&app).await
}

/// "Instalar e reiniciar", after the operator confirmed.
#[tauri::command]
#[specta::specta]
pub async fn update_install<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> IpcResult<()> {
    updates.install(&app).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> IpcResult<UpdateSettings> {
    updates.settings(&app).await
}

/// "Verificar atualizações diariamente".
#[tauri::command]
#[specta::specta]
pub async fn set_daily_update_check(state: State<'_, AppState>, enabled: bool) -> IpcResult<()> {
    Ok(state
        .core
        .settings()
        .set_daily_update_check(enabled)
        .await?)
}
