//! The notice for Coinzz status labels Ponte does not know yet. The batch that brings a
//! label records it (`coinzz.rs`); once that batch has committed, each label not yet
//! announced becomes one warning in the notification center, written in the same
//! transaction that marks it announced, so it is announced exactly once even if the app
//! stops in between.

use super::notifications::insert_notification;
use super::{Store, now_utc};
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::store::{NewNotification, Notification};

impl Store {
    /// Writes `notice(field, label)` for each unknown label of `integration_id` not yet
    /// announced, and returns them for the desktop.
    pub async fn announce_unknown_coinzz_labels(
        &self,
        integration_id: IntegrationId,
        notice: impl Fn(&str, &str) -> NewNotification,
    ) -> Result<Vec<Notification>> {
        let pending: Vec<(String, String)> = sqlx::query_as(
            "SELECT field, label FROM coinzz_unknown_labels
             WHERE integration_id = ? AND notified_at IS NULL ORDER BY first_seen_at, field, label",
        )
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        if pending.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let mut written = Vec::new();
        for (field, label) in pending {
            // Another task may have announced it since the read: only the one that marks
            // it writes the notice.
            let marked = sqlx::query(
                "UPDATE coinzz_unknown_labels SET notified_at = ?
                 WHERE integration_id = ? AND field = ? AND label = ? AND notified_at IS NULL",
            )
            .bind(now_utc())
            .bind(integration_id)
            .bind(&field)
            .bind(&label)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if marked {
                let notice = notice(&field, &label);
                written.push(insert_notification(&mut tx, &notice).await?);
            }
        }
        tx.commit().await?;
        Ok(written)
    }
}
