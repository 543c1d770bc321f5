//! The notification center: list (by level), unread count, mark read.

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::domain::NotificationId;
use ponte_core::store::{Notification, NotificationLevel};
use tauri::State;

/// How many the center lists: weeks of ordinary use.
const LISTED: u32 = 200;

#[tauri::command]
#[specta::specta]
pub async fn list_notifications(
    state: State<'_, AppState>,
    level: Option<NotificationLevel>,
) -> IpcResult<Vec<Notification>> {
    Ok(state.core.notifications().list(level, LISTED).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn unread_notifications(state: State<'_, AppState>) -> IpcResult<u64> {
    Ok(state.core.notifications().unread().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn mark_notification_read(
    state: State<'_, AppState>,
    id: NotificationId,
) -> IpcResult<()> {
    Ok(state.core.notifications().mark_read(id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn mark_all_notifications_read(state: State<'_, AppState>) -> IpcResult<u64> {
    Ok(state.core.notifications().mark_all_read().await?)
}
