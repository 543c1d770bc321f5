//! Desktop notifications (the "toasts" of the freedesktop notification daemon, macOS
//! Notification Center or Windows toasts) through notify-rust: the important entries of
//! the notification center and the one-time close-to-tray notice.

use ponte_core::store::{Notification, NotificationLevel};

/// The name daemons show as the sender, and group by.
const APP_NAME: &str = "Ponte";

/// Whether a notification is worth interrupting the operator: warnings and errors. A
/// successful sync every ten minutes would be noise; it stays in the center.
pub fn is_important(notification: &Notification) -> bool {
    matches!(
        notification.level,
        NotificationLevel::Warning | NotificationLevel::Error
    )
}

/// Shows a toast. Blocking (a D-Bus round trip on Linux): call it off the async runtime.
pub fn show(
    title: &str,
    body: &str,
    level: NotificationLevel,
) -> Result<(), notify_rust::error::Error> {
    let mut toast = notify_rust::Notification::new();
    toast.appname(APP_NAME).summary(title).body(body);
    #[cfg(all(unix, not(target_os = "macos")))]
    toast.urgency(match level {
        NotificationLevel::Error => notify_rust::Urgency::Critical,
        NotificationLevel::Warning => notify_rust::Urgency::Normal,
        NotificationLevel::Info | NotificationLevel::Success => notify_rust::Urgency::Low,
    });
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = level;
    toast.show().map(drop)
}

/// Shows a toast from async code, logging instead of failing: a missing notification
/// daemon must not break what raised it.
pub async fn show_in_background(title: String, body: String, level: NotificationLevel) {
    let shown = tokio::task::spawn_blocking(move || show(&title, &body, level)).await;
    match shown {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!(%error, "notificação na área de trabalho não exibida"),
        Err(error) => tracing::warn!(%error, "notificação na área de trabalho interrompida"),
    }
}
