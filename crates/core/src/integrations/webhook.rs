//! Adding an integration whose data only arrives by webhook (Coinzz): Ponte opens its
//! channel on the relay account, keeps the channel's secrets in the keyring, starts
//! following it, and answers with what to paste into the provider's panel. Removing an
//! integration closes its channel, so the relay stops keeping webhooks nobody reads.

use super::forms::{AddedWebhookIntegration, WebhookIntegrationDraft};
use super::service::Integrations;
use crate::error::{Error, Result};
use crate::providers::provider_for;
use crate::realtime::{close_channel, desktop_keys, open_channel};
use crate::store::{IntegrationSettings, NewIntegration};

impl Integrations {
    /// Adds the integration and its own relay channel, or neither: whatever fails after
    /// the integration row exists removes it again (row, keyring entries, poller), and the
    /// channel with it.
    pub async fn add_webhook_integration(
        &self,
        draft: WebhookIntegrationDraft,
    ) -> Result<AddedWebhookIntegration> {
        let provider = provider_for(&draft.provider)?;
        let auth_mode = provider
            .own_channel_auth_mode()
            .filter(|_| !provider.has_query_api())
            .ok_or_else(|| Error::InvalidInput {
                field: "provedor",
                detail: format!(
                    "{} se adiciona com os tokens da API; o canal do relay se liga depois, em Tempo real",
                    provider.display_name()
                ),
            })?;
        let name = draft.name.trim();
        if name.is_empty() {
            return Err(Error::InvalidInput {
                field: "nome",
                detail: format!(
                    "dê um nome à integração, por exemplo \"{} Loja Principal\"",
                    provider.display_name()
                ),
            });
        }
        let account = self.relay_account(provider).await?;
        // Before the integration exists: a keyring that cannot file the key leaves nothing
        // to undo.
        let sealing_keys = desktop_keys(self.credentials()).await?.recipients();
        let integration = self
            .add(
                NewIntegration {
                    provider: draft.provider.clone(),
                    name: name.to_string(),
                    // No API to point at: the data comes through the relay.
                    base_url: String::new(),
                    settings: IntegrationSettings::default(),
                    schedule_interval_minutes: None,
                },
                None,
            )
            .await?;
        let opened = open_channel(
            &account.relay_url,
            &account.token,
            provider.relay_rules(),
            auth_mode,
            sealing_keys,
        )
        .await;
        let created = match opened {
            Ok(created) => created,
            Err(error) => {
                self.remove(integration.id).await?;
                return Err(error);
            }
        };
        let (_, secrets, webhook) = self
            .follow_opened_channel(integration.id, &account.relay_url, &created)
            .await;
        match webhook {
            Ok(webhook) => Ok(AddedWebhookIntegration {
                integration,
                webhook,
            }),
            Err(error) => {
                if let Err(cleanup) =
                    close_channel(&account.relay_url, &created.channel_id, &secrets.pull_token)
                        .await
                {
                    tracing::warn!(%cleanup, channel = created.channel_id, "canal do relay não removido");
                }
                // Also stops a poller connecting may have started, and drops any secret it
                // filed in the keyring.
                self.remove(integration.id).await?;
                Err(error)
            }
        }
    }
}
