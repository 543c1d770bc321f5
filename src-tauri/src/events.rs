//! The core's broadcasts, forwarded: sync progress to the window (the typed
//! `SyncProgress` event) and the tray's status lines; each new notification to the window
//! (`NotificationWritten`), the tray's unread count and, when important and not silenced,
//! a desktop notification; the relay pollers' reports to the window (`RealtimeUpdate`);
//! each state change of the outbox to the window (`OutboxUpdate`).

use crate::state::AppState;
use crate::{toasts, tray};
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::Notification;
use ponte_core::sync::SyncEvent;
use ponte_core::writeback::OutboxEvent;
use serde::Serialize;
use std::future::Future;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::broadcast::{self, error::RecvError};

/// One progress event of a sync run: started, page i of n, finished.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncProgress(pub SyncEvent);

/// What the relay pollers report: a batch applied (screens reload), the relay down or back.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct RealtimeUpdate(pub RealtimeEvent);

/// A row of the outbox changed state: "Alterações enviadas", its badge and Dados' "pendente
/// de envio" refresh.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct OutboxUpdate(pub OutboxEvent);

/// A notification the core has just written to the notification center.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct NotificationWritten(pub Notification);

/// Starts the forwarders; they run until the app shuts down.
pub fn spawn_forwarders(app: &AppHandle) {
    let state = app.state::<AppState>();
    forward(app, state.core.sync().subscribe(), sync_event);
    forward(app, state.core.notifications().subscribe(), notification);
    forward(app, state.core.realtime().subscribe(), realtime_event);
    forward(app, state.core.writeback().subscribe(), outbox_event);
}

async fn outbox_event(app: AppHandle, event: OutboxEvent) {
    if let Err(error) = OutboxUpdate(event).emit(&app) {
        tracing::warn!(%error, "evento das alterações enviadas não entregue à janela");
    }
}

async fn realtime_event(app: AppHandle, event: RealtimeEvent) {
    if let Err(error) = RealtimeUpdate(event).emit(&app) {
        tracing::warn!(%error, "evento do tempo real não entregue à janela");
    }
}

async fn sync_event(app: AppHandle, event: SyncEvent) {
    let finished = matches!(event, SyncEvent::Finished { .. });
    if let Err(error) = SyncProgress(event).emit(&app) {
        tracing::warn!(%error, "evento de progresso não entregue à janela");
    }
    if finished {
        tray::refresh_status(&app).await;
    }
}

async fn notification(app: AppHandle, notification: Notification) {
    if let Err(error) = NotificationWritten(notification.clone()).emit(&app) {
        tracing::warn!(%error, "notificação não entregue à janela");
    }
    tray::refresh_status(&app).await;
    if !toasts::is_important(&notification) {
        return;
    }
    let state = app.state::<AppState>();
    match state.core.settings().preferences().await {
        Ok(preferences) if !preferences.desktop_notifications => {}
        _ => {
            toasts::show_in_background(notification.title, notification.body, notification.level)
                .await
        }
    }
}

/// Hands every message of `receiver` to `handle`, in order, until shutdown. Missed
/// messages are skipped: the store holds the record, the broadcasts only announce it.
fn forward<T, F, Fut>(app: &AppHandle, mut receiver: broadcast::Receiver<T>, handle: F)
where
    T: Clone + Send + 'static,
    F: Fn(AppHandle, T) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let shutdown = app.state::<AppState>().shutdown.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let message = tokio::select! {
                _ = shutdown.cancelled() => break,
                message = receiver.recv() => message,
            };
            match message {
                Ok(message) => handle(app.clone(), message).await,
                Err(RecvError::Lagged(missed)) => tracing::debug!(missed, "avisos pulados"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}
