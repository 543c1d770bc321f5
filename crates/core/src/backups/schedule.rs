//! The scheduled backup: a background task on the core's task tracker that takes a backup
//! when the newest one is older than the interval (so also at start-up after a long
//! pause), then sleeps until the next is due, and stops with the shared shutdown token.
//! A failure reaches the notification center.

use super::{BackupKind, BackupSettings, Backups};
use crate::store::{NewNotification, NotificationLevel};
use chrono::{DateTime, Utc};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long to wait before the next scheduled backup: none is due right away; otherwise
/// the rest of the interval since the newest backup (of any kind: a manual backup counts).
pub fn wait_before_next(
    newest: Option<DateTime<Utc>>,
    interval: chrono::Duration,
    now: DateTime<Utc>,
) -> Duration {
    newest
        .map(|newest| (newest + interval - now).to_std().unwrap_or(Duration::ZERO))
        .unwrap_or(Duration::ZERO)
}

impl Backups {
    /// Starts the scheduled backups. The settings are read again before each wait, so a
    /// new interval applies from the next backup. A failed backup is tried again one
    /// interval later rather than at once.
    pub fn spawn_scheduler(&self) -> JoinHandle<()> {
        let backups = self.clone();
        let shutdown = self.context.shutdown.clone();
        self.context.tasks.spawn(async move {
            let mut last_failed = false;
            loop {
                let settings = backups.settings().await.unwrap_or_else(|error| {
                    tracing::warn!(%error, "backup agendado: configurações ilegíveis, valem as padrão");
                    BackupSettings::default()
                });
                let wait = if last_failed {
                    settings.interval().to_std().unwrap_or_default()
                } else {
                    let newest = backups
                        .list()
                        .ok()
                        .and_then(|list| list.first().map(|backup| backup.created_at));
                    wait_before_next(newest, settings.interval(), Utc::now())
                };
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(wait) => {}
                }
                last_failed = match backups.create(BackupKind::Scheduled).await {
                    Ok(_) => false,
                    Err(error) => {
                        backups.report_failure(&error).await;
                        true
                    }
                };
            }
        })
    }
}

impl Backups {
    /// A scheduled backup that failed goes to the log and to the notification center:
    /// nobody is waiting on it to see the error.
    async fn report_failure(&self, error: &crate::Error) {
        tracing::warn!(%error, "backup agendado não foi feito");
        let notification = NewNotification {
            level: NotificationLevel::Error,
            title: "O backup automático não foi feito".into(),
            body: error.to_string(),
            integration_id: None,
            sync_run_id: None,
        };
        if let Err(error) = self.context.notifier.notify(&notification).await {
            tracing::warn!(%error, "aviso de backup não registrado");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, hour, 0, 0)
            .single()
            .expect("valid test instant")
    }

    #[test]
    fn without_a_backup_one_is_due_at_once() {
        assert_eq!(
            wait_before_next(None, chrono::Duration::hours(6), at(12)),
            Duration::ZERO
        );
    }

    #[test]
    fn an_old_backup_makes_one_due_at_once() {
        assert_eq!(
            wait_before_next(Some(at(1)), chrono::Duration::hours(6), at(12)),
            Duration::ZERO
        );
    }

    #[test]
    fn a_recent_backup_waits_for_the_rest_of_the_interval() {
        assert_eq!(
            wait_before_next(Some(at(10)), chrono::Duration::hours(6), at(12)),
            Duration::from_secs(4 * 3600)
        );
    }
}
