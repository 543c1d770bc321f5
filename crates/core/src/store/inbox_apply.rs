//! Applying a pulled batch of relay events in one transaction, set-wise, because draining
//! a backlog means hundreds of events per pull: one lookup finds the events already taken,
//! the upserts of each entity go through the sync's own `apply_in` together, a record
//! changed several times in the batch is written once (its last version), and the inbox
//! rows go in multi-row INSERTs. Each event's outcome is still what writing the events one
//! by one would have given.

use super::coinzz;
use super::entities;
use super::inbox::{EventEffect, EventOutcome, RelayChannel, RelayEvent};
use super::links::{
    ApplyOutcome, Batch, ExistingLink, QuarantineOrigin, apply_loaded, load_links, quarantine_in,
};
use super::{Store, StoredRecord, placeholders, rows_per_statement};
use crate::domain::{EntityKind, IntegrationId, ProviderKind};
use crate::error::Result;
use sqlx::{Row, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// What one event did, as its inbox row records it.
struct Recorded<'e> {
    outcome: EventOutcome,
    entity: Option<EntityKind>,
    external_id: Option<&'e str>,
    detail: Option<String>,
}

/// Where the events' effects go.
struct Target<'a> {
    conn: &'a mut SqliteConnection,
    integration_id: IntegrationId,
    provider: &'a ProviderKind,
    channel: &'a str,
    now: &'a str,
}

impl Store {
    /// Applies a batch of relay events in one transaction: each is recorded in
    /// `inbox_events` (one already there is skipped as a duplicate), its effect applied,
    /// and the channel's cursor moved past the batch. Only after this returns may the
    /// relay be acknowledged.
    pub async fn apply_relay_events(
        &self,
        channel: &RelayChannel,
        provider: &ProviderKind,
        events: &[(RelayEvent, EventEffect)],
    ) -> Result<Vec<EventOutcome>> {
        let mut tx = self.begin_write().await?;
        let now = now_millis();
        let (mut seqs, mut ids) = already_taken(&mut tx, channel, provider, events).await?;
        let mut target = Target {
            conn: &mut tx,
            integration_id: channel.integration_id,
            provider,
            channel: &channel.channel,
            now: &now,
        };
        let mut recorded: Vec<Option<Recorded>> = events.iter().map(|_| None).collect();
        let mut pending = PendingUpserts::default();
        for (index, (event, effect)) in events.iter().enumerate() {
            // A repeat of an earlier event of this batch counts as taken too.
            if !seqs.insert(event.seq) || !ids.insert(event.event_id.as_str()) {
                continue;
            }
            take(
                &mut target,
                &mut pending,
                &mut recorded,
                index,
                event,
                effect,
            )
            .await?;
        }
        pending.write(&mut target, &mut recorded).await?;
        insert_inbox(&mut tx, channel, provider, events, &recorded, &now).await?;
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
        Ok(recorded
            .iter()
            .map(|r| r.as_ref().map_or(EventOutcome::Duplicate, |r| r.outcome))
            .collect())
    }

