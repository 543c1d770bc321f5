//! Dados: browsing the mirrored records.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::domain::IntegrationId;
use ponte_core::store::{BrowseFilter, BrowsePage, Dataset, LojaOption};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn browse(
    state: State<'_, AppState>,
    dataset: Dataset,
    filter: BrowseFilter,
    page: u32,
    page_size: u32,
) -> IpcResult<BrowsePage> {
    Ok(state
        .core
        .store()
        .browse(dataset, &filter, page, page_size)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_lojas(
    state: State<'_, AppState>,
    integration_id: Option<IntegrationId>,
) -> IpcResult<Vec<LojaOption>> {
    Ok(state.core.store().loja_options(integration_id).await?)
}
