//! Starting the relay pollers: one task per integration with a relay channel, on the
//! engine's task tracker, so they stop with its shutdown (each commits the batch it is
//! applying first). Connecting an integration to a relay channel lives here too: an engine
//! that follows the relay switches to the new channel at once.

use super::SyncEngine;
use crate::credentials::RelaySecrets;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::realtime::{Poller, RealtimeEvent};
use crate::store::RelayChannel;
use ponte_webhooks::AuthMode;
use std::str::FromStr;
use tokio::sync::broadcast;

impl SyncEngine {
    /// What the pollers report: batches applied, the relay going down and coming back.
    pub fn subscribe_realtime(&self) -> broadcast::Receiver<RealtimeEvent> {
        self.realtime_sender().subscribe()
    }

    /// Points an integration at a relay channel, its secrets to the keyring. A new
    /// channel starts from its first event; the same channel keeps its place.
    pub async fn connect_relay(
        &self,
        channel: &RelayChannel,
        secrets: &RelaySecrets,
    ) -> Result<()> {
        if AuthMode::from_str(&channel.auth_mode).is_err() {
            return Err(Error::InvalidInput {
                field: "modo de autenticação do relay",
                detail: format!(
                    "\"{}\" não é um modo; use bearer, hmac, standard ou url-token",
                    channel.auth_mode
                ),
            });
        }
        let integration = self.store().integration(channel.integration_id).await?;
        self.credentials().save_relay(&integration, secrets).await?;
        self.store().set_relay_channel(channel).await?;
        if self.pollers().is_some() {
            let channel = self.store().relay_channel(channel.integration_id).await?;
            if let Some(channel) = channel {
                self.spawn_relay_poller(channel).await?;
            }
        }
        Ok(())
    }

    /// Stops the poller of an integration, if one runs (it commits its batch first).
    pub fn stop_relay_poller(&self, integration_id: IntegrationId) {
        if let Some(cancel) = self
            .pollers()
            .as_mut()
            .and_then(|pollers| pollers.remove(&integration_id))
        {
            cancel.cancel();
        }
    }

    /// Starts a poller for every integration with a relay channel; returns how many.
    pub async fn spawn_relay_pollers(&self) -> Result<usize> {
        self.pollers().get_or_insert_with(Default::default);
        let channels = self.store().relay_channels().await?;
        for channel in &channels {
            self.spawn_relay_poller(channel.clone()).await?;
        }
        Ok(channels.len())
    }

    async fn spawn_relay_poller(&self, channel: RelayChannel) -> Result<()> {
        let integration_id: IntegrationId = channel.integration_id;
        let integration = self.store().integration(integration_id).await?;
        let poller = Poller {
            store: self.store().clone(),
            credentials: self.credentials().clone(),
            notifier: self.notifier().clone(),
            events: self.realtime_sender().clone(),
            integration,
            channel,
        };
        let cancel = self.shutdown_token().child_token();
        let previous = self
            .pollers()
            .get_or_insert_with(Default::default)
            .insert(integration_id, cancel.clone());
        // The old channel's poller commits its batch and stops; the new one starts from
        // the cursor the store keeps for the channel.
        if let Some(previous) = previous {
            previous.cancel();
        }
        self.tasks().spawn(async move {
            if let Err(error) = poller.run(cancel).await {
                tracing::warn!(code = error.code(), %error, integration_id, "tempo real parado");
            }
        });
        Ok(())
    }
}