    /// Reprocesses quarantined relay event `quarantine_id`, pulled again from the relay
    /// and decoded by the current code: applied like any event (its inbox row rewritten,
    /// the quarantine resolved), or kept in quarantine under the new reason.
    pub async fn reapply_quarantined(
        &self,
        channel: &RelayChannel,
        provider: &ProviderKind,
        quarantine_id: i64,
        event: &RelayEvent,
        effect: &EventEffect,
    ) -> Result<EventOutcome> {
        let mut tx = self.begin_write().await?;
        let now = now_millis();
        if let EventEffect::Quarantine { failure, .. } = effect {
            sqlx::query("UPDATE quarantine SET reason = ? WHERE id = ?")
                .bind(&failure.reason)
                .bind(quarantine_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(EventOutcome::Quarantined);
        }
        let mut target = Target {
            conn: &mut tx,
            integration_id: channel.integration_id,
            provider,
            channel: &channel.channel,
            now: &now,
        };
        let mut recorded = vec![None];
        let mut pending = PendingUpserts::default();
        take(&mut target, &mut pending, &mut recorded, 0, event, effect).await?;
        pending.write(&mut target, &mut recorded).await?;
        let Some(Some(done)) = recorded.pop() else {
            return Err(crate::error::Error::InvalidInput {
                field: "evento reprocessado",
                detail: format!("o evento {} não produziu resultado", event.event_id),
            });
        };
        sqlx::query(
            "UPDATE inbox_events SET event_type = ?, entity_type = ?, external_id = ?, outcome = ?,
                detail = ?, applied_at = ?
             WHERE channel = ? AND seq = ?",
        )
        .bind(event.event_type.as_deref())
        .bind(done.entity.map(EntityKind::as_str))
        .bind(done.external_id)
        .bind(done.outcome.as_str())
        .bind(done.detail.as_deref())
        .bind(&now)
        .bind(&channel.channel)
        .bind(event.seq)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE quarantine SET resolved_at = ? WHERE id = ?")
            .bind(&now)
            .bind(quarantine_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.outcome)
    }
}

/// Milliseconds: the status page's lag (received at the relay → applied here) is tens of
/// milliseconds.
fn now_millis() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Takes event `index` of the batch: upserts wait in `pending` (written together), the
/// rest is applied now.
async fn take<'e>(
    target: &mut Target<'_>,
    pending: &mut PendingUpserts<'e>,
    recorded: &mut [Option<Recorded<'e>>],
    index: usize,
    event: &RelayEvent,
    effect: &'e EventEffect,
) -> Result<()> {
    recorded[index] = match effect {
        EventEffect::Upsert { entity, record } => {
            pending.push(*entity, index, record);
            return Ok(());
        }
        EventEffect::Deactivate {
            entity,
            external_id,
        } => {
            // Upserts of the same record earlier in the batch go first.
            if pending.holds(*entity, external_id) {
                pending.write(target, recorded).await?;
            }
            Some(deactivate(target, *entity, external_id).await?)
        }
        EventEffect::Coinzz(change) => {
            let (outcome, detail) = coinzz::apply(
                target.conn,
                target.integration_id,
                target.provider,
                change,
                target.now,
            )
            .await?;
            Some(Recorded {
                outcome,
                entity: Some(EntityKind::Venda),
                external_id: Some(change.order_number.as_str()),
                detail,
            })
        }
        EventEffect::Acknowledge => Some(Recorded {
            outcome: EventOutcome::Unchanged,
            entity: None,
            external_id: None,
            detail: None,
        }),
        EventEffect::Quarantine { entity, failure } => {
            let origin = QuarantineOrigin::Relay {
                channel: target.channel,
                seq: event.seq,
            };
            quarantine_in(
                target.conn,
                target.integration_id,
                origin,
                *entity,
                failure,
                target.now,
            )
            .await?;
            Some(Recorded {
                outcome: EventOutcome::Quarantined,
                entity: *entity,
                external_id: failure.external_id.as_deref(),
                detail: Some(failure.reason.clone()),
            })
        }
    };
    Ok(())
}

/// The batch's seqs and event ids that the inbox already holds.
async fn already_taken<'e>(
    conn: &mut SqliteConnection,
    channel: &RelayChannel,
    provider: &ProviderKind,
    events: &'e [(RelayEvent, EventEffect)],
) -> Result<(HashSet<i64>, HashSet<&'e str>)> {
    let (mut seqs, mut ids) = (HashSet::new(), HashSet::new());
    for chunk in events.chunks(rows_per_statement(1) - 1) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!("SELECT seq FROM inbox_events WHERE channel = ? AND seq IN ({marks})");
        let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(&channel.channel);
        for (event, _) in chunk {
            query = query.bind(event.seq);
        }
        seqs.extend(query.fetch_all(&mut *conn).await?);

        let sql = format!(
            "SELECT event_id FROM inbox_events WHERE provider = ? AND event_id IN ({marks})"
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(provider.as_str());
        for (event, _) in chunk {
            query = query.bind(event.event_id.as_str());
        }
        let found: HashSet<String> = query.fetch_all(&mut *conn).await?.into_iter().collect();
        ids.extend(
            chunk
                .iter()
                .map(|(event, _)| event.event_id.as_str())
                .filter(|id| found.contains(*id)),
        );
    }
    Ok((seqs, ids))
}

/// A record deleted upstream: its link and row marked inactive.
async fn deactivate<'e>(
    target: &mut Target<'_>,
    entity: EntityKind,
    external_id: &'e str,
) -> Result<Recorded<'e>> {
    let link = sqlx::query(
        "UPDATE entity_links SET active = 0, last_changed_at = ?
         WHERE provider = ? AND integration_id = ? AND entity_type = ? AND external_id = ? AND active = 1
         RETURNING local_id",
    )
    .bind(target.now)
    .bind(target.provider.as_str())
    .bind(target.integration_id)
    .bind(entity.as_str())
    .bind(external_id)
    .fetch_optional(&mut *target.conn)
    .await?;
    let outcome = match link {
        Some(row) => {
            entities::set_deactivated(
                target.conn,
                entity,
                row.try_get("local_id")?,
                Some(target.now),
            )
            .await?;
            EventOutcome::Deactivated
        }
        // Never mirrored, or already inactive: nothing to undo.
        None => EventOutcome::Unchanged,
    };
    Ok(Recorded {
        outcome,
        entity: Some(entity),
        external_id: Some(external_id),
        detail: None,
    })
}

