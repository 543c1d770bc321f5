//! Event rows: the group-committed append, reads after a seq, acks and the batched purge.
//!
//! An append locks its channels' rows (`FOR UPDATE`, in id order) before anything else and
//! keeps them until it commits. So two appends on one channel, from any relays, run one
//! after the other: the second reads the first's counter and event ids only once the first
//! has committed, which makes seqs gapless and in commit order, and a repeated event id a
//! `Duplicate` rather than a unique-index error.
//!
//! Events are stored sealed; the plaintext ones from before sealing, in `unsealed_events`,
//! are read, deduped against and acknowledged beside them, and purged once acknowledged.

use super::{NOTICE_CHANNEL, count, delete_in_batches};
use crate::error::{RelayError, Result};
use crate::store::assign::{Assignment, assign_seqs, channels_in_lock_order};
use crate::store::{
    AppendOutcome, Cursor, KeptHeaders, NewEvent, StoredEvent, StoredPayload, join_key_ids,
    split_key_ids,
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Row};
use std::collections::HashMap;

pub(super) async fn append(pool: &PgPool, batch: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
    let mut tx = pool.begin().await?;
    let next_seqs = lock_channels(&mut tx, &channels_in_lock_order(batch)).await?;
    let existing = stored_ids(&mut tx, batch).await?;
    let assignment = assign_seqs(batch, &next_seqs, &existing);
    insert_rows(&mut tx, batch, &assignment).await?;
    update_counters(&mut tx, &assignment).await?;
    tx.commit().await?;
    Ok(assignment.outcomes)
}

/// Locks the channels that still exist, in id order, and reads their counters. The sort
/// runs below the row locking, so rows are locked in that order.
async fn lock_channels(conn: &mut PgConnection, ids: &[String]) -> Result<HashMap<String, i64>> {
    let rows =
        sqlx::query("SELECT id, next_seq FROM channels WHERE id = ANY($1) ORDER BY id FOR UPDATE")
            .bind(ids)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .iter()
        .map(|row| (row.get("id"), row.get("next_seq")))
        .collect())
}

async fn stored_ids(
    conn: &mut PgConnection,
    batch: &[NewEvent],
) -> Result<HashMap<(String, String), i64>> {
    let (channels, event_ids): (Vec<&str>, Vec<&str>) = batch
        .iter()
        .map(|event| (event.channel_id.as_str(), event.event_id.as_str()))
        .unzip();
    if channels.is_empty() {
        return Ok(HashMap::new());
    }
    // A provider's retry of an event stored before sealing is still a repeat.
    let rows = sqlx::query(
        "WITH k AS (SELECT * FROM UNNEST($1::text[], $2::text[]) AS k (channel_id, event_id))
         SELECT e.channel_id, e.event_id, e.seq FROM events e
           JOIN k ON e.channel_id = k.channel_id AND e.event_id = k.event_id
         UNION ALL
         SELECT u.channel_id, u.event_id, u.seq FROM unsealed_events u
           JOIN k ON u.channel_id = k.channel_id AND u.event_id = k.event_id",
    )
    .bind(&channels)
    .bind(&event_ids)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|row| ((row.get("channel_id"), row.get("event_id")), row.get("seq")))
        .collect())
}

/// One statement for the whole batch, whatever its size: the columns go as arrays.
async fn insert_rows(
    conn: &mut PgConnection,
    batch: &[NewEvent],
    assignment: &Assignment,
) -> Result<()> {
    if assignment.rows.is_empty() {
        return Ok(());
    }
    let rows = &assignment.rows;
    let pick = |row: &&crate::store::assign::NewRow| &batch[row.index];
    let channels: Vec<&str> = rows
        .iter()
        .map(|row| pick(&row).channel_id.as_str())
        .collect();
    let seqs: Vec<i64> = rows.iter().map(|row| row.seq).collect();
    let event_ids: Vec<&str> = rows
        .iter()
        .map(|row| pick(&row).event_id.as_str())
        .collect();
    let received: Vec<DateTime<Utc>> = rows.iter().map(|row| pick(&row).received_at).collect();
    let sizes: Vec<i64> = rows
        .iter()
        .map(|row| i64::try_from(pick(&row).size).unwrap_or(i64::MAX))
        .collect();
    let key_ids: Vec<String> = rows
        .iter()
        .map(|row| join_key_ids(&pick(&row).key_ids))
        .collect();
    let sealed: Vec<&[u8]> = rows
        .iter()
        .map(|row| pick(&row).sealed.as_slice())
        .collect();
    sqlx::query(
        "INSERT INTO events (channel_id, seq, event_id, received_at, size, key_ids, sealed)
         SELECT * FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::timestamptz[],
                              $5::int8[], $6::text[], $7::bytea[])",
    )
    .bind(&channels)
    .bind(&seqs)
    .bind(&event_ids)
    .bind(&received)
    .bind(&sizes)
    .bind(&key_ids)
    .bind(&sealed)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves the counters and backlogs, and queues an "events committed" notice per channel,
