//! The notification center: its writer and its front door (`Core::notifications`). The
//! core decides what the operator should know (a sync that changed records, a sync that
//! failed), writes it to `notifications`, and tells subscribers as each is written: the
//! desktop updates its badge and raises desktop notifications from that. The center lists
//! them and marks them read.

use crate::domain::NotificationId;
use crate::error::Result;
use crate::format::format_count;
use crate::store::{
    EntityCounts, NewNotification, Notification, NotificationLevel, RunOutcome, Store, SyncRun,
};
use tokio::sync::broadcast;

/// Writes notifications and announces them. Cheap to clone.
#[derive(Clone)]
pub struct Notifier {
    store: Store,
    written: broadcast::Sender<Notification>,
}

impl Notifier {
    pub fn new(store: Store) -> Notifier {
        let (written, _) = broadcast::channel(256);
        Notifier { store, written }
    }

    /// The newest first, of one level or all.
    pub async fn list(
        &self,
        level: Option<NotificationLevel>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        self.store.notifications(level, limit).await
    }

    /// How many the operator has not read: the badge.
    pub async fn unread(&self) -> Result<u64> {
        self.store.unread_notifications().await
    }

    pub async fn mark_read(&self, id: NotificationId) -> Result<()> {
        self.store.mark_notification_read(id).await
    }

    /// Returns how many were unread.
    pub async fn mark_all_read(&self) -> Result<u64> {
        self.store.mark_all_notifications_read().await
    }

    /// Each notification as it is written.
    pub fn subscribe(&self) -> broadcast::Receiver<Notification> {
        self.written.subscribe()
    }

    pub async fn notify(&self, new: &NewNotification) -> Result<Notification> {
        let notification = self.store.add_notification(new).await?;
        // Nobody listening (the CLI) is fine: the row is the record.
        let _ = self.written.send(notification.clone());
        Ok(notification)
    }

    /// Folds a burst into one notification: "12 novas vendas", not twelve. Happenings
    /// with the same `key` join the unread notification written in the last
    /// `BURST_WINDOW_SECS`; `text` writes it for the running total.
    pub async fn notify_burst(
        &self,
        key: &str,
        count: u64,
        text: impl Fn(u64) -> NewNotification,
    ) -> Result<Notification> {
        let notification = self
            .store
            .add_coalesced_notification(key, BURST_WINDOW_SECS, count, text)
            .await?;
        let _ = self.written.send(notification.clone());
        Ok(notification)
    }

    /// Tells the subscribers about notifications the store wrote in a transaction of its
    /// own (a provider's notices that must be written exactly once).
    pub fn announce_written(&self, written: Vec<Notification>) {
        for notification in written {
            let _ = self.written.send(notification);
        }
    }
}

/// How long a burst notification keeps absorbing the next happenings of its kind.
pub const BURST_WINDOW_SECS: i64 = 120;

/// "3 novas vendas chegaram em tempo real", for the new-sales burst of an integration.
pub fn new_sales(integration_name: &str, integration_id: i64, total: u64) -> NewNotification {
    NewNotification {
        level: NotificationLevel::Info,
        title: match total {
            1 => format!("{integration_name}: 1 nova venda"),
            n => format!("{integration_name}: {} novas vendas", format_count(n)),
        },
        body: "Chegaram em tempo real e já estão em Dados › Vendas.".into(),
        integration_id: Some(integration_id),
        sync_run_id: None,
    }
}

/// What a finished run tells the operator: its changes, summarised, or its failure. A run
/// that changed nothing, or was cancelled by the operator, tells nothing.
pub fn for_finished_run(integration_name: &str, run: &SyncRun) -> Option<NewNotification> {
    let (level, title, body) = match run.outcome {
        RunOutcome::Succeeded => {
            let body = changes_summary(&run.totals())?;
            (
                NotificationLevel::Success,
                format!("{integration_name}: sincronização concluída"),
                body,
            )
        }
        RunOutcome::Failed => (
            NotificationLevel::Error,
            format!("{integration_name}: a sincronização falhou"),
            run.error_message
                .clone()
                .unwrap_or_else(|| "Veja os detalhes no Histórico.".to_string()),
        ),
        RunOutcome::Running | RunOutcome::Cancelled | RunOutcome::Interrupted => return None,
    };
    Some(NewNotification {
        level,
        title,
        body,
        integration_id: Some(run.integration_id),
        sync_run_id: Some(run.id),
    })
}

/// `4.285 criados, 12 atualizados, 1 desativado.`, or `None` when nothing changed.
fn changes_summary(totals: &EntityCounts) -> Option<String> {
    let parts: Vec<String> = [
        (totals.created, "criado", "criados"),
        (totals.updated, "atualizado", "atualizados"),
        (totals.deactivated, "desativado", "desativados"),
        (totals.failed, "com falha", "com falha"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| {
        format!(
            "{} {}",
            format_count(count),
            if count == 1 { one } else { many }
        )
    })
    .collect();
    (!parts.is_empty()).then(|| format!("{}.", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EntityKind;
    use crate::store::RunTrigger;

    fn run(outcome: RunOutcome, counts: EntityCounts, error: Option<&str>) -> SyncRun {
        SyncRun {
            id: 9,
            integration_id: 2,
            trigger: RunTrigger::Manual,
            started_at: "2026-11-23T12:00:00Z".into(),
            finished_at: Some("2026-11-23T12:00:17Z".into()),
            outcome,
            error_code: error.map(|_| "invalid_credentials".into()),
            error_message: error.map(Into::into),
            requests: counts.requests,
            entities: vec![(EntityKind::Venda, counts)],
        }
    }

    #[test]
    fn a_run_with_changes_is_summarised_and_linked() {
        let counts = EntityCounts {
            created: 4285,
            updated: 1,
            unchanged: 10,
            requests: 51,
            ..EntityCounts::default()
        };
        let new = for_finished_run("Loja", &run(RunOutcome::Succeeded, counts, None))
            .expect("a notification");
        assert_eq!(new.level, NotificationLevel::Success);
        assert_eq!(new.title, "Loja: sincronização concluída");
        assert_eq!(new.body, "4.285 criados, 1 atualizado.");
        assert_eq!((new.integration_id, new.sync_run_id), (Some(2), Some(9)));
    }

    #[test]
    fn a_run_without_changes_or_cancelled_tells_nothing() {
        let unchanged = EntityCounts {
            unchanged: 300,
            requests: 12,
            ..EntityCounts::default()
        };
        assert!(for_finished_run("Loja", &run(RunOutcome::Succeeded, unchanged, None)).is_none());
        let changed = EntityCounts {
            created: 3,
            ..EntityCounts::default()
        };
        assert!(for_finished_run("Loja", &run(RunOutcome::Cancelled, changed, None)).is_none());
    }

    #[test]
    fn a_failed_run_carries_its_message() {
        let failed = run(
            RunOutcome::Failed,
            EntityCounts::default(),
            Some("Credenciais inválidas."),
        );
        let new = for_finished_run("Loja", &failed).expect("a notification");
        assert_eq!(new.level, NotificationLevel::Error);
        assert_eq!(new.body, "Credenciais inválidas.");
    }
}
