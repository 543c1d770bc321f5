//! The real-time side of the store: relay channels (where each integration pulls its
//! webhooks, and how far it has read) and `inbox_events`, where every relay event is
//! recorded once, in the same transaction as its effect and the channel's cursor.

use super::{Store, now_utc};
use crate::domain::coinzz::CoinzzChange;
use crate::domain::{EntityKind, IntegrationId, ProviderKind};
use crate::error::{Error, Result};
use crate::store::{QuarantineSource, QuarantinedItem, RecordFailure, StoredRecord};
use ponte_webhooks::AuthMode;
use serde::Serialize;
use sqlx::Row;
use std::str::FromStr;

/// Where an integration's webhooks wait: a channel on a relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RelayChannel {
    pub integration_id: IntegrationId,
    pub relay_url: String,
    pub channel: String,
    /// How the provider signs what it sends; stored in its command-line spelling.
    pub auth_mode: AuthMode,
    /// The last relay seq committed here.
    pub cursor: i64,
}

/// One event as the relay delivered it.
#[derive(Debug, Clone)]
pub struct RelayEvent {
    pub seq: i64,
    /// The provider's id for the event, or one made from the channel and seq.
    pub event_id: String,
    pub event_type: Option<String>,
    /// When the relay received it (RFC 3339, UTC).
    pub received_at: String,
}

/// What an event does to the mirror.
#[derive(Debug, Clone)]
pub enum EventEffect {
    /// A record created or changed upstream, mapped like a pulled one.
    Upsert {
        entity: EntityKind,
        record: Box<StoredRecord>,
    },
    /// A record deleted upstream: kept, marked inactive.
    Deactivate {
        entity: EntityKind,
        external_id: String,
    },
    /// A Coinzz order or subscription: its cliente found by document, phone or e-mail
    /// rather than by an id, and its venda guarded by lifecycle rank rather than by a
    /// modification time, so it has its own write (`store::coinzz`).
    Coinzz(Box<CoinzzChange>),
    /// Ponte's own test event: recorded, and nothing else.
    Acknowledge,
    /// An event that cannot be applied (unknown type, bad signature, unmappable payload):
    /// kept verbatim with its reason, for the operator and a later reprocessing.
    Quarantine {
        entity: Option<EntityKind>,
        failure: RecordFailure,
    },
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum EventOutcome {
    Created,
    Updated,
    Unchanged,
    Deactivated,
    /// Older than the stored record: logged, not applied.
    Stale,
    Quarantined,
    /// Already taken (a redelivery, or the provider sent it twice): nothing done.
    Duplicate,
}

impl EventOutcome {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            EventOutcome::Created => "created",
            EventOutcome::Updated => "updated",
            EventOutcome::Unchanged => "unchanged",
            EventOutcome::Deactivated => "deactivated",
            EventOutcome::Stale => "stale",
            EventOutcome::Quarantined => "quarantined",
            EventOutcome::Duplicate => "duplicate",
        }
    }
}

/// The "Status da Integração" of real time: what arrived in the last 24 hours and how it
/// went, the lag of the last hour, the last event and the last error.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RealtimeStatus {
    pub channel: Option<RelayChannel>,
    /// Events per type over the last 24 hours, most frequent first.
    pub events_by_type: Vec<(String, u64)>,
    pub applied: u64,
    pub stale: u64,
    pub quarantined: u64,
    /// Applied ÷ all, over the last 24 hours; `None` without events.
    pub success_rate: Option<f64>,
    pub last_event_type: Option<String>,
    pub last_event_at: Option<String>,
    /// From the relay's receipt to the commit here, over the last hour.
    pub lag_p50_ms: Option<u64>,
    pub lag_p99_ms: Option<u64>,
    pub last_error: Option<String>,
    /// The relay events still in quarantine, newest first (at most `QUARANTINE_SHOWN`).
    pub quarantine: Vec<QuarantinedItem>,
    /// Events still waiting on the relay at this process's last pull; `None` before its
    /// first pull (set by `Realtime::status`, which knows the pollers).
    pub backlog: Option<u64>,
}

/// The newest event taken from the relay.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LastEvent {
    /// `None` for an event whose type could not be read.
    pub event_type: Option<String>,
    /// When it was committed here, UTC RFC 3339.
    pub applied_at: String,
}

/// How many quarantined events the status page lists.
const QUARANTINE_SHOWN: u32 = 50;