/// delivered to the other relays if and when the transaction commits.
async fn update_counters(conn: &mut PgConnection, assignment: &Assignment) -> Result<()> {
    if assignment.counters.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = assignment
        .counters
        .iter()
        .map(|counter| counter.channel_id.as_str())
        .collect();
    let next_seqs: Vec<i64> = assignment.counters.iter().map(|c| c.next_seq).collect();
    let stored: Vec<i64> = assignment.counters.iter().map(|c| c.stored).collect();
    sqlx::query(
        "UPDATE channels c SET next_seq = u.next_seq, backlog = c.backlog + u.stored
         FROM UNNEST($1::text[], $2::int8[], $3::int8[]) AS u (id, next_seq, stored)
         WHERE c.id = u.id",
    )
    .bind(&ids)
    .bind(&next_seqs)
    .bind(&stored)
    .execute(&mut *conn)
    .await?;
    let notices: Vec<String> = assignment
        .counters
        .iter()
        .map(|counter| format!("e:{}:{}", counter.next_seq - 1, counter.channel_id))
        .collect();
    sqlx::query("SELECT pg_notify($1, n) FROM UNNEST($2::text[]) AS n")
        .bind(NOTICE_CHANNEL)
        .bind(&notices)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn after(
    pool: &PgPool,
    channel: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<StoredEvent>> {
    let rows = sqlx::query(
        "SELECT seq, event_id, received_at, size, key_ids, sealed,
                NULL::text AS headers, NULL::bytea AS body
         FROM events WHERE channel_id = $1 AND seq > $2
         UNION ALL
         SELECT seq, event_id, received_at, length(body)::int8, NULL, NULL, headers, body
         FROM unsealed_events WHERE channel_id = $1 AND seq > $2
         ORDER BY seq LIMIT $3",
    )
    .bind(channel)
    .bind(after)
    .bind(i64::from(limit))
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
                received_at: row.get("received_at"),
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

pub(super) async fn cursor(pool: &PgPool, channel: &str) -> Result<Option<Cursor>> {
    let row = sqlx::query("SELECT acked_seq, backlog FROM channels WHERE id = $1")
        .bind(channel)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|row| Cursor {
        acked_seq: row.get("acked_seq"),
        backlog: count(row.get("backlog")),
    }))
}

pub(super) async fn ack(
    pool: &PgPool,
    channel: &str,
    up_to: i64,
    now: DateTime<Utc>,
) -> Result<Option<Cursor>> {
    let mut tx = pool.begin().await?;
    // The channel's lock: an append in flight on it commits first, and its events count.
    let Some(row) =
        sqlx::query("SELECT acked_seq, backlog, next_seq FROM channels WHERE id = $1 FOR UPDATE")
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
    let mut newly_acked = 0;
    for table in ["events", "unsealed_events"] {
        let sql = format!(
            "UPDATE {table} SET acked_at = $1 WHERE channel_id = $2 AND seq > $3 AND seq <= $4"
        );
        newly_acked += sqlx::query(&sql)
            .bind(now)
            .bind(channel)
            .bind(acked_seq)
            .bind(target)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    let backlog = backlog.saturating_sub(newly_acked);
    sqlx::query("UPDATE channels SET acked_seq = $1, backlog = $2 WHERE id = $3")
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
pub(super) async fn purge_acked(pool: &PgPool, acked_before: DateTime<Utc>) -> Result<u64> {
    let sealed = delete_in_batches(
        pool,
        "DELETE FROM events WHERE ctid IN (
             SELECT ctid FROM events WHERE acked_at < $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)",
        acked_before,
    )
    .await?;
    let unsealed = delete_in_batches(
        pool,
        "DELETE FROM unsealed_events WHERE ctid IN (
             SELECT ctid FROM unsealed_events WHERE acked_at IS NOT NULL AND $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)",
        true,
    )
    .await?;
    Ok(sealed + unsealed)
}
