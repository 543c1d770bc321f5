//! Sobre: the version, commit, build date, folders and update feed of this install.

use crate::about::AboutInfo;
use crate::state::AppState;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
#[specta::specta]
pub fn about<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AboutInfo {
    AboutInfo::new(&state.info, &app.config().plugins)
}
