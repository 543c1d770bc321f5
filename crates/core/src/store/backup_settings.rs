//! `backup_settings`: the backup schedule and retention the operator chose, one JSON
//! value in the preferences table; unset or unreadable means the defaults.

use super::Store;
use crate::backups::BackupSettings;
use crate::error::{Error, Result};

const BACKUP_SETTINGS: &str = "backup_settings";

impl Store {
    pub async fn backup_settings(&self) -> Result<BackupSettings> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM preferences WHERE key = ?")
                .bind(BACKUP_SETTINGS)
                .fetch_optional(&self.pool)
                .await?;
        Ok(value
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub async fn set_backup_settings(&self, settings: &BackupSettings) -> Result<()> {
        let value = serde_json::to_string(settings).map_err(|error| Error::InvalidInput {
            field: "backup",
            detail: error.to_string(),
        })?;
        sqlx::query(
            "INSERT INTO preferences (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(BACKUP_SETTINGS)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
