//! The `integrations` table: which provider accounts Ponte mirrors, their base URL,
//! tuning settings and schedule. Secrets never come here (see `credentials`).

use super::{Store, now_utc};
use crate::domain::{IntegrationId, ProviderKind};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// Tuning knobs kept as JSON beside the integration. Defaults follow the provider's
/// published limits; tests and the benchmark lift them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct IntegrationSettings {
    pub requests_per_second: u32,
    pub daily_request_limit: u32,
    pub max_attempts: u32,
    pub retry_min_delay_ms: u64,
    pub timeout_ms: u64,
    /// How far back the lançamentos window reaches, in months before the current one.
    pub history_months: u32,
    /// How far ahead open lançamentos are read, in months after the current one.
    pub horizon_months: u32,
    /// How far back past the watermark an incremental read goes, in minutes. The provider
    /// stamps `modificado_em` in local time without a zone, and Brazil has four, so an edit
    /// can carry a stamp equal to or older than the newest one already read.
    pub incremental_overlap_minutes: u32,
    /// "Permitir alterações no Gestão Click": whether the operator may baixar, estornar and
    /// reclassificar this integration's lançamentos from Ponte (written back through the
    /// outbox). Off until the operator turns it on: Ponte only reads by default.
    pub allow_writes: bool,
}

impl Default for IntegrationSettings {
    fn default() -> Self {
        IntegrationSettings {
            allow_writes: false,
            requests_per_second: 3,
            daily_request_limit: 30_000,
            max_attempts: 5,
            retry_min_delay_ms: 500,
            timeout_ms: 30_000,
            history_months: 24,
            horizon_months: 12,
            // Brazil's zones span UTC−5 to UTC−2: three hours covers any two of them.
            incremental_overlap_minutes: 180,
        }
    }
}

/// Scheduled syncs of a new integration that has something to pull, in minutes.
pub const DEFAULT_SCHEDULE_MINUTES: i64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Integration {
    pub id: IntegrationId,
    pub provider: ProviderKind,
    pub name: String,
    pub base_url: String,
    /// Names the keyring entry that holds this integration's tokens.
    pub credential_ref: String,
    pub settings: IntegrationSettings,
    /// `None` when scheduled syncs are off.
    pub schedule_interval_minutes: Option<i64>,
    pub enabled: bool,
    /// Whether its numbers count in the reports of "all integrations".
    pub include_in_reports: bool,
    /// Its provider has no query API (Coinzz): its data only arrives in real time, so
    /// there is nothing to sync, schedule, test or give tokens for. The provider said so
    /// when the integration was added.
    pub realtime_only: bool,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewIntegration {
    pub provider: ProviderKind,
    pub name: String,
    pub base_url: String,
    pub settings: IntegrationSettings,
    pub schedule_interval_minutes: Option<i64>,
}

/// What the provider of a new integration says about it, asked by the caller: the store
/// keeps the answers and never asks which provider is which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderTraits {
    pub realtime_only: bool,
    /// Its records are the books of record (an ERP's). One that is not (a sales
    /// platform's) counts in the reports only while no books-of-record integration exists.
    pub books_of_record: bool,
}

const COLUMNS: &str = "id, provider, name, base_url, credential_ref, settings, schedule_interval_minutes, enabled, include_in_reports, realtime_only, created_at";

