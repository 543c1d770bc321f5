//! `Integrations`: the operations every provider's integration shares. Adding one (its
//! tokens to the keyring, what its provider says about it to the store), replacing its
//! tokens, testing it, listing it with its status, changing its settings, and removing it
//! with everything it left behind (run, poller, relay channel, keyring entries, data).

use crate::context::ServiceContext;
use crate::credentials::{CredentialStore, Credentials};
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::providers::{ConnectionReport, Provider, provider_for};
use crate::realtime::{Realtime, close_channel};
use crate::store::{Integration, IntegrationStatus, NewIntegration, Store};
use crate::sync::SyncEngine;

use super::checks;

/// Cheap to clone.
#[derive(Clone)]
pub struct Integrations {
    context: ServiceContext,
    engine: SyncEngine,
    realtime: Realtime,
}

impl Integrations {
    pub fn new(context: ServiceContext, engine: SyncEngine, realtime: Realtime) -> Integrations {
        Integrations {
            context,
            engine,
            realtime,
        }
    }

    pub(super) fn store(&self) -> &Store {
        &self.context.store
    }

    pub(super) fn credentials(&self) -> &CredentialStore {
        &self.context.credentials
    }

    pub(super) fn engine(&self) -> &SyncEngine {
        &self.engine
    }

    pub(super) fn realtime(&self) -> &Realtime {
        &self.realtime
    }

    pub async fn list(&self) -> Result<Vec<Integration>> {
        self.store().integrations().await
    }

    pub async fn get(&self, integration_id: IntegrationId) -> Result<Integration> {
        self.store().integration(integration_id).await
    }

    /// The integration the operator named (the CLI's `--integration NOME`).
    pub async fn by_name(&self, name: &str) -> Result<Integration> {
        self.store().integration_by_name(name).await
    }

    /// `None` turns scheduled syncs off.
    pub async fn set_schedule(
        &self,
        integration_id: IntegrationId,
        interval_minutes: Option<i64>,
    ) -> Result<()> {
        self.store()
            .set_schedule(integration_id, interval_minutes)
            .await
    }

    pub async fn set_enabled(&self, integration_id: IntegrationId, enabled: bool) -> Result<()> {
        self.store().set_enabled(integration_id, enabled).await
    }

    /// "Permitir alterações no Gestão Click": whether the operator may write this
    /// integration's lançamentos back (see `writeback`). A provider without a write API
    /// refuses it, so the setting never promises what cannot happen.
    pub async fn set_allow_writes(
        &self,
        integration_id: IntegrationId,
        allowed: bool,
    ) -> Result<()> {
        let integration = self.get(integration_id).await?;
        let provider = provider_for(&integration.provider)?;
        if allowed && provider.record_writes().is_none() {
            return Err(Error::WritesUnsupported {
                provider: provider.display_name(),
            });
        }
        self.store().set_allow_writes(integration_id, allowed).await
    }

    /// Whether its numbers count in the reports of all integrations.
    pub async fn set_include_in_reports(
        &self,
        integration_id: IntegrationId,
        included: bool,
    ) -> Result<()> {
        self.store()
            .set_include_in_reports(integration_id, included)
            .await
    }

    /// Points the integration at another API host (a sandbox, a white-label host).
    pub async fn set_base_url(&self, integration_id: IntegrationId, base_url: &str) -> Result<()> {
        let integration = self.get(integration_id).await?;
        checks::api_base_url(
            base_url,
            provider_for(&integration.provider)?.has_query_api(),
        )?;
        self.store().set_base_url(integration_id, base_url).await
    }

    /// Adds an integration. With `credentials`, they are proved first (see `add_with_tokens`);
    /// without (headless runs that pass tokens through the environment), the row alone.
    pub async fn add(
        &self,
        new: NewIntegration,
        credentials: Option<Credentials>,
    ) -> Result<Integration> {
        match credentials {
            Some(credentials) => Ok(self.add_with_tokens(new, credentials).await?.0),
            None => {
                let provider = provider_for(&new.provider)?;
                let new = checked(new, provider)?;
                self.store()
                    .create_integration(&new, provider.traits())
                    .await
            }
        }
    }

    /// Adds an integration whose tokens work, with them in the keyring; refuses tokens the
    /// provider rejects with the same error "Testar conexão" gives, keeping nothing. The
    /// row is created without its schedule, which is set only once the tokens are filed:
    /// a scheduled sync must never start before its tokens exist.
    pub async fn add_with_tokens(
        &self,
        new: NewIntegration,
        credentials: Credentials,
    ) -> Result<(Integration, ConnectionReport)> {
        refuse_tokens_without_query_api(provider_for(&new.provider)?)?;
        let schedule_interval_minutes = new.schedule_interval_minutes;
        let integration = self.create_unscheduled(new).await?;
        let added = self
            .file_tested_tokens(&integration, &credentials, schedule_interval_minutes)
            .await;
        match added {
            Ok(report) => Ok((self.store().integration(integration.id).await?, report)),
            Err(error) => {
                // No half-configured integration: with tokens that do not work, or none
                // filed, it could never sync.
                self.drop_unproven(integration.id).await?;
                Err(error)
            }
        }
    }

