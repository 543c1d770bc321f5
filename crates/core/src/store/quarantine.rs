//! The open quarantine of an integration: payloads that could not be applied, with their
//! reason and origin, for the status page and for "Reprocessar".

use super::Store;
use crate::domain::IntegrationId;
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

/// Where quarantined payloads came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuarantineSource {
    Pull,
    Relay,
}

impl QuarantineSource {
    fn as_str(self) -> &'static str {
        match self {
            QuarantineSource::Pull => "pull",
            QuarantineSource::Relay => "relay",
        }
    }
}

/// One payload waiting in quarantine.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct QuarantinedItem {
    pub id: i64,
    pub entity_type: Option<String>,
    pub external_id: Option<String>,
    pub reason: String,
    pub created_at: String,
    /// For a relay event: its channel and seq, where "Reprocessar" pulls it again.
    pub relay_channel: Option<String>,
    pub relay_seq: Option<i64>,
}

impl Store {
    /// Unresolved items from `source`, newest first, at most `limit`.
    pub async fn open_quarantine(
        &self,
        integration_id: IntegrationId,
        source: QuarantineSource,
        limit: u32,
    ) -> Result<Vec<QuarantinedItem>> {
        let rows = sqlx::query(
            "SELECT id, entity_type, external_id, reason, created_at, relay_channel, relay_seq
             FROM quarantine WHERE integration_id = ? AND source = ? AND resolved_at IS NULL
             ORDER BY id DESC LIMIT ?",
        )
        .bind(integration_id)
        .bind(source.as_str())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(QuarantinedItem {
                    id: row.try_get("id")?,
                    entity_type: row.try_get("entity_type")?,
                    external_id: row.try_get("external_id")?,
                    reason: row.try_get("reason")?,
                    created_at: row.try_get("created_at")?,
                    relay_channel: row.try_get("relay_channel")?,
                    relay_seq: row.try_get("relay_seq")?,
                })
            })
            .collect()
    }
}
