//! Channel rows and their secrets. Every change announces itself (`c:` notice) in its own
//! transaction, so the other relays drop the channel from their caches.

use super::{NOTICE_CHANNEL, count, delete_in_batches, parse_column};
use crate::error::Result;
use crate::store::{Channel, ChannelSummary, IngestSecret, NewChannel, SecretSummary};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Row};
use std::collections::HashMap;

pub(super) async fn create(pool: &PgPool, channel: &NewChannel) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO channels (id, provider, auth_mode, pull_token_sha256, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&channel.id)
    .bind(channel.provider.as_str())
    .bind(channel.auth_mode.as_str())
    .bind(&channel.pull_token_sha256)
    .bind(channel.created_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO channel_secrets (channel_id, secret, created_at) VALUES ($1, $2, $3)")
        .bind(&channel.id)
        .bind(&channel.secret)
        .bind(channel.created_at)
        .execute(&mut *tx)
        .await?;
    announce(&mut tx, &channel.id).await?;
    tx.commit().await?;
    Ok(())
}

/// One round trip: every ingest starts with this lookup (through the cache).
pub(super) async fn find(pool: &PgPool, id: &str) -> Result<Option<Channel>> {
    let rows = sqlx::query(
        "SELECT c.provider, c.auth_mode, c.pull_token_sha256, c.created_at,
                s.secret, s.expires_at
         FROM channels c LEFT JOIN channel_secrets s ON s.channel_id = c.id
         WHERE c.id = $1 ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let secrets = rows
        .iter()
        .filter_map(|row| {
            Some(IngestSecret {
                value: row.get::<Option<String>, _>("secret")?,
                expires_at: row.get("expires_at"),
            })
        })
        .collect();
    Ok(Some(Channel {
        id: id.to_string(),
        provider: parse_column(first.get("provider"))?,
        auth_mode: parse_column(first.get("auth_mode"))?,
        pull_token_sha256: first.get("pull_token_sha256"),
        secrets,
        created_at: first.get("created_at"),
    }))
}

pub(super) async fn summaries(pool: &PgPool) -> Result<Vec<ChannelSummary>> {
    let secret_rows =
        sqlx::query("SELECT channel_id, created_at, expires_at FROM channel_secrets ORDER BY id")
            .fetch_all(pool)
            .await?;
    let mut secrets: HashMap<String, Vec<SecretSummary>> = HashMap::new();
    for row in &secret_rows {
        secrets
            .entry(row.get("channel_id"))
            .or_default()
            .push(SecretSummary {
                created_at: row.get("created_at"),
                expires_at: row.get("expires_at"),
            });
    }
    let rows = sqlx::query(
        "SELECT c.id, c.provider, c.auth_mode, c.created_at, c.acked_seq, c.backlog,
                (SELECT MAX(e.seq) FROM events e WHERE e.channel_id = c.id) AS last_seq
         FROM channels c ORDER BY c.created_at, c.id",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.get("id");
            Ok(ChannelSummary {
                provider: parse_column(row.get("provider"))?,
                auth_mode: parse_column(row.get("auth_mode"))?,
                created_at: row.get("created_at"),
                secrets: secrets.remove(&id).unwrap_or_default(),
                acked_seq: row.get("acked_seq"),
                backlog: count(row.get("backlog")),
                last_seq: row.get("last_seq"),
                id,
            })
        })
        .collect()
}

pub(super) async fn rotate_secret(
    pool: &PgPool,
    id: &str,
    secret: &str,
    now: DateTime<Utc>,
    others_expire_at: DateTime<Utc>,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    // The row lock serializes two rotations of the same channel.
    let exists = sqlx::query("SELECT 1 FROM channels WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Ok(false);
    }
    // A secret already due to expire sooner keeps its earlier expiry: a second rotation
    // never extends the life of the first one's old secret.
    sqlx::query(
        "UPDATE channel_secrets SET expires_at = LEAST(COALESCE(expires_at, $1), $1)
         WHERE channel_id = $2 AND (expires_at IS NULL OR expires_at > $3)",
    )
    .bind(others_expire_at)
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO channel_secrets (channel_id, secret, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(secret)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    announce(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn delete(pool: &PgPool, id: &str) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM channels WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        > 0;
    if deleted {
        announce(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(deleted)
}

pub(super) async fn purge_expired_secrets(pool: &PgPool, now: DateTime<Utc>) -> Result<u64> {
    delete_in_batches(
        pool,
        "DELETE FROM channel_secrets WHERE id IN (
             SELECT id FROM channel_secrets WHERE expires_at <= $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)",
        now,
    )
    .await
}

pub(super) async fn backlogs(pool: &PgPool) -> Result<Vec<(String, u64)>> {
    let rows = sqlx::query("SELECT id, backlog FROM channels ORDER BY id")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .iter()
        .map(|row| (row.get("id"), count(row.get("backlog"))))
        .collect())
}

/// Queues a "channel changed" notice, delivered if and when the transaction commits.
async fn announce(conn: &mut PgConnection, id: &str) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(NOTICE_CHANNEL)
        .bind(format!("c:{id}"))
        .execute(conn)
        .await?;
    Ok(())
}
