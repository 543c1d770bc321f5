//! Starting the relay pollers: one task per integration with a relay channel, on the
//! shared task tracker, so they stop with the shutdown (each commits the batch it is
//! applying first). Connecting an integration to a relay channel lives here too: a
//! process that follows the relay switches to the new channel at once.

use super::channels::register_keys;
use super::client::RelayClient;
use super::poller::Poller;
use super::relay_url::relay_base_url;
use super::sealing::desktop_keys;
use super::service::Realtime;
use crate::credentials::{RelaySecrets, Secret};
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::locks::lock;
use crate::providers::provider_for;
use crate::store::{Integration, RelayChannel};
use ponte_webhooks::relay_api::ChannelCredentials;
use ponte_webhooks::{AuthMode, ingest_url};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tracing::Instrument;

/// A channel the operator connects by hand ("Usar um canal existente" in Tempo real):
/// what the relay's administrator handed over when creating it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct RelayConnection {
    pub integration_id: IntegrationId,
    pub relay_url: String,
    pub channel: String,
    pub auth_mode: AuthMode,
    pub pull_token: Secret,
    pub ingest_secret: Secret,
}

impl RelayConnection {
    pub fn channel(&self) -> RelayChannel {
        RelayChannel {
            integration_id: self.integration_id,
            relay_url: self.relay_url.trim().to_string(),
            channel: self.channel.trim().to_string(),
            auth_mode: self.auth_mode,
            cursor: 0,
        }
    }

    pub fn secrets(&self) -> RelaySecrets {
        RelaySecrets {
            pull_token: Secret::new(self.pull_token.expose().trim()),
            ingest_secrets: vec![Secret::new(self.ingest_secret.expose().trim())],
        }
    }
}

/// What goes into the provider's webhook settings: where to send, and the secret.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WebhookSetup {
    /// In url-token mode the secret is part of it.
    pub url: String,
    pub secret: Secret,
    pub auth_mode: AuthMode,
}

/// An integration with its relay channel and the channel's secrets, as "Verificar",
/// "Reprocessar" and the webhook setup need them.
pub(super) struct Connected {
    pub integration: Integration,
    pub channel: RelayChannel,
    pub mode: AuthMode,
    pub secrets: RelaySecrets,
}

impl Connected {
    /// The newest ingest secret: the one the provider signs with.
    pub fn ingest_secret(&self) -> Result<&Secret> {
        self.secrets
            .ingest_secrets
            .first()
            .ok_or_else(|| Error::RelaySecretsMissing {
                integration: self.integration.name.clone(),
            })
    }
}

impl Realtime {
    /// The integration's relay channel and secrets; an error that says how to connect it
    /// when it has none.
    pub(super) async fn connected(&self, integration_id: IntegrationId) -> Result<Connected> {
        let integration = self.store().integration(integration_id).await?;
        let channel = self
            .store()
            .relay_channel(integration_id)
            .await?
            .ok_or_else(|| Error::RelayNotConnected {
                integration: integration.name.clone(),
            })?;
        let mode = channel.auth_mode;
        let secrets = self.credentials().load_relay(&integration).await?;
        Ok(Connected {
            integration,
            channel,
            mode,
            secrets,
        })
    }

    /// The webhook URL and secret of an integration's channel, for the provider's panel.
    pub async fn webhook_setup(&self, integration_id: IntegrationId) -> Result<WebhookSetup> {
        let connected = self.connected(integration_id).await?;
        let secret = connected.ingest_secret()?.clone();
        let channel = connected.channel;
        Ok(WebhookSetup {
            url: ingest_url(
                &channel.relay_url,
                &channel.channel,
                connected.mode,
                secret.expose(),
            ),
            secret,
            auth_mode: channel.auth_mode,
        })
    }

    /// Points an integration at a relay channel, its secrets to the keyring. The relay is
    /// asked first whether it has the channel and takes its pull token: nothing is saved
    /// when it does not. A new channel starts from its first event; the same channel
    /// keeps its place.
    pub async fn connect_relay(
        &self,
        channel: &RelayChannel,
        secrets: &RelaySecrets,
    ) -> Result<()> {
        relay_base_url(&channel.relay_url)?;
        if channel.channel.is_empty() {
            return Err(Error::InvalidInput {
                field: "canal do relay",
                detail: "vazio. Informe o id do canal, que começa com ch_, ou use “Ligar tempo real” para a Ponte abrir um canal novo".into(),
            });
        }
        if secrets.pull_token.expose().is_empty()
            || secrets.ingest_secrets.iter().any(|s| s.expose().is_empty())
        {
            return Err(Error::InvalidInput {
                field: "segredos do relay",
                detail: "o token de leitura e o segredo de ingestão são obrigatórios".into(),
            });
        }
        let integration = self.store().integration(channel.integration_id).await?;
        check_channel(channel, &secrets.pull_token).await?;
        // A channel made by hand takes no webhooks until it has the desktop's key; one
        // Ponte opened has it already, and registering it again changes nothing.
        register_keys(
            &channel.relay_url,
            &channel.channel,
            &secrets.pull_token,
            desktop_keys(self.credentials()).await?.recipients(),
        )
        .await?;
        let secrets = self
            .with_previous_secret(&integration, channel, secrets)
            .await;
        self.credentials()
            .save_relay(&integration, &secrets)
            .await?;
        self.store().set_relay_channel(channel).await?;
        self.follow_new_channel(channel.integration_id).await
    }

