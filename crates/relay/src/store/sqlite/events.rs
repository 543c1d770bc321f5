//! Event rows: the group-committed append (one multi-row INSERT per commit for the
//! events that carry an id), reads after a seq, acks and the purge.

use super::count;
use crate::clock::{format_instant, parse_instant};
use crate::error::{RelayError, Result};
use crate::store::{AppendOutcome, Cursor, KeptHeaders, NewEvent, StoredEvent};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};
use std::collections::HashMap;

/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;

/// Rows deleted per statement by the purge, so that ingests get the write lock between
/// chunks instead of waiting behind one long delete.
const PURGE_CHUNK: i64 = 2_000;

pub(super) async fn append(pool: &SqlitePool, batch: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let headers = batch
        .iter()
        .map(|event| {
            serde_json::to_string(&event.headers).map_err(|error| RelayError::CorruptRecord {
                detail: format!("cabeçalhos: {error}"),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut outcomes = insert_with_ids(&mut tx, batch, &headers).await?;
    // What the multi-row insert left: repeats, deliveries without an id, gone channels.
    for (index, event) in batch.iter().enumerate() {
        if outcomes[index].is_none() {
            outcomes[index] = Some(insert_one(&mut tx, event, &headers[index]).await?);
        }
    }
    let mut stored_per_channel: HashMap<&str, i64> = HashMap::new();
    for (event, outcome) in batch.iter().zip(&outcomes) {
        if let Some(AppendOutcome::Stored { .. }) = outcome {
            *stored_per_channel.entry(&event.channel_id).or_default() += 1;
        }
    }
    for (channel, stored) in stored_per_channel {
        sqlx::query("UPDATE channels SET backlog = backlog + ? WHERE id = ?")
            .bind(stored)
            .bind(channel)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(outcomes
        .into_iter()
        .map(|outcome| outcome.unwrap_or(AppendOutcome::ChannelGone))
        .collect())
}

/// The events with a provider id, many rows per statement; each stored one is matched
/// back by (channel, event id). `None` for the rest: a repeat (of a stored event, or of an
/// earlier one in the batch), a gone channel, or no id at all.
async fn insert_with_ids(
    conn: &mut SqliteConnection,
    batch: &[NewEvent],
    headers: &[String],
) -> Result<Vec<Option<AppendOutcome>>> {
    const WIDTH: usize = 5;
    let mut outcomes = vec![None; batch.len()];
    let with_id: Vec<usize> = (0..batch.len())
        .filter(|&i| batch[i].event_id.is_some())
        .collect();
    for chunk in with_id.chunks(MAX_PARAMETERS / WIDTH) {
        let rows = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        // The EXISTS guard turns a channel deleted since the lookup into "no row" instead
        // of a foreign-key error that would fail the whole batch.
        let sql = format!(
            "INSERT INTO events (channel_id, event_id, received_at, headers, body)
             SELECT column1, column2, column3, column4, column5 FROM (VALUES {rows})
             WHERE EXISTS (SELECT 1 FROM channels WHERE id = column1)
             ON CONFLICT DO NOTHING
             RETURNING seq, channel_id, event_id"
        );
        let mut query = sqlx::query(&sql);
        for &i in chunk {
            let event = &batch[i];
            query = query
                .bind(&event.channel_id)
                .bind(&event.event_id)
                .bind(format_instant(event.received_at))
                .bind(&headers[i])
                .bind(&event.body);
        }
        let mut stored: HashMap<(String, String), i64> = query
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| ((row.get("channel_id"), row.get("event_id")), row.get("seq")))
            .collect();
        for &i in chunk {
            let event = &batch[i];
            let key = (
                event.channel_id.clone(),
                event.event_id.clone().unwrap_or_default(),
            );
            // Removed once taken: a repeat later in the batch is then a duplicate.
            outcomes[i] = stored.remove(&key).map(|seq| AppendOutcome::Stored { seq });
        }
    }
    Ok(outcomes)
}

/// One event the multi-row insert did not store.
async fn insert_one(
    conn: &mut SqliteConnection,
    event: &NewEvent,
    headers: &str,
) -> Result<AppendOutcome> {
    if let Some(event_id) = &event.event_id {
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT seq FROM events WHERE channel_id = ? AND event_id = ?")
                .bind(&event.channel_id)
                .bind(event_id)
                .fetch_optional(&mut *conn)
                .await?;
        return Ok(
            existing.map_or(AppendOutcome::ChannelGone, |seq| AppendOutcome::Duplicate {
                seq,
            }),
        );
    }
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO events (channel_id, event_id, received_at, headers, body)
         SELECT ?1, NULL, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM channels WHERE id = ?1)
         RETURNING seq",
    )
    .bind(&event.channel_id)
    .bind(format_instant(event.received_at))
    .bind(headers)
    .bind(&event.body)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(
        inserted.map_or(AppendOutcome::ChannelGone, |seq| AppendOutcome::Stored {
            seq,
        }),
    )
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
