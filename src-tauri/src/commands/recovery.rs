//! The recovery screen's commands (see `recovery.rs`): what is damaged, and the operator's
//! choice, after which the app restarts into the normal window.

use crate::error::IpcResult;
use crate::recovery::{DamagedStore, RecoveryState};
use ponte_core::Error;
use ponte_core::maintenance::{DamagedStoreChoice, RecoveredStore, recover_damaged_store};
use tauri::{AppHandle, Runtime, State};

/// The damaged store, in the recovery window; `None` in the normal app.
#[tauri::command]
#[specta::specta]
pub fn damaged_store(state: State<'_, RecoveryState>) -> Option<DamagedStore> {
    state.0.as_ref().map(|recovery| recovery.damaged.clone())
}

/// Moves the damaged file aside, puts the newest verified backup in its place or leaves
/// it empty, then restarts the app, which opens the store again.
#[tauri::command]
#[specta::specta]
pub async fn recover_store<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, RecoveryState>,
    choice: DamagedStoreChoice,
) -> IpcResult<RecoveredStore> {
    let Some(recovery) = &state.0 else {
        return Err(Error::InvalidInput {
            field: "recuperação",
            detail: "o arquivo de dados abriu normalmente; não há o que recuperar".to_string(),
        }
        .into());
    };
    let recovered = recover_damaged_store(&recovery.data_dir, choice).await?;
    app.request_restart();
    Ok(recovered)
}
