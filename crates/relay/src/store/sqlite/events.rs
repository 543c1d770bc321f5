//! Event rows: the group-committed append (seqs taken from each channel's counter inside
//! the write transaction, then one multi-row INSERT), reads after a seq, acks and the purge.
//! Events are stored sealed; the plaintext ones of a relay from before sealing, in
//! `unsealed_events`, are read, deduped against and acknowledged beside them, and purged
//! as soon as they are acknowledged.

use super::count;
use crate::clock::{format_instant, parse_instant};
use crate::error::{RelayError, Result};
use crate::store::assign::{assign_seqs, channels_in_lock_order};
use crate::store::{
    AppendOutcome, Cursor, KeptHeaders, NewEvent, StoredEvent, StoredPayload, join_key_ids,
    split_key_ids,
};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};
use std::collections::HashMap;

/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;

/// Rows deleted per statement by the purge, so that ingests get the write lock between
/// chunks instead of waiting behind one long delete.
const PURGE_CHUNK: i64 = 2_000;

/// `BEGIN IMMEDIATE` takes the database's write lock first: every append, from this
/// process or another on the same file, runs alone, which orders the channels' counters
/// the way PostgreSQL's row locks do.
pub(super) async fn append(pool: &SqlitePool, batch: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let next_seqs = counters(&mut tx, &channels_in_lock_order(batch)).await?;
    let existing = stored_ids(&mut tx, batch).await?;
    let assignment = assign_seqs(batch, &next_seqs, &existing);
    const WIDTH: usize = 7;
    for rows in assignment.rows.chunks(MAX_PARAMETERS / WIDTH) {
        let values = vec!["(?, ?, ?, ?, ?, ?, ?)"; rows.len()].join(", ");
        let sql = format!(
            "INSERT INTO events (channel_id, seq, event_id, received_at, size, key_ids, sealed)
             VALUES {values}"
        );
        let mut query = sqlx::query(&sql);
        for row in rows {
            let event = &batch[row.index];
            query = query
                .bind(&event.channel_id)
                .bind(row.seq)
                .bind(&event.event_id)
                .bind(format_instant(event.received_at))
                .bind(i64::try_from(event.size).unwrap_or(i64::MAX))
                .bind(join_key_ids(&event.key_ids))
                .bind(&event.sealed);
        }
        query.execute(&mut *tx).await?;
    }
    for counter in &assignment.counters {
        sqlx::query("UPDATE channels SET next_seq = ?, backlog = backlog + ? WHERE id = ?")
            .bind(counter.next_seq)
            .bind(counter.stored)
            .bind(&counter.channel_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(assignment.outcomes)
}

/// The counters of the channels that still exist.
async fn counters(conn: &mut SqliteConnection, ids: &[String]) -> Result<HashMap<String, i64>> {
    let mut next_seqs = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_PARAMETERS) {
        let placeholders = vec!["?"; chunk.len()].join(", ");
        let sql = format!("SELECT id, next_seq FROM channels WHERE id IN ({placeholders})");
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            next_seqs.insert(row.get("id"), row.get("next_seq"));
        }
    }
    Ok(next_seqs)
}