    /// The row of an integration whose tokens are not proved yet, without its schedule, so
    /// no scheduled sync can pick it up meanwhile.
    pub(super) async fn create_unscheduled(&self, new: NewIntegration) -> Result<Integration> {
        let provider = provider_for(&new.provider)?;
        let unscheduled = NewIntegration {
            schedule_interval_minutes: None,
            ..checked(new, provider)?
        };
        let traits = provider.traits();
        self.store().create_integration(&unscheduled, traits).await
    }

    /// Takes back a row `create_unscheduled` made: nothing was filed for it but its rate
    /// limiter.
    pub(super) async fn drop_unproven(&self, integration_id: IntegrationId) -> Result<()> {
        self.engine.forget_limiter(integration_id);
        self.store().remove_integration(integration_id).await
    }

    async fn file_tested_tokens(
        &self,
        integration: &Integration,
        credentials: &Credentials,
        schedule_interval_minutes: Option<i64>,
    ) -> Result<ConnectionReport> {
        self.credentials().ensure_reachable(integration).await?;
        let report = self
            .engine
            .test_connection(integration.clone(), Some(credentials.clone()))
            .await?;
        self.credentials().save(integration, credentials).await?;
        self.store()
            .set_schedule(integration.id, schedule_interval_minutes)
            .await?;
        Ok(report)
    }

    /// Replaces the tokens of an integration in the keyring once they are proved to work;
    /// tokens the provider rejects are refused and the working ones stay.
    pub async fn set_credentials(
        &self,
        integration_id: IntegrationId,
        credentials: &Credentials,
    ) -> Result<ConnectionReport> {
        let integration = self.store().integration(integration_id).await?;
        refuse_tokens_without_query_api(provider_for(&integration.provider)?)?;
        self.credentials().ensure_reachable(&integration).await?;
        let report = self
            .engine
            .test_connection(integration.clone(), Some(credentials.clone()))
            .await?;
        self.credentials().save(&integration, credentials).await?;
        Ok(report)
    }

    /// Removes an integration, its mirrored data, its keyring entries and its relay channel.
    pub async fn remove(&self, integration_id: IntegrationId) -> Result<()> {
        let integration = self.store().integration(integration_id).await?;
        if let Some(run) = self.engine.running(integration_id) {
            run.cancel();
            run.wait().await;
        }
        self.realtime.stop_relay_poller(integration_id);
        // Before the keyring entries go: closing the channel takes its pull token.
        self.close_relay_channel(&integration).await;
        // An unreachable keyring must not make an integration impossible to remove; at
        // worst an orphaned entry stays behind, under a reference nothing uses again.
        if let Err(error) = self.credentials().delete(&integration).await {
            tracing::warn!(%error, integration = integration.name, "tokens não removidos do chaveiro");
        }
        self.engine.forget_limiter(integration_id);
        self.store().remove_integration(integration_id).await
    }

    /// Deletes the integration's channel on the relay, if it has one, so the relay stops
    /// keeping webhooks for it. Best effort: an unreachable relay must not make an
    /// integration impossible to remove; the channel then stays until the relay's
    /// administrator deletes it.
    async fn close_relay_channel(&self, integration: &Integration) {
        let Ok(Some(channel)) = self.store().relay_channel(integration.id).await else {
            return;
        };
        let Ok(secrets) = self.credentials().load_relay(integration).await else {
            return;
        };
        if let Err(error) =
            close_channel(&channel.relay_url, &channel.channel, &secrets.pull_token).await
        {
            tracing::warn!(%error, channel = channel.channel, "canal do relay não removido");
        }
    }

    /// Tests the stored tokens, or `credentials` not yet saved.
    pub async fn test_connection(
        &self,
        integration_id: IntegrationId,
        credentials: Option<Credentials>,
    ) -> Result<ConnectionReport> {
        let integration = self.store().integration(integration_id).await?;
        self.engine.test_connection(integration, credentials).await
    }

    /// What "Sincronizar Agora" for all covers: the enabled integrations with a query API.
    /// One without (Coinzz) has nothing to pull; its data arrives in real time.
    pub async fn syncable(&self) -> Result<Vec<Integration>> {
        Ok(self
            .store()
            .integrations()
            .await?
            .into_iter()
            .filter(|i| i.enabled && !i.realtime_only)
            .collect())
    }

    pub async fn status(&self) -> Result<Vec<IntegrationStatus>> {
        let mut all = Vec::new();
        for integration in self.store().integrations().await? {
            all.push(self.store().integration_status(integration).await?);
        }
        Ok(all)
    }
}

/// Tokens are for a query API: a provider without one (Coinzz) only pushes webhooks, so
/// there is nothing to keep in the keyring for it.
fn refuse_tokens_without_query_api(provider: &dyn Provider) -> Result<()> {
    if provider.has_query_api() {
        return Ok(());
    }
    Err(Error::InvalidInput {
        field: "tokens",
        detail: format!(
            "{} não usa tokens: os dados chegam por webhooks. Conecte a integração a um canal do relay em Integrações › Tempo real.",
            provider.display_name()
        ),
    })
}

/// The new integration with its name trimmed, once its name and API address pass
/// `checks`: nothing is kept for one that fails.
fn checked(new: NewIntegration, provider: &dyn Provider) -> Result<NewIntegration> {
    let name = checks::integration_name(&new.name)?.to_string();
    checks::api_base_url(&new.base_url, provider.has_query_api())?;
    Ok(NewIntegration { name, ..new })
}
