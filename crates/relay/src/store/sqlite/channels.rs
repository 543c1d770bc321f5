//! Channel rows and their secrets.

use super::{count, parse_column};
use crate::clock::{format_instant, parse_instant};
use crate::error::Result;
use crate::store::{Channel, ChannelSummary, IngestSecret, NewChannel, SecretSummary};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;

pub(super) async fn create(pool: &SqlitePool, channel: &NewChannel) -> Result<()> {
    let created_at = format_instant(channel.created_at);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "INSERT INTO channels (id, provider, auth_mode, pull_token_sha256, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&channel.id)
    .bind(channel.provider.as_str())
    .bind(channel.auth_mode.as_str())
    .bind(&channel.pull_token_sha256)
    .bind(&created_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO channel_secrets (channel_id, secret, created_at) VALUES (?, ?, ?)")
        .bind(&channel.id)
        .bind(&channel.secret)
        .bind(&created_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// One round trip: every ingest starts with this lookup.
pub(super) async fn find(pool: &SqlitePool, id: &str) -> Result<Option<Channel>> {
    let rows = sqlx::query(
        "SELECT c.provider, c.auth_mode, c.pull_token_sha256, c.created_at,
                s.secret, s.expires_at
         FROM channels c LEFT JOIN channel_secrets s ON s.channel_id = c.id
         WHERE c.id = ? ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut secrets = Vec::with_capacity(rows.len());
    for row in &rows {
        let Some(value) = row.get::<Option<String>, _>("secret") else {
            continue;
        };
        secrets.push(IngestSecret {
            value,
            expires_at: optional_instant(row.get("expires_at"))?,
        });
    }
    Ok(Some(Channel {
        id: id.to_string(),
        provider: parse_column(first.get("provider"))?,
        auth_mode: parse_column(first.get("auth_mode"))?,
        pull_token_sha256: first.get("pull_token_sha256"),
        secrets,
        created_at: parse_instant(first.get("created_at"))?,
    }))
}

pub(super) async fn summaries(pool: &SqlitePool) -> Result<Vec<ChannelSummary>> {
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
                created_at: parse_instant(row.get("created_at"))?,
                expires_at: optional_instant(row.get("expires_at"))?,
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
                created_at: parse_instant(row.get("created_at"))?,
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
    pool: &SqlitePool,
    id: &str,
    secret: &str,
    now: DateTime<Utc>,
    others_expire_at: DateTime<Utc>,
) -> Result<bool> {
    let (now, expire_at) = (format_instant(now), format_instant(others_expire_at));
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let exists = sqlx::query("SELECT 1 FROM channels WHERE id = ?")
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
        "UPDATE channel_secrets
         SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > ?1 THEN ?1 ELSE expires_at END
         WHERE channel_id = ?2 AND (expires_at IS NULL OR expires_at > ?3)",
    )
    .bind(&expire_at)
    .bind(id)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO channel_secrets (channel_id, secret, created_at) VALUES (?, ?, ?)")
        .bind(id)
        .bind(secret)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn delete(pool: &SqlitePool, id: &str) -> Result<bool> {
    let result = sqlx::query("DELETE FROM channels WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() > 0)
}

pub(super) async fn purge_expired_secrets(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u64> {
    let result =
        sqlx::query("DELETE FROM channel_secrets WHERE expires_at IS NOT NULL AND expires_at <= ?")
            .bind(format_instant(now))
            .execute(pool)
            .await?;
    Ok(result.rows_affected())
}

pub(super) async fn backlogs(pool: &SqlitePool) -> Result<Vec<(String, u64)>> {
    let rows = sqlx::query("SELECT id, backlog FROM channels ORDER BY id")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .iter()
        .map(|row| (row.get("id"), count(row.get("backlog"))))
        .collect())
}

fn optional_instant(text: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    text.map(parse_instant).transpose()
}
