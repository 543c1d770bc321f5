//! The relay's storage contract. `EventStore` is what the server needs from a database;
//! `SqliteStore` is the embedded implementation (one machine), `PostgresStore` the shared
//! one (many relays on one database). `open_store` picks one from a `--database` value.

mod assign;
mod cached;
mod postgres;
mod sqlite;

pub use cached::CachedChannels;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

use crate::error::Result;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ponte_webhooks::{AuthMode, Provider};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// The headers kept with an event: lowercase names, the first value of each.
pub type KeptHeaders = BTreeMap<String, String>;

/// Durable storage of channels and events.
///
/// Contract every implementation keeps (`tests/conformance` checks it on each):
/// - `append` commits all its events in one transaction and returns only after the
///   commit is durable, one outcome per event, in order;
/// - seqs are per channel and gapless: a channel's events take 1, 2, 3... from a counter
///   on the channel, locked for the append's whole transaction, so they commit in seq
///   order and a poller that asks for events after N never skips one committed later;
///   a batch locks its channels in id order, so that concurrent relays cannot deadlock;
/// - an event id is stored at most once per channel, also when two relays append it at
///   the same time (the second sees `Duplicate`);
/// - `purge` deletes in short batches, never in one long transaction.
#[async_trait]
pub trait EventStore: Send + Sync {
    async fn create_channel(&self, channel: &NewChannel) -> Result<()>;
    /// The channel with all of its secrets, expired ones included.
    async fn channel(&self, id: &str) -> Result<Option<Channel>>;
    async fn channel_summaries(&self) -> Result<Vec<ChannelSummary>>;
    /// Adds `secret` and makes every secret still valid at `now` expire at
    /// `others_expire_at` at the latest. False when the channel does not exist.
    async fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        now: DateTime<Utc>,
        others_expire_at: DateTime<Utc>,
    ) -> Result<bool>;
    /// Deletes the channel with its secrets and events. False when it did not exist.
    async fn delete_channel(&self, id: &str) -> Result<bool>;

    async fn append(&self, events: &[NewEvent]) -> Result<Vec<AppendOutcome>>;
    async fn events_after(&self, channel: &str, after: i64, limit: u32)
    -> Result<Vec<StoredEvent>>;
    async fn cursor(&self, channel: &str) -> Result<Option<Cursor>>;
    /// Acknowledges the channel's events up to `up_to` (clamped to its newest event).
    async fn ack(&self, channel: &str, up_to: i64, now: DateTime<Utc>) -> Result<Option<Cursor>>;
    /// Deletes events acknowledged before `acked_before` and secrets expired by `now`.
    async fn purge(&self, acked_before: DateTime<Utc>, now: DateTime<Utc>) -> Result<Purged>;
    /// The backlog of every channel, for the metrics.
    async fn backlogs(&self) -> Result<Vec<(String, u64)>>;

    /// Notices of changes made by other relays on the same database, until `stop`.
    /// `None` when nobody else writes to it: SQLite's only other writer is the admin
    /// CLI, whose channel changes the channel cache's short lifetime covers.
    async fn notices(&self, stop: CancellationToken) -> Result<Option<mpsc::Receiver<Notice>>>;

    /// A cheap round trip, for `/healthz`.
    async fn ping(&self) -> Result<()>;
    /// Closes the connections; called once, on shutdown.
    async fn close(&self);
}

pub struct NewChannel {
    pub id: String,
    pub provider: Provider,
    pub auth_mode: AuthMode,
    pub secret: String,
    pub pull_token_sha256: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Channel {
    pub id: String,
    pub provider: Provider,
    pub auth_mode: AuthMode,
    /// Hex SHA-256 of the pull token; the token itself is never stored.
    pub pull_token_sha256: String,
    pub secrets: Vec<IngestSecret>,
    pub created_at: DateTime<Utc>,
}

impl Channel {
    /// The secrets an ingest may be signed with at `now`.
    pub fn secrets_valid_at(&self, now: DateTime<Utc>) -> Vec<&str> {
        self.secrets
            .iter()
            .filter(|secret| secret.expires_at.is_none_or(|expiry| expiry > now))
            .map(|secret| secret.value.as_str())
            .collect()
    }
}

#[derive(Clone)]
pub struct IngestSecret {
    pub value: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Never prints the secret, so a stray `{:?}` cannot leak it into a log.
impl fmt::Debug for IngestSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IngestSecret")
            .field("value", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A channel as `channel list` shows it: no secret values.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelSummary {
    pub id: String,
    pub provider: Provider,
    pub auth_mode: AuthMode,
    pub created_at: DateTime<Utc>,
    pub secrets: Vec<SecretSummary>,
    pub acked_seq: i64,
    pub backlog: u64,
    /// The newest stored event, if any is left.
    pub last_seq: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecretSummary {
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A verified delivery on its way to the store.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub channel_id: String,
    pub event_id: Option<String>,
    pub received_at: DateTime<Utc>,
    pub headers: KeptHeaders,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendOutcome {
    Stored {
        seq: i64,
    },
    /// The channel already had this event id, stored at `seq`.
    Duplicate {
        seq: i64,
    },
    /// The channel was deleted between the lookup and the commit.
    ChannelGone,
}

#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: i64,
    pub event_id: Option<String>,
    pub received_at: DateTime<Utc>,
    pub headers: KeptHeaders,
    pub body: Vec<u8>,
}

/// Where a channel's consumer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cursor {
    pub acked_seq: i64,
    /// Events after `acked_seq`.
    pub backlog: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub events: u64,
    pub secrets: u64,
}

/// What a store tells the relays sharing its database. Only a hint: a relay that misses
/// one still re-reads on its backstop interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Events were committed on `channel`, up to `seq`.
    Committed { channel: String, seq: i64 },
    /// `channel` was created, rotated or deleted.
    ChannelChanged { channel: String },
    /// The notices were interrupted: any may have been lost, so re-read everything.
    Reconnected,
}

/// Opens the store a `--database` value names: `postgres://` or `postgresql://` URLs pick
/// PostgreSQL; a `sqlite:` URL or a plain path picks the SQLite file.
pub async fn open_store(database: &str) -> Result<Arc<dyn EventStore>> {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return Ok(Arc::new(PostgresStore::connect(database).await?));
    }
    let path = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .unwrap_or(database);
    Ok(Arc::new(SqliteStore::open(Path::new(path)).await?))
}
