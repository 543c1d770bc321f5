//! "Limpar dados espelhados" (Configurações): the guarded reset, after the window asked
//! for a typed confirmation. The core takes a verified backup first and removes nothing
//! if that fails.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::maintenance::{ResetOptions, ResetReport};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn reset_mirror(
    state: State<'_, AppState>,
    options: ResetOptions,
) -> IpcResult<ResetReport> {
    Ok(state.core.maintenance().reset(options).await?)
}
