//! The `channel_keys` rows: the public keys a channel's events are sealed to, replaced as
//! a whole when a desktop registers its keys. A replacement announces itself (`c:` notice)
//! in its own transaction, so the other relays drop the channel from their caches and seal
//! its next events to the new keys.

use super::NOTICE_CHANNEL;
use crate::error::Result;
use crate::store::ChannelKey;
use sqlx::{PgPool, Row};

pub(super) async fn replace(pool: &PgPool, id: &str, keys: &[ChannelKey]) -> Result<bool> {
    let mut tx = pool.begin().await?;
    // The row lock serializes two replacements of the same channel.
    let exists = sqlx::query("SELECT 1 FROM channels WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Ok(false);
    }
    sqlx::query("DELETE FROM channel_keys WHERE channel_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let key_ids: Vec<String> = keys.iter().map(|k| k.key.id().to_string()).collect();
    let public: Vec<String> = keys.iter().map(|k| k.key.to_base64()).collect();
    let roles: Vec<&str> = keys.iter().map(ChannelKey::role_text).collect();
    let created: Vec<_> = keys.iter().map(|k| k.created_at).collect();
    sqlx::query(
        "INSERT INTO channel_keys (channel_id, key_id, public_key, role, created_at)
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::timestamptz[])",
    )
    .bind(id)
    .bind(&key_ids)
    .bind(&public)
    .bind(&roles)
    .bind(&created)
    .execute(&mut *tx)
    .await?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(NOTICE_CHANNEL)
        .bind(format!("c:{id}"))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The desktop's key first, then the recovery key.
pub(super) async fn of_channel(pool: &PgPool, id: &str) -> Result<Vec<ChannelKey>> {
    let rows = sqlx::query(
        "SELECT key_id, public_key, role, created_at FROM channel_keys
         WHERE channel_id = $1 ORDER BY role = 'recovery', key_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            ChannelKey::from_row(
                row.get("key_id"),
                row.get("public_key"),
                row.get("role"),
                row.get("created_at"),
            )
        })
        .collect()
}