fn from_row(row: &SqliteRow) -> Result<Integration> {
    let provider: String = row.try_get("provider")?;
    let settings: String = row.try_get("settings")?;
    Ok(Integration {
        id: row.try_get("id")?,
        provider: provider.into(),
        realtime_only: row.try_get("realtime_only")?,
        name: row.try_get("name")?,
        base_url: row.try_get("base_url")?,
        credential_ref: row.try_get("credential_ref")?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        schedule_interval_minutes: row.try_get("schedule_interval_minutes")?,
        enabled: row.try_get("enabled")?,
        include_in_reports: row.try_get("include_in_reports")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_integration(
        &self,
        new: &NewIntegration,
        traits: ProviderTraits,
    ) -> Result<Integration> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::InvalidInput {
                field: "nome",
                detail: "informe um nome".into(),
            });
        }
        let settings = serde_json::to_string(&new.settings).map_err(|e| Error::InvalidInput {
            field: "settings",
            detail: e.to_string(),
        })?;
        let include_in_reports = if traits.books_of_record {
            "1"
        } else {
            "NOT EXISTS (SELECT 1 FROM integrations WHERE books_of_record = 1)"
        };
        let inserted = sqlx::query(&format!(
            "INSERT INTO integrations (provider, name, base_url, credential_ref, settings,
                schedule_interval_minutes, include_in_reports, realtime_only, books_of_record,
                created_at)
             VALUES (?, ?, ?, ?, ?, ?, {include_in_reports}, ?, ?, ?)
             ON CONFLICT (name) DO NOTHING RETURNING id"
        ))
        .bind(new.provider.as_str())
        .bind(name)
        .bind(new.base_url.trim().trim_end_matches('/'))
        .bind(format!("{:032x}", rand::random::<u128>()))
        .bind(settings)
        .bind(new.schedule_interval_minutes)
        .bind(traits.realtime_only)
        .bind(traits.books_of_record)
        .bind(now_utc())
        .fetch_optional(&self.pool)
        .await?;
        match inserted {
            Some(row) => self.integration(row.try_get("id")?).await,
            None => Err(Error::IntegrationNameTaken {
                name: name.to_string(),
            }),
        }
    }

    pub async fn integrations(&self) -> Result<Vec<Integration>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM integrations ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn integration(&self, id: IntegrationId) -> Result<Integration> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM integrations WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => from_row(&row),
            None => Err(Error::IntegrationNotFound {
                name: format!("#{id}"),
            }),
        }
    }

    pub async fn integration_by_name(&self, name: &str) -> Result<Integration> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM integrations WHERE name = ?"
        ))
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => from_row(&row),
            None => Err(Error::IntegrationNotFound {
                name: name.to_string(),
            }),
        }
    }

    /// Removes the integration and, by cascade, everything mirrored for it.
    pub async fn remove_integration(&self, id: IntegrationId) -> Result<()> {
        let done = sqlx::query("DELETE FROM integrations WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::IntegrationNotFound {
                name: format!("#{id}"),
            });
        }
        Ok(())
    }

    pub async fn set_schedule(
        &self,
        id: IntegrationId,
        interval_minutes: Option<i64>,
    ) -> Result<()> {
        if interval_minutes.is_some_and(|m| m <= 0) {
            return Err(Error::InvalidInput {
                field: "intervalo",
                detail: "o intervalo deve ser de pelo menos 1 minuto".into(),
            });
        }
        sqlx::query("UPDATE integrations SET schedule_interval_minutes = ? WHERE id = ?")
            .bind(interval_minutes)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Points an integration at another address (the demo's sandbox moves at each start).
    pub async fn set_base_url(&self, id: IntegrationId, base_url: &str) -> Result<()> {
        sqlx::query("UPDATE integrations SET base_url = ? WHERE id = ?")
            .bind(base_url.trim().trim_end_matches('/'))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the integration counts in the reports of all integrations.
    pub async fn set_include_in_reports(&self, id: IntegrationId, included: bool) -> Result<()> {
        sqlx::query("UPDATE integrations SET include_in_reports = ? WHERE id = ?")
            .bind(included)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A disabled integration keeps its data but neither syncs on schedule nor on request.
    pub async fn set_enabled(&self, id: IntegrationId, enabled: bool) -> Result<()> {
        sqlx::query("UPDATE integrations SET enabled = ? WHERE id = ?")
            .bind(enabled)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// "Permitir alterações no Gestão Click": only that key of the stored settings changes.
    pub async fn set_allow_writes(&self, id: IntegrationId, allowed: bool) -> Result<()> {
        sqlx::query(
            "UPDATE integrations SET settings = json_set(settings, '$.allow_writes', json(?))
             WHERE id = ?",
        )
        .bind(if allowed { "true" } else { "false" })
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::IntegrationSettings;

    /// Settings stored before a knob existed read with that knob's default.
    #[test]
    fn settings_stored_without_the_overlap_get_the_default() {
        let stored = r#"{"requests_per_second":3,"daily_request_limit":30000,"max_attempts":5,
            "retry_min_delay_ms":500,"timeout_ms":30000,"history_months":24,"horizon_months":12}"#;
        let settings: IntegrationSettings = serde_json::from_str(stored).expect("old settings");
        assert_eq!(settings, IntegrationSettings::default());
        assert_eq!(settings.incremental_overlap_minutes, 180);
    }
}
