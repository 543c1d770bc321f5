//! "Ligar tempo real" on an integration that already exists (Gestão Click): Ponte opens a
//! channel for it on the relay account, as it does when adding Coinzz, files the channel's
//! secrets in the keyring, starts following it, and answers with what to paste into the
//! provider's webhook screen. The channel the integration followed before, if any, is
//! closed once the new one works: nothing reads it any more.

use super::service::Integrations;
use crate::credentials::{RelaySecrets, Secret};
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::providers::provider_for;
use crate::realtime::{WebhookSetup, close_channel, desktop_keys, open_channel};
use crate::store::RelayChannel;
use ponte_webhooks::relay_api::ChannelCredentials;

impl Integrations {
    /// Opens and connects a new relay channel for the integration, or changes nothing: a
    /// channel opened before a later step fails is closed again, and the integration
    /// keeps the channel it had.
    pub async fn enable_realtime(&self, integration_id: IntegrationId) -> Result<WebhookSetup> {
        let integration = self.store().integration(integration_id).await?;
        let provider = provider_for(&integration.provider)?;
        let auth_mode = provider
            .own_channel_auth_mode()
            .ok_or_else(|| Error::InvalidInput {
                field: "provedor",
                detail: format!(
                    "a Ponte não sabe abrir sozinha um canal para a {}; use um canal existente",
                    provider.display_name()
                ),
            })?;
        let account = self.relay_account(provider).await?;
        let previous = self.previous_channel(integration_id).await;
        let created = open_channel(
            &account.relay_url,
            &account.token,
            provider.relay_rules(),
            auth_mode,
            desktop_keys(self.credentials()).await?.recipients(),
        )
        .await?;
        let (channel, secrets, webhook) = self
            .follow_opened_channel(integration_id, &account.relay_url, &created)
            .await;
        let close_after = match &webhook {
            Ok(_) => previous,
            Err(_) => Some((channel, secrets.pull_token.clone())),
        };
        if let Some((old, pull_token)) = close_after
            && old.channel != created.channel_id
            && let Err(error) = close_channel(&old.relay_url, &old.channel, &pull_token).await
        {
            tracing::warn!(%error, channel = old.channel, "canal do relay não removido");
        }
        webhook
    }

    /// Follows a channel just opened on the relay account: its row and cursor, its secrets
    /// in the keyring and its poller, then the setup to paste into the provider's panel.
    /// The caller closes the channel again when the setup is an error.
    pub(super) async fn follow_opened_channel(
        &self,
        integration_id: IntegrationId,
        relay_url: &str,
        created: &ChannelCredentials,
    ) -> (RelayChannel, RelaySecrets, Result<WebhookSetup>) {
        let channel = RelayChannel {
            integration_id,
            relay_url: relay_url.to_string(),
            channel: created.channel_id.clone(),
            auth_mode: created.auth_mode,
            cursor: 0,
        };
        let secrets = RelaySecrets {
            pull_token: Secret::new(created.pull_token.as_str()),
            ingest_secrets: vec![Secret::new(created.secret.as_str())],
        };
        let webhook = match self.realtime().connect_relay(&channel, &secrets).await {
            Ok(()) => self.realtime().webhook_setup(integration_id).await,
            Err(error) => Err(error),
        };
        (channel, secrets, webhook)
    }

    /// The channel the integration follows now, with its pull token, to close it once a
    /// new one works. `None` when it has none, or its secrets are gone.
    async fn previous_channel(
        &self,
        integration_id: IntegrationId,
    ) -> Option<(RelayChannel, Secret)> {
        let integration = self.store().integration(integration_id).await.ok()?;
        let channel = self.store().relay_channel(integration_id).await.ok()??;
        let secrets = self.credentials().load_relay(&integration).await.ok()?;
        Some((channel, secrets.pull_token))
    }
}
