//! Dados: browsing the mirrored records, and the situações its vendas filter lists.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::store::{BrowseFilter, BrowsePage, Dataset, VendaSituacao};
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
        .reports()
        .browse(dataset, &filter, page, page_size)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn venda_situacoes(state: State<'_, AppState>) -> IpcResult<Vec<VendaSituacao>> {
    Ok(state.core.reports().venda_situacoes().await?)
}
