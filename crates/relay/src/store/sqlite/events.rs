//! Event rows: the group-committed append, reads after a seq, acks and the purge.

use super::count;
use crate::clock::{format_instant, parse_instant};
use crate::error::{RelayError, Result};
use crate::store::{AppendOutcome, Cursor, KeptHeaders, NewEvent, StoredEvent};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;

/// Rows deleted per statement by the purge, so that ingests get the write lock between
/// chunks instead of waiting behind one long delete.
const PURGE_CHUNK: i64 = 2_000;

pub(super) async fn append(pool: &SqlitePool, batch: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut stored_per_channel: HashMap<&str, i64> = HashMap::new();
    for event in batch {
        let headers =
            serde_json::to_string(&event.headers).map_err(|error| RelayError::CorruptRecord {
                detail: format!("cabeçalhos: {error}"),
            })?;
        // The EXISTS guard turns a channel deleted since the lookup into "no row" instead
        // of a foreign-key error that would fail the whole batch.
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO events (channel_id, event_id, received_at, headers, body)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM channels WHERE id = ?1)
             ON CONFLICT DO NOTHING
             RETURNING seq",
        )
        .bind(&event.channel_id)
        .bind(&event.event_id)
        .bind(format_instant(event.received_at))
        .bind(headers)
        .bind(&event.body)
        .fetch_optional(&mut *tx)
        .await?;
        let outcome = match (inserted, &event.event_id) {
            (Some(seq), _) => {
                *stored_per_channel.entry(&event.channel_id).or_default() += 1;
                AppendOutcome::Stored { seq }
            }
            (None, Some(event_id)) => {
                let existing: Option<i64> = sqlx::query_scalar(
                    "SELECT seq FROM events WHERE channel_id = ? AND event_id = ?",
                )
                .bind(&event.channel_id)
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
                existing.map_or(AppendOutcome::ChannelGone, |seq| AppendOutcome::Duplicate {
                    seq,
                })
            }
            (None, None) => AppendOutcome::ChannelGone,
        };
        outcomes.push(outcome);
    }
    for (channel, stored) in stored_per_channel {
        sqlx::query("UPDATE channels SET backlog = backlog + ? WHERE id = ?")
            .bind(stored)
            .bind(channel)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

pub(super) async fn after(
    pool: &SqlitePool,
    channel: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<StoredEvent>> {
    let rows = sqlx::query(
        "SELECT seq, event_id, received_at, headers, body FROM events
         WHERE channel_id = ? AND seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(channel)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let headers: KeptHeaders =
                serde_json::from_str(row.get("headers")).map_err(|error| {
                    RelayError::CorruptRecord {
                        detail: format!("cabeçalhos do evento: {error}"),
                    }
                })?;
            Ok(StoredEvent {
                seq: row.get("seq"),
                event_id: row.get("event_id"),
                received_at: parse_instant(row.get("received_at"))?,
                headers,
                body: row.get("body"),
            })
        })
        .collect()
}

pub(super) async fn cursor(pool: &SqlitePool, channel: &str) -> Result<Option<Cursor>> {
    let row = sqlx::query("SELECT acked_seq, backlog FROM channels WHERE id = ?")
        .bind(channel)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|row| Cursor {
        acked_seq: row.get("acked_seq"),
        backlog: count(row.get("backlog")),
    }))
}

pub(super) async fn ack(
    pool: &SqlitePool,
    channel: &str,
    up_to: i64,
    now: DateTime<Utc>,
) -> Result<Option<Cursor>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let Some(row) = sqlx::query(
        "SELECT acked_seq, backlog, (SELECT MAX(seq) FROM events WHERE channel_id = ?1) AS newest
         FROM channels WHERE id = ?1",
    )
    .bind(channel)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let acked_seq: i64 = row.get("acked_seq");
    let backlog = count(row.get("backlog"));
    // Never past the newest event: seqs are shared by all channels, so acking a seq this
    // channel has not received yet would silently acknowledge its next events.
    let target = up_to.min(row.get::<Option<i64>, _>("newest").unwrap_or(acked_seq));
    if target <= acked_seq {
        return Ok(Some(Cursor { acked_seq, backlog }));
    }
    // Every event after `acked_seq` is unacknowledged, so the rows touched are exactly the
    // ones leaving the backlog.
    let newly_acked =
        sqlx::query("UPDATE events SET acked_at = ? WHERE channel_id = ? AND seq > ? AND seq <= ?")
            .bind(format_instant(now))
            .bind(channel)
            .bind(acked_seq)
            .bind(target)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    let backlog = backlog.saturating_sub(newly_acked);
    sqlx::query("UPDATE channels SET acked_seq = ?, backlog = ? WHERE id = ?")
        .bind(target)
        .bind(i64::try_from(backlog).unwrap_or(i64::MAX))
        .bind(channel)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(Cursor {
        acked_seq: target,
        backlog,
    }))
}

pub(super) async fn purge_acked(pool: &SqlitePool, acked_before: DateTime<Utc>) -> Result<u64> {
    let cutoff = format_instant(acked_before);
    let mut purged = 0;
    loop {
        let deleted = sqlx::query(
            "DELETE FROM events WHERE seq IN (
                 SELECT seq FROM events WHERE acked_at IS NOT NULL AND acked_at < ? LIMIT ?)",
        )
        .bind(&cutoff)
        .bind(PURGE_CHUNK)
        .execute(pool)
        .await?
        .rows_affected();
        purged += deleted;
        if deleted < u64::try_from(PURGE_CHUNK).unwrap_or(u64::MAX) {
            return Ok(purged);
        }
    }
}
