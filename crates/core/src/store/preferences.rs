//! `preferences`: the operator's choices about the app itself (closing to the tray, hints
//! already shown, the relay account's address). Provider settings live with each
//! integration, not here. Values are stored as JSON.

use super::Store;
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The app's preferences, with their defaults for a fresh install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Preferences {
    /// Closing the window hides it to the tray instead of quitting.
    pub close_to_tray: bool,
    /// The "Ponte continua na bandeja" notice was shown once already.
    pub close_to_tray_notice_shown: bool,
    /// Warnings and errors of the notification center also pop up on the desktop.
    pub desktop_notifications: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            close_to_tray: true,
            close_to_tray_notice_shown: false,
            desktop_notifications: true,
        }
    }
}

const CLOSE_TO_TRAY: &str = "close_to_tray";
const CLOSE_TO_TRAY_NOTICE_SHOWN: &str = "close_to_tray_notice_shown";
const DESKTOP_NOTIFICATIONS: &str = "desktop_notifications";
const RELAY_ACCOUNT_URL: &str = "relay_account_url";
const DAILY_UPDATE_CHECK: &str = "daily_update_check";

impl Store {
    pub async fn preferences(&self) -> Result<Preferences> {
        let defaults = Preferences::default();
        Ok(Preferences {
            close_to_tray: self
                .preference(CLOSE_TO_TRAY)
                .await?
                .unwrap_or(defaults.close_to_tray),
            close_to_tray_notice_shown: self
                .preference(CLOSE_TO_TRAY_NOTICE_SHOWN)
                .await?
                .unwrap_or(defaults.close_to_tray_notice_shown),
            desktop_notifications: self
                .preference(DESKTOP_NOTIFICATIONS)
                .await?
                .unwrap_or(defaults.desktop_notifications),
        })
    }

    pub async fn set_close_to_tray(&self, enabled: bool) -> Result<()> {
        self.set_preference(CLOSE_TO_TRAY, &enabled).await
    }

    pub async fn set_desktop_notifications(&self, enabled: bool) -> Result<()> {
        self.set_preference(DESKTOP_NOTIFICATIONS, &enabled).await
    }

    /// "Verificar atualizações diariamente": on unless the operator turned it off. Kept
    /// apart from `Preferences` because only the desktop's Sobre screen reads it.
    pub async fn daily_update_check(&self) -> Result<bool> {
        Ok(self.preference(DAILY_UPDATE_CHECK).await?.unwrap_or(true))
    }

    pub async fn set_daily_update_check(&self, enabled: bool) -> Result<()> {
        self.set_preference(DAILY_UPDATE_CHECK, &enabled).await
    }

    /// The address of the relay where Ponte opens its own channels; its token is in the
    /// keyring.
    pub async fn relay_account_url(&self) -> Result<Option<String>> {
        self.preference(RELAY_ACCOUNT_URL).await
    }

    pub async fn set_relay_account_url(&self, url: &str) -> Result<()> {
        self.set_preference(RELAY_ACCOUNT_URL, url).await
    }

    /// Records that the close-to-tray notice was shown; `true` only the first time, so
    /// the caller shows it exactly once even if two windows close at the same moment.
    pub async fn take_close_to_tray_notice(&self) -> Result<bool> {
        let first = sqlx::query(
            "INSERT INTO preferences (key, value) VALUES (?, 'true') ON CONFLICT (key) DO NOTHING",
        )
        .bind(CLOSE_TO_TRAY_NOTICE_SHOWN)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        Ok(first)
    }

    /// A stored value that no longer parses (an older format) falls back to the default.
    async fn preference<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM preferences WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    }

    async fn set_preference<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> Result<()> {
        let value = serde_json::to_string(value).map_err(|error| Error::InvalidInput {
            field: "preferência",
            detail: error.to_string(),
        })?;
        sqlx::query(
            "INSERT INTO preferences (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
