//! Corrigir na origem: the operator's changes to lançamentos (baixar, estornar,
//! reclassificar) queued in the outbox, the outbox itself for "Alterações enviadas", and
//! what the operator decides about a failure or a conflict.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::writeback::{
    ChangeRequest, ConflictChoice, OutboxCounts, OutboxFilter, OutboxId, OutboxItem,
};
use tauri::State;

/// Checks and queues the change for each lançamento named: all of them or none.
#[tauri::command]
#[specta::specta]
pub async fn writeback_request(
    state: State<'_, AppState>,
    request: ChangeRequest,
) -> IpcResult<Vec<OutboxId>> {
    Ok(state.core.writeback().request(request).await?)
}

/// The outbox, newest first, formatted for the operator.
#[tauri::command]
#[specta::specta]
pub async fn writeback_items(
    state: State<'_, AppState>,
    filter: OutboxFilter,
) -> IpcResult<Vec<OutboxItem>> {
    Ok(state.core.writeback().items(filter).await?)
}

/// How many rows are in each state: the screen's counters and the nav's badge.
#[tauri::command]
#[specta::specta]
pub async fn writeback_counts(state: State<'_, AppState>) -> IpcResult<OutboxCounts> {
    Ok(state.core.writeback().counts().await?)
}

/// "Tentar novamente" on a failed change.
#[tauri::command]
#[specta::specta]
pub async fn writeback_retry(state: State<'_, AppState>, id: OutboxId) -> IpcResult<()> {
    Ok(state.core.writeback().retry(id).await?)
}

/// "Descartar": nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn writeback_discard(state: State<'_, AppState>, id: OutboxId) -> IpcResult<()> {
    Ok(state.core.writeback().discard(id).await?)
}

/// A conflict: "Manter a do Gestão Click" (discard) or "Aplicar de novo".
#[tauri::command]
#[specta::specta]
pub async fn writeback_resolve(
    state: State<'_, AppState>,
    id: OutboxId,
    choice: ConflictChoice,
) -> IpcResult<()> {
    Ok(state.core.writeback().resolve_conflict(id, choice).await?)
}
