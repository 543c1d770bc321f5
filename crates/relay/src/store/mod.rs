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
use crate::secrets::SecretsKeys;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ponte_webhooks::relay_api::KeyRole;
use ponte_webhooks::seal::PublicKey;
use ponte_webhooks::{AuthMode, HeldSecret, Provider};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// The headers sealed with an event: lowercase names, the first value of each.
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
/// - `purge` deletes in short batches, never in one long transaction;
/// - payloads are stored only sealed (`NewEvent::sealed`): no column holds a body or a
///   header in clear. The plaintext events of a relay from before sealing (table
///   `unsealed_events`, migration 0003) are served and deduped against like the others,
///   and purged as soon as they are acknowledged, whatever the retention;
/// - a channel's keys (`set_channel_keys`) are replaced as a whole, and the change is
///   announced to the other relays like any channel change.
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
    /// Rewrites every encrypted secret that is under another key than the current one
    /// (`secrets.rs`: rotating the server key); returns how many.
    async fn reencrypt_secrets(&self) -> Result<u64>;
    /// Makes `keys` the channel's whole set of recipients. False when the channel does not
    /// exist.
    async fn set_channel_keys(&self, id: &str, keys: &[ChannelKey]) -> Result<bool>;
    /// The keys the channel's events are sealed to, the desktop's first.
    async fn channel_keys(&self, id: &str) -> Result<Vec<ChannelKey>>;

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
    /// The keys its events are sealed to; empty for a channel made by hand that Ponte has
    /// not connected yet, which takes no webhooks.
    pub recipients: Vec<PublicKey>,
}

/// One public key a channel's events are sealed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelKey {
    pub key: PublicKey,
    pub role: KeyRole,
    pub created_at: DateTime<Utc>,
}

impl ChannelKey {
    /// How `role` is written in the `channel_keys` table.
    pub(crate) fn role_text(&self) -> &'static str {
        match self.role {
            KeyRole::Desktop => "desktop",
            KeyRole::Recovery => "recovery",
        }
    }

    /// A row of `channel_keys` back, checked: the stored id must be the key's own.
    pub(crate) fn from_row(
        key_id: &str,
        public_key: &str,
        role: &str,
        created_at: DateTime<Utc>,
    ) -> Result<ChannelKey> {
        let corrupt = |detail: String| crate::error::RelayError::CorruptRecord { detail };
        let key = PublicKey::from_base64(public_key)
            .map_err(|error| corrupt(format!("chave do canal {key_id}: {error}")))?;
        if key.id().to_string() != key_id {
            return Err(corrupt(format!("a chave {key_id} não é a do id gravado")));
        }
        let role = match role {
            "desktop" => KeyRole::Desktop,
            "recovery" => KeyRole::Recovery,
            other => return Err(corrupt(format!("papel de chave desconhecido: {other}"))),
        };
        Ok(ChannelKey {
            key,
            role,
            created_at,
        })
    }
}

impl Channel {
    /// The secrets an ingest may be signed with at `now`, as `verify_held` takes them.
    pub fn secrets_valid_at(&self, now: DateTime<Utc>) -> Vec<HeldSecret<'_>> {
        self.secrets
            .iter()
            .filter(|secret| secret.expires_at.is_none_or(|expiry| expiry > now))
            .map(|secret| secret.value.held())
            .collect()
    }
}

#[derive(Clone)]
pub struct IngestSecret {
    pub value: SecretValue,
    pub expires_at: Option<DateTime<Utc>>,
}

/// An ingest secret as the relay holds it once read (`secrets.rs`): only its digest for
/// Bearer and url-token channels, the decrypted key for HMAC and Standard ones.
#[derive(Clone)]
pub enum SecretValue {
    Clear(String),
    Sha256([u8; 32]),
}

impl SecretValue {
    pub fn held(&self) -> HeldSecret<'_> {
        match self {
            SecretValue::Clear(secret) => HeldSecret::Clear(secret),
            SecretValue::Sha256(digest) => HeldSecret::Sha256(digest),
        }
    }
}

/// Never prints the secret, so a stray `{:?}` cannot leak it into a log.
impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.held().fmt(f)
    }
}

/// Whether this holds `secret` (a digest equals the secret it digests). For tests and
/// checks; not constant time.
impl PartialEq<&str> for SecretValue {
    fn eq(&self, secret: &&str) -> bool {
        self.held() == *secret
    }
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

/// A verified delivery on its way to the store, sealed.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub channel_id: String,
    /// The provider's event id, which dedupes; for a delivery without one, the id the
    /// relay drew (`seal::unnamed_event_id`), unique, so such a delivery is never deduped.
    /// Either way the envelope is bound to it.
    pub event_id: String,
    pub received_at: DateTime<Utc>,
    /// Bytes of the body received.
    pub size: u64,
    /// The envelope's recipients, 16 hex digits each.
    pub key_ids: Vec<String>,
    /// `seal::Envelope::to_bytes`.
    pub sealed: Vec<u8>,
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
    /// Bytes of the body received.
    pub size: u64,
    pub payload: StoredPayload,
}

#[derive(Debug, Clone)]
pub enum StoredPayload {
    Sealed {
        key_ids: Vec<String>,
        envelope: Vec<u8>,
    },
    /// Held since before the relay sealed (migration 0003); purged once acknowledged.
    Unsealed { headers: KeptHeaders, body: Vec<u8> },
}

/// How `NewEvent::key_ids` is kept in one text column.
pub(crate) fn join_key_ids(ids: &[String]) -> String {
    ids.join(",")
}

pub(crate) fn split_key_ids(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect()
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
    /// `channel` was created, rotated, deleted or given new keys.
    ChannelChanged { channel: String },
    /// The notices were interrupted: any may have been lost, so re-read everything.
    Reconnected,
}

/// Opens the store a `--database` value names: `postgres://` or `postgresql://` URLs pick
/// PostgreSQL; a `sqlite:` URL or a plain path picks the SQLite file. Secrets are encrypted
/// under this process's throwaway key (`SecretsKeys::for_this_process`): for the tests.
pub async fn open_store(database: &str) -> Result<Arc<dyn EventStore>> {
    open_store_with_keys(database, SecretsKeys::for_this_process()).await
}

/// `open_store` with the operator's server keys for the HMAC and Standard secrets.
pub async fn open_store_with_keys(
    database: &str,
    keys: SecretsKeys,
) -> Result<Arc<dyn EventStore>> {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return Ok(Arc::new(
            PostgresStore::connect_with_keys(database, keys).await?,
        ));
    }
    let path = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .unwrap_or(database);
    Ok(Arc::new(
        SqliteStore::open_with_keys(Path::new(path), keys).await?,
    ))
}