/// Upserts waiting to be written, per entity, per record, in batch order.
#[derive(Default)]
struct PendingUpserts<'e> {
    entities: Vec<EntityUpserts<'e>>,
}

struct EntityUpserts<'e> {
    entity: EntityKind,
    /// Each record's events (index in the batch, version carried), in batch order.
    records: Vec<Vec<(usize, &'e StoredRecord)>>,
    position: HashMap<&'e str, usize>,
}

impl<'e> PendingUpserts<'e> {
    fn push(&mut self, entity: EntityKind, index: usize, record: &'e StoredRecord) {
        let at = match self.entities.iter().position(|g| g.entity == entity) {
            Some(at) => at,
            None => {
                self.entities.push(EntityUpserts {
                    entity,
                    records: Vec::new(),
                    position: HashMap::new(),
                });
                self.entities.len() - 1
            }
        };
        let group = &mut self.entities[at];
        let at = *group
            .position
            .entry(record.external_id.as_str())
            .or_insert_with(|| {
                group.records.push(Vec::new());
                group.records.len() - 1
            });
        group.records[at].push((index, record));
    }

    fn holds(&self, entity: EntityKind, external_id: &str) -> bool {
        self.entities
            .iter()
            .any(|g| g.entity == entity && g.position.contains_key(external_id))
    }

