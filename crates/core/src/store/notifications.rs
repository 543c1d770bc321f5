//! `notifications`: the rows of the notification center, their read state, and the
//! unread count the badges show.

use super::{Store, now_utc};
use crate::domain::{IntegrationId, NotificationId, SyncRunId};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

/// How much a notification matters. Warnings and errors also reach the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum NotificationLevel {
    Info,
    Success,
    Warning,
    Error,
}

impl NotificationLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationLevel::Info => "info",
            NotificationLevel::Success => "success",
            NotificationLevel::Warning => "warning",
            NotificationLevel::Error => "error",
        }
    }

    fn parse(text: &str) -> NotificationLevel {
        match text {
            "success" => NotificationLevel::Success,
            "warning" => NotificationLevel::Warning,
            "error" => NotificationLevel::Error,
            _ => NotificationLevel::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Notification {
    pub id: NotificationId,
    pub level: NotificationLevel,
    pub title: String,
    pub body: String,
    pub integration_id: Option<IntegrationId>,
    /// The run the notification is about; opening the notification opens it.
    pub sync_run_id: Option<SyncRunId>,
    pub created_at: String,
    pub read_at: Option<String>,
    /// How many happenings this notification stands for (a burst counts each).
    pub count: u64,
}

#[derive(Debug, Clone)]
pub struct NewNotification {
    pub level: NotificationLevel,
    pub title: String,
    pub body: String,
    pub integration_id: Option<IntegrationId>,
    pub sync_run_id: Option<SyncRunId>,
}

const COLUMNS: &str =
    "id, level, title, body, integration_id, sync_run_id, created_at, read_at, count";

fn notification(row: &SqliteRow) -> Result<Notification> {
    Ok(Notification {
        id: row.try_get("id")?,
        level: NotificationLevel::parse(row.try_get("level")?),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        integration_id: row.try_get("integration_id")?,
        sync_run_id: row.try_get("sync_run_id")?,
        created_at: row.try_get("created_at")?,
        read_at: row.try_get("read_at")?,
        count: u64::try_from(row.try_get::<i64, _>("count")?).unwrap_or(1),
    })
}

/// Writes one notification on `conn`, inside whatever transaction it holds.
pub(super) async fn insert_notification(
    conn: &mut SqliteConnection,
    new: &NewNotification,
) -> Result<Notification> {
    let row = sqlx::query(&format!(
        "INSERT INTO notifications (level, title, body, integration_id, sync_run_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
    ))
    .bind(new.level.as_str())
    .bind(&new.title)
    .bind(&new.body)
    .bind(new.integration_id)
    .bind(new.sync_run_id)
    .bind(now_utc())
    .fetch_one(&mut *conn)
    .await?;
    notification(&row)
}

impl Store {
    pub async fn add_notification(&self, new: &NewNotification) -> Result<Notification> {
        let mut conn = self.pool().acquire().await?;
        insert_notification(&mut conn, new).await
    }

    /// Adds `count` happenings to the unread notification with `key` written within
    /// `window_secs`, or starts one. `text` writes the title and body for a total.
    pub async fn add_coalesced_notification(
        &self,
        key: &str,
        window_secs: i64,
        count: u64,
        text: impl Fn(u64) -> NewNotification,
    ) -> Result<Notification> {
        let mut tx = self.begin_write().await?;
        let now = now_utc();
        let since = (chrono::Utc::now() - chrono::TimeDelta::seconds(window_secs))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let open: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, count FROM notifications
             WHERE coalesce_key = ? AND read_at IS NULL AND created_at >= ?
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind(key)
        .bind(&since)
        .fetch_optional(&mut *tx)
        .await?;
        let row = match open {
            Some((id, before)) => {
                let total = u64::try_from(before).unwrap_or(0) + count;
                let new = text(total);
                sqlx::query(&format!(
                    "UPDATE notifications SET title = ?, body = ?, count = ?, created_at = ?, level = ?
                     WHERE id = ? RETURNING {COLUMNS}"
                ))
                .bind(&new.title)
                .bind(&new.body)
                .bind(i64::try_from(total).unwrap_or(i64::MAX))
                .bind(&now)
                .bind(new.level.as_str())
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
            }
            None => {
                let new = text(count);
                sqlx::query(&format!(
                    "INSERT INTO notifications (level, title, body, integration_id, sync_run_id, created_at, coalesce_key, count)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
                ))
                .bind(new.level.as_str())
                .bind(&new.title)
                .bind(&new.body)
                .bind(new.integration_id)
                .bind(new.sync_run_id)
                .bind(&now)
                .bind(key)
                .bind(i64::try_from(count).unwrap_or(i64::MAX))
                .fetch_one(&mut *tx)
                .await?
            }
        };
        tx.commit().await?;
        notification(&row)
    }

    /// The newest `limit` notifications, of one level or all.
    pub async fn notifications(
        &self,
        level: Option<NotificationLevel>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM notifications
             WHERE ?1 IS NULL OR level = ?1
             ORDER BY created_at DESC, id DESC LIMIT ?2"
        ))
        .bind(level.map(NotificationLevel::as_str))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(notification).collect()
    }

    pub async fn unread_notifications(&self) -> Result<u64> {
        let unread: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE read_at IS NULL")
                .fetch_one(self.pool())
                .await?;
        Ok(u64::try_from(unread).unwrap_or(0))
    }

    /// Marks one notification read; reading it again keeps the first time.
    pub async fn mark_notification_read(&self, id: NotificationId) -> Result<()> {
        let done =
            sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ?")
                .bind(now_utc())
                .bind(id)
                .execute(self.pool())
                .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotificationNotFound(id));
        }
        Ok(())
    }

    /// Marks every unread notification read; returns how many were.
    pub async fn mark_all_notifications_read(&self) -> Result<u64> {
        let done = sqlx::query("UPDATE notifications SET read_at = ? WHERE read_at IS NULL")
            .bind(now_utc())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
