//! Dados: browsing the mirrored records.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::store::{BrowseFilter, BrowsePage, Dataset};
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