impl Store {
    pub async fn realtime_status(&self, integration_id: IntegrationId) -> Result<RealtimeStatus> {
        let channel = self.relay_channel(integration_id).await?;
        let now = chrono::Utc::now();
        let day_ago = (now - chrono::TimeDelta::hours(24))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let hour_ago = (now - chrono::TimeDelta::hours(1))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let rows = sqlx::query(
            "SELECT coalesce(event_type, '(sem tipo)') AS event_type, outcome, COUNT(*) AS n
             FROM inbox_events WHERE integration_id = ? AND applied_at >= ?
             GROUP BY 1, 2",
        )
        .bind(integration_id)
        .bind(&day_ago)
        .fetch_all(self.pool())
        .await?;
        let mut by_type = std::collections::BTreeMap::<String, u64>::new();
        let (mut applied, mut stale, mut quarantined) = (0, 0, 0);
        for row in &rows {
            let n = u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0);
            *by_type.entry(row.try_get("event_type")?).or_default() += n;
            match row.try_get::<String, _>("outcome")?.as_str() {
                "stale" => stale += n,
                "quarantined" => quarantined += n,
                _ => applied += n,
            }
        }
        let mut events_by_type: Vec<(String, u64)> = by_type.into_iter().collect();
        events_by_type.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let total = applied + stale + quarantined;
        let last = self.last_relay_event(integration_id).await?;
        let last_error: Option<String> = sqlx::query_scalar(
            "SELECT detail FROM inbox_events WHERE integration_id = ? AND outcome = 'quarantined'
             ORDER BY applied_at DESC, id DESC LIMIT 1",
        )
        .bind(integration_id)
        .fetch_optional(self.pool())
        .await?
        .flatten();
        let lag_p50_ms = self.lag_percentile(integration_id, &hour_ago, 0.50).await?;
        let lag_p99_ms = self.lag_percentile(integration_id, &hour_ago, 0.99).await?;
        Ok(RealtimeStatus {
            channel,
            events_by_type,
            applied,
            stale,
            quarantined,
            success_rate: (total > 0).then(|| applied as f64 / total as f64),
            last_event_type: last.as_ref().and_then(|last| last.event_type.clone()),
            last_event_at: last.map(|last| last.applied_at),
            lag_p50_ms,
            lag_p99_ms,
            last_error,
            quarantine: self
                .open_quarantine(integration_id, QuarantineSource::Relay, QUARANTINE_SHOWN)
                .await?,
            backlog: None,
        })
    }

    /// The newest event taken from the relay for `integration_id`, if any.
    pub async fn last_relay_event(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Option<LastEvent>> {
        let row = sqlx::query(
            "SELECT event_type, applied_at FROM inbox_events WHERE integration_id = ?
             ORDER BY applied_at DESC, id DESC LIMIT 1",
        )
        .bind(integration_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(LastEvent {
                event_type: row.try_get("event_type")?,
                applied_at: row.try_get("applied_at")?,
            })
        })
        .transpose()
    }

    /// The `p` percentile of the lag (relay receipt → commit here) of the events applied
    /// since `since`, ranked inside SQLite: an hour of a drained backlog is many rows, and
    /// the page asks again after every batch.
    async fn lag_percentile(
        &self,
        integration_id: IntegrationId,
        since: &str,
        p: f64,
    ) -> Result<Option<u64>> {
        const LAG_MS: &str =
            "max(0, (julianday(applied_at) - julianday(received_at)) * 86400000.0)";
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM inbox_events WHERE integration_id = ? AND applied_at >= ?",
        )
        .bind(integration_id)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        let Some(last) = count.checked_sub(1).filter(|last| *last >= 0) else {
            return Ok(None);
        };
        let rank = ((last as f64) * p).round() as i64;
        let lag: Option<f64> = sqlx::query_scalar(&format!(
            "SELECT {LAG_MS} AS lag FROM inbox_events WHERE integration_id = ? AND applied_at >= ?
             ORDER BY lag LIMIT 1 OFFSET ?"
        ))
        .bind(integration_id)
        .bind(since)
        .bind(rank)
        .fetch_optional(self.pool())
        .await?;
        Ok(lag.map(|ms| ms.round() as u64))
    }

    pub async fn set_relay_channel(&self, channel: &RelayChannel) -> Result<()> {
        sqlx::query(
            "INSERT INTO relay_channels (integration_id, relay_url, channel, auth_mode, cursor, created_at)
             VALUES (?, ?, ?, ?, 0, ?)
             ON CONFLICT (integration_id) DO UPDATE SET relay_url = excluded.relay_url,
                channel = excluded.channel, auth_mode = excluded.auth_mode,
                cursor = CASE WHEN relay_channels.channel = excluded.channel THEN relay_channels.cursor ELSE 0 END",
        )
        .bind(channel.integration_id)
        .bind(&channel.relay_url)
        .bind(&channel.channel)
        .bind(channel.auth_mode.as_str())
        .bind(now_utc())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn relay_channel(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Option<RelayChannel>> {
        Ok(self
            .relay_channels()
            .await?
            .into_iter()
            .find(|c| c.integration_id == integration_id))
    }

    /// Whether the inbox holds the provider's event `event_id`.
    pub async fn inbox_has_event(&self, provider: &ProviderKind, event_id: &str) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM inbox_events WHERE provider = ? AND event_id = ?")
                .bind(provider.as_str())
                .bind(event_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    pub async fn relay_channels(&self) -> Result<Vec<RelayChannel>> {
        let rows = sqlx::query(
            "SELECT integration_id, relay_url, channel, auth_mode, cursor FROM relay_channels ORDER BY integration_id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RelayChannel {
                    integration_id: row.try_get("integration_id")?,
                    relay_url: row.try_get("relay_url")?,
                    channel: row.try_get("channel")?,
                    auth_mode: stored_auth_mode(row.try_get("auth_mode")?)?,
                    cursor: row.try_get("cursor")?,
                })
            })
            .collect()
    }
}

/// A channel's mode as stored; one this version cannot read says so instead of guessing.
fn stored_auth_mode(stored: String) -> Result<AuthMode> {
    AuthMode::from_str(&stored).map_err(|detail| Error::InvalidInput {
        field: "modo de autenticação do relay",
        detail,
    })
}
