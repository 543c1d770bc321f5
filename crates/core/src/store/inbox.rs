//! The real-time side of the store: relay channels (where each integration pulls its
//! webhooks, and how far it has read) and `inbox_events`, where every relay event is
//! recorded once, in the same transaction as its effect and the channel's cursor.

use super::entities;
use super::links::{Batch, apply_in, quarantine_in};
use super::{Store, now_utc};
use crate::domain::{EntityKind, IntegrationId, ProviderKind};
use crate::error::Result;
use crate::store::{RecordFailure, StoredRecord};
use serde::Serialize;
use sqlx::{Row, SqliteConnection};

/// Where an integration's webhooks wait: a channel on a relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RelayChannel {
    pub integration_id: IntegrationId,
    pub relay_url: String,
    pub channel: String,
    /// How the provider signs what it sends: `bearer`, `hmac`, `standard`, `url-token`.
    pub auth_mode: String,
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
    fn as_str(self) -> &'static str {
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

impl Store {
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
        .bind(&channel.auth_mode)
        .bind(now_utc())
        .execute(self.pool())
        .await?;
        Ok(())
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
                    auth_mode: row.try_get("auth_mode")?,
                    cursor: row.try_get("cursor")?,
                })
            })
            .collect()
    }

    /// Applies a batch of relay events in one transaction: each is recorded in
    /// `inbox_events` (one already there is skipped as a duplicate), its effect applied,
    /// and the channel's cursor moved past the batch. Only after this returns may the
    /// relay be acknowledged.
    pub async fn apply_relay_events(
        &self,
        channel: &RelayChannel,
        provider: ProviderKind,
        events: &[(RelayEvent, EventEffect)],
    ) -> Result<Vec<EventOutcome>> {
        let mut tx = self.begin_write().await?;
        let now = now_utc();
        let mut outcomes = Vec::with_capacity(events.len());
        for (event, effect) in events {
            if already_taken(&mut tx, channel, provider, event).await? {
                outcomes.push(EventOutcome::Duplicate);
                continue;
            }
            let (outcome, entity, external_id, detail) =
                apply_effect(&mut tx, channel.integration_id, provider, effect, &now).await?;
            sqlx::query(
                "INSERT INTO inbox_events (integration_id, channel, seq, provider, event_id, event_type,
                    entity_type, external_id, outcome, detail, received_at, applied_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(channel.integration_id)
            .bind(&channel.channel)
            .bind(event.seq)
            .bind(provider.as_str())
            .bind(&event.event_id)
            .bind(event.event_type.as_deref())
            .bind(entity.map(EntityKind::as_str))
            .bind(external_id)
            .bind(outcome.as_str())
            .bind(detail)
            .bind(&event.received_at)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            outcomes.push(outcome);
        }
        if let Some(last) = events.iter().map(|(event, _)| event.seq).max() {
            sqlx::query(
                "UPDATE relay_channels SET cursor = max(cursor, ?) WHERE integration_id = ?",
            )
            .bind(last)
            .bind(channel.integration_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

async fn already_taken(
    conn: &mut SqliteConnection,
    channel: &RelayChannel,
    provider: ProviderKind,
    event: &RelayEvent,
) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM inbox_events WHERE (channel = ? AND seq = ?) OR (provider = ? AND event_id = ?)",
    )
    .bind(&channel.channel)
    .bind(event.seq)
    .bind(provider.as_str())
    .bind(&event.event_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// Applies one effect; returns the outcome, the entity and record it touched, and a detail.
async fn apply_effect(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    provider: ProviderKind,
    effect: &EventEffect,
    now: &str,
) -> Result<(
    EventOutcome,
    Option<EntityKind>,
    Option<String>,
    Option<String>,
)> {
    match effect {
        EventEffect::Upsert { entity, record } => {
            let batch = Batch {
                integration_id,
                provider,
                entity: *entity,
                scan_id: None,
                records: std::slice::from_ref(record.as_ref()),
                failures: &[],
            };
            let (counts, log) = apply_in(conn, &batch, "relay", now).await?;
            let stale = log.iter().find(|line| line.action == "stale");
            let outcome = match (counts.created, counts.updated, stale) {
                (1, _, _) => EventOutcome::Created,
                (_, 1, _) => EventOutcome::Updated,
                (_, _, Some(_)) => EventOutcome::Stale,
                _ => EventOutcome::Unchanged,
            };
            if outcome == EventOutcome::Stale {
                tracing::info!(
                    entity = entity.as_str(),
                    external_id = record.external_id,
                    "evento mais antigo que o registro gravado: não aplicado"
                );
            }
            let detail = stale.and_then(|line| line.detail.clone());
            Ok((
                outcome,
                Some(*entity),
                Some(record.external_id.clone()),
                detail,
            ))
        }
        EventEffect::Deactivate {
            entity,
            external_id,
        } => {
            let link = sqlx::query(
                "UPDATE entity_links SET active = 0, last_changed_at = ?
                 WHERE provider = ? AND integration_id = ? AND entity_type = ? AND external_id = ? AND active = 1
                 RETURNING local_id",
            )
            .bind(now)
            .bind(provider.as_str())
            .bind(integration_id)
            .bind(entity.as_str())
            .bind(external_id)
            .fetch_optional(&mut *conn)
            .await?;
            let outcome = match link {
                Some(row) => {
                    entities::set_deactivated(conn, *entity, row.try_get("local_id")?, Some(now))
                        .await?;
                    EventOutcome::Deactivated
                }
                // Never mirrored, or already inactive: nothing to undo.
                None => EventOutcome::Unchanged,
            };
            Ok((outcome, Some(*entity), Some(external_id.clone()), None))
        }
        EventEffect::Quarantine { entity, failure } => {
            quarantine_in(conn, integration_id, "relay", *entity, failure, now).await?;
            Ok((
                EventOutcome::Quarantined,
                *entity,
                failure.external_id.clone(),
                Some(failure.reason.clone()),
            ))
        }
    }
}
