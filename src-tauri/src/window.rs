//! The main window's life: shown at launch (unless started in the background), focused by
//! a second launch, and hidden to the tray on close when the operator wants that (the first
//! time, a notification says where the app went).

use crate::state::AppState;
use crate::toasts;
use ponte_core::store::NotificationLevel;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Manager, Window, WindowEvent};

pub const MAIN: &str = "main";

/// Shows, unminimizes and focuses the main window.
pub fn reveal(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let shown = window
            .show()
            .and_then(|()| window.unminimize())
            .and_then(|()| window.set_focus());
        if let Err(error) = shown {
            tracing::warn!(%error, "janela principal não pôde ser mostrada");
        }
    }
}

/// Called when the Painel first painted: logs how long the launch took, once. The window
/// is shown before that, because a hidden webview does not paint (it never runs its
/// animation frames), so waiting for the paint would wait forever.
pub fn painel_painted(state: &AppState) {
    if state.painel_painted.swap(true, Ordering::SeqCst) {
        return;
    }
    let elapsed_ms = state.launched_at.elapsed().as_millis();
    tracing::info!(elapsed_ms, "Painel pintado");
}

/// Closing hides to the tray when the preference says so.
pub fn on_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != MAIN {
        return;
    }
    let app = window.app_handle();
    let state = app.state::<AppState>();
    // The decision must be made before this callback returns; the read is one indexed row.
    let preferences = tauri::async_runtime::block_on(state.core.settings().preferences());
    if !preferences.map(|p| p.close_to_tray).unwrap_or(true) {
        return;
    }
    api.prevent_close();
    if let Err(error) = window.hide() {
        tracing::warn!(%error, "janela não pôde ser escondida");
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        if let Ok(true) = state.core.settings().take_close_to_tray_notice().await {
            toasts::show_in_background(
                "A Ponte continua aberta na bandeja".into(),
                "As sincronizações agendadas seguem rodando. Para sair de vez, use Sair no menu da bandeja; para mudar isso, veja Configurações.".into(),
                NotificationLevel::Info,
            )
            .await;
        }
    });
}
