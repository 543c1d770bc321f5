//! Registros: the programs' log lines, newest first with filters, and a live follow that
//! streams new lines to the view over a channel until the view stops it.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::logs::{LogFollowId, LogLine, LogQuery};
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
#[specta::specta]
pub async fn read_logs(state: State<'_, AppState>, query: LogQuery) -> IpcResult<Vec<LogLine>> {
    Ok(state.core.logs().read(&query).await?)
}

/// Async so the follow starts on the runtime its task runs on.
#[tauri::command]
#[specta::specta]
pub async fn follow_logs(
    state: State<'_, AppState>,
    query: LogQuery,
    lines: Channel<Vec<LogLine>>,
) -> IpcResult<LogFollowId> {
    Ok(state
        .core
        .logs()
        .follow(query, move |batch| lines.send(batch).is_ok()))
}

#[tauri::command]
#[specta::specta]
pub fn stop_following_logs(state: State<'_, AppState>, id: LogFollowId) -> bool {
    state.core.logs().stop_following(id)
}