    /// Connects an integration to a channel of a relay this process runs itself (the
    /// demo's, a benchmark's): the channel's secrets are held in memory for this process,
    /// never filed in the keyring, and the channel goes to the store. A process that
    /// follows the relay switches to it at once.
    pub async fn connect_in_memory(
        &self,
        integration: &Integration,
        relay_url: &str,
        created: &ChannelCredentials,
    ) -> Result<()> {
        self.credentials().hold_relay_in_memory(
            integration,
            RelaySecrets {
                pull_token: Secret::new(created.pull_token.as_str()),
                ingest_secrets: vec![Secret::new(created.secret.as_str())],
            },
        );
        // After the secrets are held: the keys of a relay held in memory are made and
        // kept in memory too, never in the keyring.
        register_keys(
            relay_url,
            &created.channel_id,
            &Secret::new(created.pull_token.as_str()),
            desktop_keys(self.credentials()).await?.recipients(),
        )
        .await?;
        self.store()
            .set_relay_channel(&RelayChannel {
                integration_id: integration.id,
                relay_url: relay_url.to_string(),
                channel: created.channel_id.clone(),
                auth_mode: created.auth_mode,
                cursor: 0,
            })
            .await?;
        self.follow_new_channel(integration.id).await
    }

    /// Restarts the integration's poller on its current channel, when this process
    /// follows the relay.
    async fn follow_new_channel(&self, integration_id: IntegrationId) -> Result<()> {
        if self.pollers().is_some()
            && let Some(channel) = self.store().relay_channel(integration_id).await?
        {
            self.spawn_relay_poller(channel).await?;
        }
        Ok(())
    }

    /// The new secrets, plus the ingest secret in use before on the same channel: during a
    /// rotation the provider may still sign with it, and the relay accepts both, so the
    /// desktop must verify both too. At most one previous secret is kept.
    async fn with_previous_secret(
        &self,
        integration: &Integration,
        channel: &RelayChannel,
        secrets: &RelaySecrets,
    ) -> RelaySecrets {
        let mut kept = secrets.clone();
        let same_channel = self
            .store()
            .relay_channel(channel.integration_id)
            .await
            .ok()
            .flatten()
            .is_some_and(|current| current.channel == channel.channel);
        if !same_channel {
            return kept;
        }
        if let Ok(previous) = self.credentials().load_relay(integration).await
            && let Some(old) = previous.ingest_secrets.into_iter().next()
            && !kept.ingest_secrets.contains(&old)
        {
            kept.ingest_secrets.push(old);
        }
        kept
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
        lock(self.waiting()).remove(&integration_id);
    }

    /// Restarts the running pollers from the cursors the store holds now (a reset moved
    /// them); each old poller commits its batch and stops. Where no poller was ever
    /// started (the CLI), nothing starts.
    pub async fn restart_relay_pollers(&self) -> Result<()> {
        if self.pollers().is_none() {
            return Ok(());
        }
        self.spawn_relay_pollers().await.map(|_| ())
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
            events: self.sender().clone(),
            provider: provider_for(&integration.provider)?,
            integration,
            channel,
            waiting: self.waiting().clone(),
        };
        // A new channel's backlog is unknown until its first pull.
        lock(self.waiting()).remove(&integration_id);
        let cancel = self.context().shutdown.child_token();
        let previous = self
            .pollers()
            .get_or_insert_with(Default::default)
            .insert(integration_id, cancel.clone());
        // The old channel's poller commits its batch and stops; the new one starts from
        // the cursor the store keeps for the channel.
        if let Some(previous) = previous {
            previous.cancel();
        }
        // The span names the integration on every line the poller logs (the Registros
        // view filters on it).
        let span = tracing::info_span!("relay_poller", integration_id);
        self.context().tasks.spawn(
            async move {
                if let Err(error) = poller.run(cancel).await {
                    tracing::warn!(code = error.code(), %error, "tempo real parado");
                }
            }
            .instrument(span),
        );
        Ok(())
    }
}

/// One pull that waits for nothing: the relay has the channel and takes the pull token, or
/// says which of the two is wrong. A relay that cannot be reached here is not "down for a
/// while" (nothing is saved yet to retry with): it says to check the address.
async fn check_channel(channel: &RelayChannel, pull_token: &Secret) -> Result<()> {
    let client = RelayClient::new(&channel.relay_url, &channel.channel, pull_token.clone())?;
    match client.pull(0, 1, Duration::ZERO).await {
        Ok(_) => Ok(()),
        Err(Error::RelayUnavailable { detail }) => Err(Error::RelayUnreachable {
            relay_url: channel.relay_url.clone(),
            detail,
        }),
        Err(other) => Err(other),
    }
}
