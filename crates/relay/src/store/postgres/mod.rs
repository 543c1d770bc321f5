//! The shared store: PostgreSQL, for many relays on one database. Every session runs with
//! `synchronous_commit=on`, so a commit has reached the primary's disk (and a synchronous
//! standby's, when the server has one) before the relay answers 2xx. Changes are announced
//! with `pg_notify` inside their own transaction, so a notice is sent only if they commit.
//! Its SQL lives in this module and nowhere else.

mod channels;
mod events;
mod keys;
mod listen;

use super::{
    AppendOutcome, Channel, ChannelKey, ChannelSummary, Cursor, EventStore, NewChannel, NewEvent,
    Notice, Purged, StoredEvent,
};
use crate::error::Result;
use crate::secrets::SecretsKeys;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The NOTIFY channel every relay on the database listens on.
const NOTICE_CHANNEL: &str = "ponte_relay";

/// Rows deleted per statement by the purge: each batch is its own short transaction.
const PURGE_CHUNK: i64 = 2_000;

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// The server keys of the HMAC and Standard secrets (`secrets.rs`).
    secrets: SecretsKeys,
}

impl PostgresStore {
    /// `connect_with_keys` with this process's throwaway secrets key
    /// (`SecretsKeys::for_this_process`): for the tests. The binary passes the operator's
    /// keys.
    pub async fn connect(url: &str) -> Result<PostgresStore> {
        PostgresStore::connect_with_keys(url, SecretsKeys::for_this_process()).await
    }

    /// Connects to `url` (`postgres://user@host:port/db`), applies the migrations, and
    /// converts any ingest secret still in clear; refuses a database holding secrets under
    /// a key `secrets` lacks. Several relays starting at once are fine (the migrator takes
    /// an advisory lock; the conversion locks the rows it converts).
    pub async fn connect_with_keys(url: &str, secrets: SecretsKeys) -> Result<PostgresStore> {
        let options = PgConnectOptions::from_str(url)?
            .application_name("ponte-relay")
            // Whatever the server's default: a 2xx promises a durable commit.
            .options([("synchronous_commit", "on")]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        if let Err(error) = channels::secure_secrets(&pool, &secrets).await {
            pool.close().await;
            return Err(error);
        }
        Ok(PostgresStore { pool, secrets })
    }
}

#[async_trait]
impl EventStore for PostgresStore {
    async fn create_channel(&self, channel: &NewChannel) -> Result<()> {
        channels::create(&self.pool, &self.secrets, channel).await
    }

    async fn channel(&self, id: &str) -> Result<Option<Channel>> {
        let Some(mut channel) = channels::find(&self.pool, &self.secrets, id).await? else {
            return Ok(None);
        };
        channel.recipients = keys::of_channel(&self.pool, id)
            .await?
            .into_iter()
            .map(|key| key.key)
            .collect();
        Ok(Some(channel))
    }

    async fn channel_summaries(&self) -> Result<Vec<ChannelSummary>> {
        channels::summaries(&self.pool).await
    }

    async fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        now: DateTime<Utc>,
        others_expire_at: DateTime<Utc>,
    ) -> Result<bool> {
        channels::rotate_secret(&self.pool, &self.secrets, id, secret, now, others_expire_at).await
    }

    async fn delete_channel(&self, id: &str) -> Result<bool> {
        channels::delete(&self.pool, id).await
    }

    async fn reencrypt_secrets(&self) -> Result<u64> {
        channels::reencrypt(&self.pool, &self.secrets).await
    }

    async fn set_channel_keys(&self, id: &str, keys: &[ChannelKey]) -> Result<bool> {
        keys::replace(&self.pool, id, keys).await
    }

    async fn channel_keys(&self, id: &str) -> Result<Vec<ChannelKey>> {
        keys::of_channel(&self.pool, id).await
    }

    async fn append(&self, batch: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
        events::append(&self.pool, batch).await
    }

    async fn events_after(
        &self,
        channel: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>> {
        events::after(&self.pool, channel, after, limit).await
    }

    async fn cursor(&self, channel: &str) -> Result<Option<Cursor>> {
        events::cursor(&self.pool, channel).await
    }

    async fn ack(&self, channel: &str, up_to: i64, now: DateTime<Utc>) -> Result<Option<Cursor>> {
        events::ack(&self.pool, channel, up_to, now).await
    }

    async fn purge(&self, acked_before: DateTime<Utc>, now: DateTime<Utc>) -> Result<Purged> {
        Ok(Purged {
            events: events::purge_acked(&self.pool, acked_before).await?,
            secrets: channels::purge_expired_secrets(&self.pool, now).await?,
        })
    }

    async fn backlogs(&self) -> Result<Vec<(String, u64)>> {
        channels::backlogs(&self.pool).await
    }

    async fn notices(&self, stop: CancellationToken) -> Result<Option<mpsc::Receiver<Notice>>> {
        Ok(Some(listen::notices(&self.pool, stop).await?))
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Reads a text column back into one of the webhooks crate's enums.
fn parse_column<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|detail| crate::error::RelayError::CorruptRecord { detail })
}

/// Counts are never negative in the schema; a negative one would be corruption.
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Deletes in `PURGE_CHUNK` batches, each its own statement (and transaction), until a
/// batch comes back short. `sql` selects the rows with `FOR UPDATE SKIP LOCKED`, so a
/// purge never waits on rows an ingest or an ack holds; those go at the next run.
async fn delete_in_batches<T>(pool: &PgPool, sql: &str, bound: T) -> Result<u64>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Clone + Send,
{
    let mut deleted = 0;
    loop {
        let batch = sqlx::query(sql)
            .bind(bound.clone())
            .bind(PURGE_CHUNK)
            .execute(pool)
            .await?
            .rows_affected();
        deleted += batch;
        if batch < u64::try_from(PURGE_CHUNK).unwrap_or(u64::MAX) {
            return Ok(deleted);
        }
    }
}
