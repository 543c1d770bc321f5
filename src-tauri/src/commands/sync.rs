//! Sincronizar Agora, its cancel, the Painel's cards and the Histórico. Progress arrives
//! as `SyncProgress` events (see `events`).

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::domain::{IntegrationId, SyncRunId};
use ponte_core::overview::IntegrationCard;
use ponte_core::store::{RunDetail, RunTrigger, SyncRun};
use tauri::State;

/// Lines of a run's audit log the detail shows; the total is reported beside them.
const RUN_LOG_LINES: u32 = 200;

#[tauri::command]
#[specta::specta]
pub async fn overview(state: State<'_, AppState>) -> IpcResult<Vec<IntegrationCard>> {
    Ok(state.core.overview().await?)
}

/// Starts a run, or returns the one already going (a second click shows that run).
#[tauri::command]
#[specta::specta]
pub async fn sync_now(
    state: State<'_, AppState>,
    integration_id: IntegrationId,
) -> IpcResult<SyncRunId> {
    Ok(state
        .core
        .sync()
        .start(integration_id, RunTrigger::Manual)
        .await?
        .run_id)
}

/// `false` when nothing was running.
#[tauri::command]
#[specta::specta]
pub fn cancel_sync(state: State<'_, AppState>, integration_id: IntegrationId) -> bool {
    state.core.sync().cancel(integration_id)
}

/// The newest runs first, of one integration or all.
#[tauri::command]
#[specta::specta]
pub async fn list_runs(
    state: State<'_, AppState>,
    integration_id: Option<IntegrationId>,
    limit: u32,
) -> IpcResult<Vec<SyncRun>> {
    Ok(state.core.sync().runs(integration_id, limit).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn run_detail(state: State<'_, AppState>, run_id: SyncRunId) -> IpcResult<RunDetail> {
    Ok(state.core.sync().run_detail(run_id, RUN_LOG_LINES).await?)
}
