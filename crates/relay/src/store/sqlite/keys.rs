//! The `channel_keys` rows: the public keys a channel's events are sealed to, replaced as
//! a whole when a desktop registers its keys.

use crate::clock::{format_instant, parse_instant};
use crate::error::Result;
use crate::store::ChannelKey;
use sqlx::{Row, SqliteExecutor, SqlitePool};

/// One transaction: an ingest reading the channel meanwhile sees the old set or the new
/// one, never a mix.
pub(super) async fn replace(pool: &SqlitePool, id: &str, keys: &[ChannelKey]) -> Result<bool> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let exists = sqlx::query("SELECT 1 FROM channels WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Ok(false);
    }
    sqlx::query("DELETE FROM channel_keys WHERE channel_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for key in keys {
        sqlx::query(
            "INSERT INTO channel_keys (channel_id, key_id, public_key, role, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(key.key.id().to_string())
        .bind(key.key.to_base64())
        .bind(key.role_text())
        .bind(format_instant(key.created_at))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The desktop's key first, then the recovery key.
pub(super) async fn of_channel<'c>(
    conn: impl SqliteExecutor<'c>,
    id: &str,
) -> Result<Vec<ChannelKey>> {
    let rows = sqlx::query(
        "SELECT key_id, public_key, role, created_at FROM channel_keys
         WHERE channel_id = ? ORDER BY role = 'recovery', key_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            ChannelKey::from_row(
                row.get("key_id"),
                row.get("public_key"),
                row.get("role"),
                parse_instant(row.get("created_at"))?,
            )
        })
        .collect()
}
