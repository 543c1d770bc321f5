//! The daily check: while "Verificar atualizações diariamente" is on (and never in demo
//! mode), the feed is asked a minute after launch and then once a day; a newer version is
//! announced to the window (`UpdateOffered`, the banner) and as a desktop notification.
//! A feed that cannot be reached is only logged: the operator is not interrupted.

use super::{UpdateOffer, Updates};
use crate::state::AppState;
use crate::toasts;
use ponte_core::store::NotificationLevel;
use serde::Serialize;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

/// Not at launch itself: the first minute belongs to the window and the first sync.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(60);
const CHECK_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// A newer version was found by the daily check.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct UpdateOffered(pub UpdateOffer);

/// Starts the daily check; it stops with the shell's CancellationToken.
pub fn spawn_daily_check(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.info.demo {
        tracing::info!("modo demonstração: atualizações não são verificadas sozinhas");
        return;
    }
    let shutdown = state.shutdown.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut wait = FIRST_CHECK_AFTER;
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(wait) => {}
            }
            wait = CHECK_EVERY;
            check_once(&app).await;
        }
    });
}

async fn check_once(app: &AppHandle) {
    let state = app.state::<AppState>();
    match state.core.settings().daily_update_check().await {
        Ok(true) => {}
        Ok(false) => return,
        Err(error) => {
            tracing::warn!(%error, "preferência de verificação diária não lida");
            return;
        }
    }
    match app.state::<Updates>().check(app).await {
        Ok(Some(offer)) => announce(app, offer).await,
        Ok(None) => tracing::debug!("nenhuma versão nova no canal de atualizações"),
        Err(error) => {
            tracing::info!(code = %error.code, %error, "verificação diária de atualizações")
        }
    }
}

async fn announce(app: &AppHandle, offer: UpdateOffer) {
    let title = format!("Nova versão {} disponível", offer.version);
    if let Err(error) = UpdateOffered(offer).emit(app) {
        tracing::warn!(%error, "aviso de nova versão não entregue à janela");
    }
    let state = app.state::<AppState>();
    match state.core.settings().preferences().await {
        Ok(preferences) if !preferences.desktop_notifications => {}
        _ => {
            toasts::show_in_background(
                title,
                "Abra a Ponte para ver as novidades e clicar em “Instalar e reiniciar”.".into(),
                NotificationLevel::Info,
            )
            .await
        }
    }
}