    /// Decides every pending event's outcome against the stored links, writes each
    /// record's last version through `apply_in`, and empties the queue.
    async fn write(
        &mut self,
        target: &mut Target<'_>,
        recorded: &mut [Option<Recorded<'e>>],
    ) -> Result<()> {
        for group in self.entities.drain(..) {
            let ids: Vec<&str> = group.position.keys().copied().collect();
            let links = load_links(
                target.conn,
                target.provider,
                target.integration_id,
                group.entity,
                &ids,
            )
            .await?;
            let mut written = Vec::new();
            for events in &group.records {
                let versions: Vec<&StoredRecord> = events.iter().map(|(_, r)| *r).collect();
                let stored = links.get(versions[0].external_id.as_str()).cloned();
                let (outcomes, last) = replay(stored, &versions);
                written.extend(last);
                for (&(index, record), (outcome, detail)) in events.iter().zip(outcomes) {
                    if outcome == EventOutcome::Stale {
                        tracing::info!(
                            entity = group.entity.as_str(),
                            external_id = record.external_id,
                            "evento mais antigo que o registro gravado: não aplicado"
                        );
                    }
                    recorded[index] = Some(Recorded {
                        outcome,
                        entity: Some(group.entity),
                        external_id: Some(&record.external_id),
                        detail,
                    });
                }
            }
            let batch = Batch {
                integration_id: target.integration_id,
                provider: target.provider.clone(),
                entity: group.entity,
                scan_id: None,
                records: written,
                failures: &[],
            };
            apply_loaded(target.conn, &batch, links, target.now).await?;
        }
        Ok(())
    }
}

/// The outcome of each version of one record, in batch order, as if each were written in
/// turn over the stored link (`None`: not mirrored yet), and the version that ends up
/// stored (`None` when no version changes it). Writing only that one leaves the same row.
/// The one way the two differ: a record whose `modificado_em` comes and goes between
/// versions of one batch; providers send the field always or never for an entity.
fn replay<'r>(
    mut stored: Option<ExistingLink>,
    versions: &[&'r StoredRecord],
) -> (
    Vec<(EventOutcome, Option<String>)>,
    Option<&'r StoredRecord>,
) {
    let mut outcomes = Vec::with_capacity(versions.len());
    let mut last_written = None;
    for &record in versions {
        let outcome = match &mut stored {
            None => {
                stored = Some(ExistingLink {
                    link_id: 0,
                    local_id: 0,
                    payload_hash: record.payload_hash.clone(),
                    modified_at: record.modified_at.clone(),
                    active: true,
                });
                (EventOutcome::Created, None)
            }
            Some(link) => match link.judge(record) {
                ApplyOutcome::Stale => (EventOutcome::Stale, Some(link.stale_detail(record))),
                ApplyOutcome::Unchanged => (EventOutcome::Unchanged, None),
                ApplyOutcome::Updated => {
                    link.payload_hash.clone_from(&record.payload_hash);
                    link.modified_at.clone_from(&record.modified_at);
                    link.active = true;
                    (EventOutcome::Updated, None)
                }
            },
        };
        if matches!(outcome.0, EventOutcome::Created | EventOutcome::Updated) {
            last_written = Some(record);
        }
        outcomes.push(outcome);
    }
    (outcomes, last_written)
}

/// One inbox row per event taken, many rows per statement.
async fn insert_inbox(
    conn: &mut SqliteConnection,
    channel: &RelayChannel,
    provider: &ProviderKind,
    events: &[(RelayEvent, EventEffect)],
    recorded: &[Option<Recorded<'_>>],
    now: &str,
) -> Result<()> {
    const WIDTH: usize = 12;
    let rows: Vec<(&RelayEvent, &Recorded)> = events
        .iter()
        .zip(recorded)
        .filter_map(|((event, _), recorded)| Some((event, recorded.as_ref()?)))
        .collect();
    for chunk in rows.chunks(rows_per_statement(WIDTH)) {
        let sql = format!(
            "INSERT INTO inbox_events (integration_id, channel, seq, provider, event_id, event_type,
                entity_type, external_id, outcome, detail, received_at, applied_at)
             VALUES {}",
            placeholders(WIDTH, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for (event, recorded) in chunk {
            query = query
                .bind(channel.integration_id)
                .bind(&channel.channel)
                .bind(event.seq)
                .bind(provider.as_str())
                .bind(&event.event_id)
                .bind(event.event_type.as_deref())
                .bind(recorded.entity.map(EntityKind::as_str))
                .bind(recorded.external_id)
                .bind(recorded.outcome.as_str())
                .bind(recorded.detail.as_deref())
                .bind(&event.received_at)
                .bind(now);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CentroCusto, RecordBody, Scope};

    fn version(modified_at: Option<&str>, hash: u8) -> StoredRecord {
        StoredRecord {
            external_id: "7".into(),
            modified_at: modified_at.map(str::to_string),
            payload_hash: vec![hash],
            scope: Scope::Account,
            body: RecordBody::CentroCusto(CentroCusto {
                nome: format!("v{hash}"),
                cadastrado_em: None,
            }),
        }
    }

    fn link(modified_at: Option<&str>, hash: u8, active: bool) -> ExistingLink {
        ExistingLink {
            link_id: 1,
            local_id: 1,
            payload_hash: vec![hash],
            modified_at: modified_at.map(str::to_string),
            active,
        }
    }

    fn outcomes_of(
        stored: Option<ExistingLink>,
        versions: &[StoredRecord],
    ) -> (Vec<EventOutcome>, Option<u8>) {
        let refs: Vec<&StoredRecord> = versions.iter().collect();
        let (outcomes, last) = replay(stored, &refs);
        (
            outcomes.into_iter().map(|(o, _)| o).collect(),
            last.map(|r| r.payload_hash[0]),
        )
    }

    #[test]
    fn a_new_record_changed_twice_is_created_once_and_its_last_version_stored() {
        let versions = [
            version(Some("2026-01-01 10:00:00"), 1),
            version(Some("2026-01-01 11:00:00"), 2),
        ];
        assert_eq!(
            outcomes_of(None, &versions),
            (vec![EventOutcome::Created, EventOutcome::Updated], Some(2))
        );
    }

    #[test]
    fn an_older_version_after_a_newer_one_in_the_batch_is_stale() {
        let stored = link(Some("2026-01-01 09:00:00"), 9, true);
        let versions = [
            version(Some("2026-01-01 11:00:00"), 2),
            version(Some("2026-01-01 10:00:00"), 1),
        ];
        assert_eq!(
            outcomes_of(Some(stored), &versions),
            (vec![EventOutcome::Updated, EventOutcome::Stale], Some(2))
        );
    }

    #[test]
    fn versions_older_than_the_stored_record_change_nothing() {
        let stored = link(Some("2026-01-02 00:00:00"), 9, true);
        let versions = [
            version(Some("2026-01-01 10:00:00"), 1),
            version(Some("2026-01-01 11:00:00"), 2),
        ];
        assert_eq!(
            outcomes_of(Some(stored), &versions),
            (vec![EventOutcome::Stale, EventOutcome::Stale], None)
        );
    }

    #[test]
    fn a_repeat_of_the_stored_payload_is_unchanged_but_revives_an_inactive_record() {
        let versions = [version(None, 9)];
        assert_eq!(
            outcomes_of(Some(link(None, 9, true)), &versions),
            (vec![EventOutcome::Unchanged], None)
        );
        assert_eq!(
            outcomes_of(Some(link(None, 9, false)), &versions),
            (vec![EventOutcome::Updated], Some(9))
        );
    }

    #[test]
    fn a_change_and_its_repeat_store_the_change_once() {
        let versions = [
            version(None, 1),
            version(None, 1),
            version(None, 2),
            version(None, 2),
        ];
        assert_eq!(
            outcomes_of(Some(link(None, 9, true)), &versions),
            (
                vec![
                    EventOutcome::Updated,
                    EventOutcome::Unchanged,
                    EventOutcome::Updated,
                    EventOutcome::Unchanged
                ],
                Some(2)
            )
        );
    }
}
