//! Sobre: the version, commit, build date, folders and update feed of this install.

use crate::about::AboutInfo;
use crate::state::AppState;
use crate::updates::Updates;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
#[specta::specta]
pub fn about<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
) -> AboutInfo {
    AboutInfo::new(&state.info, &updates.feed(&app))
}