/// The seqs already stored under the batch's (channel, event id) pairs.
async fn stored_ids(
    conn: &mut SqliteConnection,
    batch: &[NewEvent],
) -> Result<HashMap<(String, String), i64>> {
    let keys: Vec<(&str, &str)> = batch
        .iter()
        .map(|event| (event.channel_id.as_str(), event.event_id.as_str()))
        .collect();
    let mut existing = HashMap::new();
    for chunk in keys.chunks(MAX_PARAMETERS / 2) {
        let pairs = vec!["(?, ?)"; chunk.len()].join(", ");
        // A provider's retry of an event stored before sealing is still a repeat.
        let sql = format!(
            "WITH k (channel_id, event_id) AS (VALUES {pairs})
             SELECT e.channel_id, e.event_id, e.seq FROM events e
               JOIN k ON e.channel_id = k.channel_id AND e.event_id = k.event_id
             UNION ALL
             SELECT u.channel_id, u.event_id, u.seq FROM unsealed_events u
               JOIN k ON u.channel_id = k.channel_id AND u.event_id = k.event_id"
        );
        let mut query = sqlx::query(&sql);
        for (channel, event_id) in chunk {
            query = query.bind(*channel).bind(*event_id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            existing.insert((row.get("channel_id"), row.get("event_id")), row.get("seq"));
        }
    }
    Ok(existing)
}

pub(super) async fn after(
    pool: &SqlitePool,
    channel: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<StoredEvent>> {
    let rows = sqlx::query(
        "SELECT seq, event_id, received_at, size, key_ids, sealed,
                NULL AS headers, NULL AS body
         FROM events WHERE channel_id = ?1 AND seq > ?2
         UNION ALL
         SELECT seq, event_id, received_at, length(body), NULL, NULL, headers, body
         FROM unsealed_events WHERE channel_id = ?1 AND seq > ?2
         ORDER BY seq LIMIT ?3",
    )
    .bind(channel)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let payload = match row.get::<Option<Vec<u8>>, _>("sealed") {
                Some(envelope) => StoredPayload::Sealed {
                    key_ids: split_key_ids(
                        &row.get::<Option<String>, _>("key_ids").unwrap_or_default(),
                    ),
                    envelope,
                },
                None => StoredPayload::Unsealed {
                    headers: unsealed_headers(row.get("headers"))?,
                    body: row.get::<Option<Vec<u8>>, _>("body").unwrap_or_default(),
                },
            };
            Ok(StoredEvent {
                seq: row.get("seq"),
                event_id: row.get("event_id"),
                received_at: parse_instant(row.get("received_at"))?,
                size: count(row.get("size")),
                payload,
            })
        })
        .collect()
}

fn unsealed_headers(text: Option<String>) -> Result<KeptHeaders> {
    serde_json::from_str(text.as_deref().unwrap_or("{}")).map_err(|error| {
        RelayError::CorruptRecord {
            detail: format!("cabeçalhos do evento: {error}"),
        }
    })
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
    let Some(row) = sqlx::query("SELECT acked_seq, backlog, next_seq FROM channels WHERE id = ?")
        .bind(channel)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(None);
    };
    let acked_seq: i64 = row.get("acked_seq");
    let backlog = count(row.get("backlog"));
    // Never past the last seq handed out: acking a seq the channel has not reached yet
    // would silently acknowledge its next events.
    let target = up_to.min(row.get::<i64, _>("next_seq") - 1);
    if target <= acked_seq {
        return Ok(Some(Cursor { acked_seq, backlog }));
    }
    // Every event after `acked_seq` is unacknowledged, so the rows touched are exactly the
    // ones leaving the backlog.
    let mut newly_acked = 0;
    for table in ["events", "unsealed_events"] {
        let sql = format!(
            "UPDATE {table} SET acked_at = ? WHERE channel_id = ? AND seq > ? AND seq <= ?"
        );
        newly_acked += sqlx::query(&sql)
            .bind(format_instant(now))
            .bind(channel)
            .bind(acked_seq)
            .bind(target)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
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

/// Sealed events acknowledged before `acked_before`, and plaintext ones from before
/// sealing as soon as they are acknowledged.
pub(super) async fn purge_acked(pool: &SqlitePool, acked_before: DateTime<Utc>) -> Result<u64> {
    let sealed = delete_in_chunks(
        pool,
        "DELETE FROM events WHERE rowid IN (
             SELECT rowid FROM events WHERE acked_at IS NOT NULL AND acked_at < ? LIMIT ?)",
        Some(format_instant(acked_before)),
    )
    .await?;
    let unsealed = delete_in_chunks(
        pool,
        "DELETE FROM unsealed_events WHERE rowid IN (
             SELECT rowid FROM unsealed_events WHERE acked_at IS NOT NULL LIMIT ?)",
        None,
    )
    .await?;
    Ok(sealed + unsealed)
}

/// Runs `sql` (bound to `cutoff` if any, then the chunk size) until a chunk comes back
/// short.
async fn delete_in_chunks(pool: &SqlitePool, sql: &str, cutoff: Option<String>) -> Result<u64> {
    let mut purged = 0;
    loop {
        let mut query = sqlx::query(sql);
        if let Some(cutoff) = &cutoff {
            query = query.bind(cutoff);
        }
        let deleted = query.bind(PURGE_CHUNK).execute(pool).await?.rows_affected();
        purged += deleted;
        if deleted < u64::try_from(PURGE_CHUNK).unwrap_or(u64::MAX) {
            return Ok(purged);
        }
    }
}
