//! One pull from the relay, checked and decoded, ready for the store. It runs as a task of
//! its own so that the next page travels and decodes while the current one is written: a
//! backlog then drains at the speed of the writes, not of writes plus round trips.

use super::client::RelayClient;
use super::decode::decode;
use super::sealing::OpeningKeys;
use crate::credentials::{RelaySecrets, Secret};
use crate::error::{Error, Result};
use crate::providers::Provider;
use crate::store::{EventEffect, RelayChannel, RelayEvent};
use ponte_webhooks::AuthMode;
use ponte_webhooks::relay_api::PulledEvent;
use ponte_webhooks::seal::SealingKeyPair;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Events asked for per pull.
const BATCH: u32 = 500;
/// How long one pull may wait for an event.
const LONG_POLL: Duration = Duration::from_secs(25);

/// A page of events, decoded.
pub struct Fetched {
    pub decoded: Vec<(RelayEvent, EventEffect)>,
    /// What to pass as `after` next.
    pub next_after: i64,
    /// How far the relay has the channel acknowledged.
    pub acked_seq: i64,
    /// Events after `acked_seq`, this page included.
    pub backlog: u64,
}

/// Pulls and decodes the events of one channel.
pub struct Fetcher {
    pub client: RelayClient,
    channel: String,
    provider: &'static dyn Provider,
    mode: AuthMode,
    ingest_secrets: Vec<Secret>,
    keys: OpeningKeys,
}

impl Fetcher {
    pub fn new(
        channel: &RelayChannel,
        provider: &'static dyn Provider,
        mode: AuthMode,
        secrets: RelaySecrets,
        keys: OpeningKeys,
    ) -> Result<Arc<Fetcher>> {
        let client = RelayClient::new(&channel.relay_url, &channel.channel, secrets.pull_token)?;
        Ok(Arc::new(Fetcher {
            client,
            channel: channel.channel.clone(),
            provider,
            mode,
            ingest_secrets: secrets.ingest_secrets,
            keys,
        }))
    }

    /// The events after `after` (a long-poll), on a task of their own.
    pub fn spawn(self: &Arc<Self>, after: i64) -> JoinHandle<Result<Fetched>> {
        let fetcher = Arc::clone(self);
        tokio::spawn(async move { fetcher.fetch(after).await })
    }

    /// Waits for a spawned fetch; a task that died counts as a failed pull.
    pub async fn join(task: JoinHandle<Result<Fetched>>) -> Result<Fetched> {
        task.await.unwrap_or_else(|error| {
            tracing::warn!(%error, "relay: busca interrompida");
            Err(Error::RelayUnavailable {
                detail: "a busca no relay foi interrompida".into(),
            })
        })
    }

    /// Event `seq` again, as the relay keeps it for replay after the ack; `None` once the
    /// relay's retention has purged it.
    pub async fn fetch_seq(&self, seq: i64) -> Result<Option<(RelayEvent, EventEffect)>> {
        let page = self.client.pull(seq - 1, 1, Duration::ZERO).await?;
        let keys = self.keys.for_page(&page).await?;
        let secrets = self.secrets();
        Ok(page
            .events
            .iter()
            .find(|pulled| pulled.seq == seq)
            .map(|pulled| self.decode(&secrets, &keys, pulled)))
    }

    fn decode(
        &self,
        secrets: &[&str],
        keys: &[SealingKeyPair],
        pulled: &PulledEvent,
    ) -> (RelayEvent, EventEffect) {
        decode(
            &self.channel,
            self.provider,
            self.mode,
            secrets,
            keys,
            pulled,
        )
    }

    fn secrets(&self) -> Vec<&str> {
        self.ingest_secrets.iter().map(Secret::expose).collect()
    }

    async fn fetch(&self, after: i64) -> Result<Fetched> {
        let page = self.client.pull(after, BATCH, LONG_POLL).await?;
        // A keyring that cannot be read fails the pull, like a relay that cannot be
        // reached: the events wait on the relay instead of being quarantined.
        let keys = self.keys.for_page(&page).await?;
        let secrets = self.secrets();
        let decoded = page
            .events
            .iter()
            .map(|pulled| self.decode(&secrets, &keys, pulled))
            .collect();
        Ok(Fetched {
            decoded,
            next_after: page.next_after,
            acked_seq: page.acked_seq,
            backlog: page.backlog,
        })
    }
}
