//! Sync progress from the core's broadcast channel to the window (as the typed
//! `SyncProgress` event) and to the tray's "last sync" line.

use crate::state::AppState;
use crate::tray;
use ponte_core::sync::SyncEvent;
use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

/// One progress event of a sync run: started, page i of n, finished.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncProgress(pub SyncEvent);

/// Forwards events until the app shuts down.
pub fn spawn_forwarder(app: &AppHandle) {
    let state = app.state::<AppState>();
    let mut events = state.core.sync().subscribe();
    let shutdown = state.shutdown.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let event = tokio::select! {
                _ = shutdown.cancelled() => break,
                event = events.recv() => event,
            };
            match event {
                Ok(event) => {
                    let finished = matches!(event, SyncEvent::Finished { .. });
                    if let Err(error) = SyncProgress(event).emit(&app) {
                        tracing::warn!(%error, "evento de progresso não entregue à janela");
                    }
                    if finished {
                        tray::refresh_last_sync(&app).await;
                    }
                }
                // Progress is informative; the store holds the record. Skip what was missed.
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "eventos de progresso pulados")
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}
