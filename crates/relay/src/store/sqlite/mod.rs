//! The embedded store: one SQLite file (mode 0600) in WAL mode with `synchronous=FULL`, so
//! that a commit has reached the disk before the relay answers 2xx. Its SQL lives in this
//! module and nowhere else.

mod channels;
mod events;
mod keys;

use super::{
    AppendOutcome, Channel, ChannelKey, ChannelSummary, Cursor, EventStore, NewChannel, NewEvent,
    Notice, Purged, StoredEvent,
};
use crate::error::{RelayError, Result};
use crate::secrets::SecretsKeys;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The server keys of the HMAC and Standard secrets (`secrets.rs`).
    secrets: SecretsKeys,
}

impl SqliteStore {
    /// `open_with_keys` with this process's throwaway secrets key
    /// (`SecretsKeys::for_this_process`): for the demo's relay, new at each launch, and
    /// the tests. The binary passes the operator's keys.
    pub async fn open(path: &Path) -> Result<SqliteStore> {
        SqliteStore::open_with_keys(path, SecretsKeys::for_this_process()).await
    }

    /// Opens (creating if needed) the database at `path`, applies the migrations, and
    /// converts any ingest secret still in clear; refuses a database holding secrets under
    /// a key `secrets` lacks.
    pub async fn open_with_keys(path: &Path, secrets: SecretsKeys) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| RelayError::DatabaseDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        create_private(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: in WAL mode, NORMAL may lose the last commits on power loss, and a
            // 2xx must mean the event survives anything short of losing the disk.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // The admin CLI writes to the same file while `serve` runs.
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        if let Err(error) = channels::secure_secrets(&pool, &secrets).await {
            pool.close().await;
            return Err(error);
        }
        Ok(SqliteStore { pool, secrets })
    }
}

#[async_trait]
impl EventStore for SqliteStore {
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

    async fn notices(&self, _stop: CancellationToken) -> Result<Option<mpsc::Receiver<Notice>>> {
        Ok(None)
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates the database file readable by its owner only, before SQLite opens it: the file
/// holds ingest secrets and sealed payloads. SQLite gives the -wal and -shm files it creates
/// beside it the database file's permissions.
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    match created {
        Ok(_) => Ok(()),
        // An existing database keeps the permissions its operator gave it.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // What SQLite itself would report had it failed to create the file; the CLI adds
        // the path.
        Err(error) => Err(RelayError::Database(sqlx::Error::Io(error))),
    }
}

/// Reads a text column back into one of the webhooks crate's enums.
fn parse_column<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|detail| RelayError::CorruptRecord { detail })
}

/// Counts are never negative in the schema; a negative one would be corruption.
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
