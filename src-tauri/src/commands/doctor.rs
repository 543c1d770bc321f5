//! Diagnóstico: the doctor's checks, its safe fixes (applied after the window asked for a
//! confirmation, then checked again), and the support zip written to a file the window
//! picked in the native save dialog.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::doctor::{DiagnosticsExport, Finding, FixAction, export_diagnostics};
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn doctor_check(state: State<'_, AppState>) -> IpcResult<Vec<Finding>> {
    Ok(state.core.doctor().check().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn doctor_fix(
    state: State<'_, AppState>,
    actions: Vec<FixAction>,
) -> IpcResult<Vec<Finding>> {
    Ok(state.core.doctor().fix(&actions).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn export_diagnostics_bundle(
    state: State<'_, AppState>,
    path: PathBuf,
) -> IpcResult<DiagnosticsExport> {
    Ok(export_diagnostics(&state.core, &path).await?)
}
