//! Channel lookups from memory. Every webhook needs its channel's mode and secrets, and
//! under load a database round trip per request costs more than the rest of an ingest.
//! A channel read from the store is kept for `CHANNEL_TTL`; this process's own changes
//! (create, rotate, delete, new keys) drop it at once, so does another relay's change when the store
//! sends notices (PostgreSQL), and a change made by the admin CLI on SQLite is seen within
//! that time.

use super::{
    AppendOutcome, Channel, ChannelKey, ChannelSummary, Cursor, EventStore, NewChannel, NewEvent,
    Notice, Purged, StoredEvent,
};
use crate::error::Result;
use crate::locks::lock;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// How long a channel read from the store is trusted.
const CHANNEL_TTL: Duration = Duration::from_secs(1);
/// Ids kept at most, unknown ones included, so that a flood of made-up ids cannot grow the
/// map without bound.
const MAX_ENTRIES: usize = 10_000;

/// `EventStore` with `channel` answered from memory.
pub struct CachedChannels {
    inner: Arc<dyn EventStore>,
    entries: Mutex<HashMap<String, (Instant, Option<Channel>)>>,
}

impl CachedChannels {
    pub fn new(inner: Arc<dyn EventStore>) -> CachedChannels {
        CachedChannels {
            inner,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Drops one channel: it changed, here or on another relay.
    pub fn forget(&self, id: &str) {
        lock(&self.entries).remove(id);
    }

    /// Drops every channel: changes may have been missed.
    pub fn forget_all(&self) {
        lock(&self.entries).clear();
    }
}

#[async_trait]
impl EventStore for CachedChannels {
    async fn create_channel(&self, channel: &NewChannel) -> Result<()> {
        self.inner.create_channel(channel).await?;
        self.forget(&channel.id);
        Ok(())
    }

    async fn channel(&self, id: &str) -> Result<Option<Channel>> {
        if let Some((read_at, channel)) = lock(&self.entries).get(id)
            && read_at.elapsed() < CHANNEL_TTL
        {
            return Ok(channel.clone());
        }
        let channel = self.inner.channel(id).await?;
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (read_at, _)| read_at.elapsed() < CHANNEL_TTL);
        }
        if entries.len() < MAX_ENTRIES {
            entries.insert(id.to_string(), (Instant::now(), channel.clone()));
        }
        Ok(channel)
    }

    async fn channel_summaries(&self) -> Result<Vec<ChannelSummary>> {
        self.inner.channel_summaries().await
    }

    async fn rotate_secret(
        &self,
        id: &str,
        secret: &str,
        now: DateTime<Utc>,
        others_expire_at: DateTime<Utc>,
    ) -> Result<bool> {
        let rotated = self
            .inner
            .rotate_secret(id, secret, now, others_expire_at)
            .await;
        self.forget(id);
        rotated
    }

    async fn delete_channel(&self, id: &str) -> Result<bool> {
        let deleted = self.inner.delete_channel(id).await;
        self.forget(id);
        deleted
    }

    async fn reencrypt_secrets(&self) -> Result<u64> {
        // The secrets themselves do not change, only their ciphertext: nothing to forget.
        self.inner.reencrypt_secrets().await
    }

    async fn set_channel_keys(&self, id: &str, keys: &[ChannelKey]) -> Result<bool> {
        let set = self.inner.set_channel_keys(id, keys).await;
        self.forget(id);
        set
    }

    async fn channel_keys(&self, id: &str) -> Result<Vec<ChannelKey>> {
        self.inner.channel_keys(id).await
    }

    async fn append(&self, events: &[NewEvent]) -> Result<Vec<AppendOutcome>> {
        self.inner.append(events).await
    }

    async fn events_after(
        &self,
        channel: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>> {
        self.inner.events_after(channel, after, limit).await
    }

    async fn cursor(&self, channel: &str) -> Result<Option<Cursor>> {
        self.inner.cursor(channel).await
    }

    async fn ack(&self, channel: &str, up_to: i64, now: DateTime<Utc>) -> Result<Option<Cursor>> {
        self.inner.ack(channel, up_to, now).await
    }

    async fn purge(&self, acked_before: DateTime<Utc>, now: DateTime<Utc>) -> Result<Purged> {
        // Expired secrets leave the store here; cached channels keep filtering them by
        // time anyway (`secrets_valid_at`).
        self.inner.purge(acked_before, now).await
    }

    async fn backlogs(&self) -> Result<Vec<(String, u64)>> {
        self.inner.backlogs().await
    }

    async fn notices(&self, stop: CancellationToken) -> Result<Option<mpsc::Receiver<Notice>>> {
        self.inner.notices(stop).await
    }

    async fn ping(&self) -> Result<()> {
        self.inner.ping().await
    }

    async fn close(&self) {
        self.inner.close().await;
    }
}
