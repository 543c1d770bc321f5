//! Channel rows and their secrets, which are kept as digests or encrypted
//! (`secrets.rs`): never in clear.

use super::{count, parse_column};
use crate::clock::{format_instant, parse_instant};
use crate::error::Result;
use crate::secrets::{SecretsKeys, StoredSecret};
use crate::store::{Channel, ChannelSummary, IngestSecret, NewChannel, SecretSummary};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};
use std::collections::HashMap;

pub(super) async fn create(
    pool: &SqlitePool,
    keys: &SecretsKeys,
    channel: &NewChannel,
) -> Result<()> {
    let stored = keys.store(channel.auth_mode, &channel.id, &channel.secret)?;
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
    insert_secret(&mut tx, &channel.id, &stored, &created_at).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_secret(
    conn: &mut SqliteConnection,
    channel_id: &str,
    stored: &StoredSecret,
    created_at: &str,
) -> Result<()> {
    let (digest, sealed, key_id) = stored.columns();
    sqlx::query(
        "INSERT INTO channel_secrets (channel_id, secret_digest, secret_sealed, key_id, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(channel_id)
    .bind(digest)
    .bind(sealed)
    .bind(key_id)
    .bind(created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// One round trip: every ingest starts with this lookup.
pub(super) async fn find(
    pool: &SqlitePool,
    keys: &SecretsKeys,
    id: &str,
) -> Result<Option<Channel>> {
    let rows = sqlx::query(
        "SELECT c.provider, c.auth_mode, c.pull_token_sha256, c.created_at,
                s.id AS secret_id, s.secret_digest, s.secret_sealed, s.key_id, s.expires_at
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
        if row.get::<Option<i64>, _>("secret_id").is_none() {
            continue;
        }
        secrets.push(IngestSecret {
            value: keys.read(
                id,
                row.get("secret_digest"),
                row.get("secret_sealed"),
                row.get("key_id"),
            )?,
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
        // Filled in by the store from `channel_keys`.
        recipients: Vec::new(),
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
    keys: &SecretsKeys,
    id: &str,
    secret: &str,
    now: DateTime<Utc>,
    others_expire_at: DateTime<Utc>,
) -> Result<bool> {
    let (now, expire_at) = (format_instant(now), format_instant(others_expire_at));
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mode = sqlx::query_scalar::<_, String>("SELECT auth_mode FROM channels WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(mode) = mode else {
        return Ok(false);
    };
    let stored = keys.store(parse_column(&mode)?, id, secret)?;
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
    insert_secret(&mut tx, id, &stored, &now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Converts the secrets still in clear (a database from before migration 0004), then
/// refuses to go on if any is encrypted under a key `keys` lacks. After a conversion the
/// file is rewritten (`VACUUM`) and the WAL emptied, so no freed page keeps the old text.
pub(super) async fn secure_secrets(pool: &SqlitePool, keys: &SecretsKeys) -> Result<u64> {
    // Read first: a relay opening an upgraded database must not wait for the write lock
    // (another relay or the admin CLI may hold it).
    let in_clear: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM channel_secrets WHERE clear_secret IS NOT NULL)",
    )
    .fetch_one(pool)
    .await?;
    let converted = if in_clear {
        convert_clear_secrets(pool, keys).await?
    } else {
        0
    };
    let key_ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT key_id FROM channel_secrets WHERE key_id IS NOT NULL ORDER BY key_id",
    )
    .fetch_all(pool)
    .await?;
    keys.check_known(key_ids.iter().map(String::as_str))?;
    Ok(converted)
}

async fn convert_clear_secrets(pool: &SqlitePool, keys: &SecretsKeys) -> Result<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query(
        "SELECT s.id, s.channel_id, s.clear_secret, c.auth_mode
         FROM channel_secrets s JOIN channels c ON c.id = s.channel_id
         WHERE s.clear_secret IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for row in &rows {
        let channel_id: String = row.get("channel_id");
        let clear: String = row.get("clear_secret");
        let stored = keys.store(parse_column(row.get("auth_mode"))?, &channel_id, &clear)?;
        let (digest, sealed, key_id) = stored.columns();
        sqlx::query(
            "UPDATE channel_secrets
             SET clear_secret = NULL, secret_digest = ?, secret_sealed = ?, key_id = ?
             WHERE id = ?",
        )
        .bind(digest)
        .bind(sealed)
        .bind(key_id)
        .bind(row.get::<i64, _>("id"))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let converted = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    if converted > 0 {
        sqlx::query("VACUUM").execute(pool).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await?;
    }
    Ok(converted)
}

/// Rewrites every encrypted secret under the current key, in one transaction.
pub(super) async fn reencrypt(pool: &SqlitePool, keys: &SecretsKeys) -> Result<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query(
        "SELECT id, channel_id, secret_sealed, key_id FROM channel_secrets
         WHERE key_id IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut rewritten = 0;
    for row in &rows {
        let sealed: Vec<u8> = row.get("secret_sealed");
        let key_id: String = row.get("key_id");
        let channel_id: String = row.get("channel_id");
        let Some(resealed) = keys.reseal(&channel_id, &key_id, &sealed)? else {
            continue;
        };
        let (_, sealed, key_id) = resealed.columns();
        sqlx::query("UPDATE channel_secrets SET secret_sealed = ?, key_id = ? WHERE id = ?")
            .bind(sealed)
            .bind(key_id)
            .bind(row.get::<i64, _>("id"))
            .execute(&mut *tx)
            .await?;
        rewritten += 1;
    }
    tx.commit().await?;
    Ok(rewritten)
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
