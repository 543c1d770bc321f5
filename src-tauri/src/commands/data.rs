//! Dados: browsing the mirrored records, and the situações its vendas filter lists; and the
//! títulos behind a bucket of the aging, which the report lists when a bucket is clicked.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::reports::AgingQuery;
use ponte_core::reports::aging::{AgingBucket, AgingTitles};
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

#[tauri::command]
#[specta::specta]
pub async fn aging_titles(
    state: State<'_, AppState>,
    query: AgingQuery,
    bucket: AgingBucket,
) -> IpcResult<AgingTitles> {
    Ok(state.core.reports().aging_titles(&query, bucket).await?)
}
