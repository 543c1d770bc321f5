//! `Core`: the one handle clients hold. It opens the store, owns the sync engine and the
//! credential store, and offers the operations a user can ask for.

use crate::credentials::{CredentialStore, Credentials};
use crate::domain::{IntegrationId, ProviderKind};
use crate::error::{Error, Result};
use crate::notifications::Notifier;
use crate::providers::{ConnectionReport, provider_for};
use crate::reports::cash_flow::opening::OpeningBalanceInput;
use crate::store::{
    DATABASE_FILE, Integration, IntegrationStatus, NewIntegration, OpeningBalance, Store,
};
use crate::sync::SyncEngine;
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

pub struct CoreOptions {
    pub data_dir: PathBuf,
    pub credentials: CredentialStore,
}

pub struct Core {
    data_dir: PathBuf,
    engine: SyncEngine,
}

impl Core {
    /// Opens the store in `data_dir` and marks runs a previous process left unfinished.
    pub async fn open(options: CoreOptions) -> Result<Core> {
        let store = Store::open(&options.data_dir.join(DATABASE_FILE)).await?;
        let interrupted = store.mark_interrupted_runs().await?;
        if interrupted > 0 {
            tracing::info!(
                interrupted,
                "sincronizações interrompidas serão retomadas do último ponto salvo"
            );
        }
        let engine = SyncEngine::new(store, options.credentials, CancellationToken::new());
        Ok(Core {
            data_dir: options.data_dir,
            engine,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    pub fn sync(&self) -> &SyncEngine {
        &self.engine
    }

    pub fn notifications(&self) -> &Notifier {
        self.engine.notifier()
    }

    /// Adds an integration; its tokens go to the keyring, unless `credentials` is `None`
    /// (headless runs that pass tokens through the environment).
    pub async fn add_integration(
        &self,
        new: NewIntegration,
        credentials: Option<Credentials>,
    ) -> Result<Integration> {
        if credentials.is_some() {
            refuse_tokens_without_query_api(new.provider)?;
        }
        let integration = self.store().create_integration(&new).await?;
        if let Some(credentials) = credentials
            && let Err(error) = self
                .engine
                .credentials()
                .save(&integration, &credentials)
                .await
        {
            // No half-configured integration: without its tokens it could never sync.
            self.store().remove_integration(integration.id).await?;
            return Err(error);
        }
        Ok(integration)
    }

    /// Replaces the tokens of an integration in the keyring.
    pub async fn set_credentials(
        &self,
        integration_id: IntegrationId,
        credentials: &Credentials,
    ) -> Result<()> {
        let integration = self.store().integration(integration_id).await?;
        refuse_tokens_without_query_api(integration.provider)?;
        self.engine
            .credentials()
            .save(&integration, credentials)
            .await
    }

    /// Removes an integration, its mirrored data, its keyring entries and its relay channel.
    pub async fn remove_integration(&self, integration_id: IntegrationId) -> Result<()> {
        let integration = self.store().integration(integration_id).await?;
        if let Some(run) = self.engine.running(integration_id) {
            run.cancel();
            run.wait().await;
        }
        self.engine.stop_relay_poller(integration_id);
        // Before the keyring entries go: closing the channel takes its pull token.
        self.close_relay_channel(integration_id).await;
        // An unreachable keyring must not make an integration impossible to remove; at
        // worst an orphaned entry stays behind, under a reference nothing uses again.
        if let Err(error) = self.engine.credentials().delete(&integration).await {
            tracing::warn!(%error, integration = integration.name, "tokens não removidos do chaveiro");
        }
        self.engine.forget_limiter(integration_id);
        self.store().remove_integration(integration_id).await
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
    pub async fn syncable_integrations(&self) -> Result<Vec<Integration>> {
        Ok(self
            .store()
            .integrations()
            .await?
            .into_iter()
            .filter(|i| i.enabled && provider_for(i.provider).has_query_api())
            .collect())
    }

    pub async fn status(&self) -> Result<Vec<IntegrationStatus>> {
        let mut all = Vec::new();
        for integration in self.store().integrations().await? {
            all.push(self.store().integration_status(integration).await?);
        }
        Ok(all)
    }

    /// Enters (or replaces) a conta's saldo inicial, as typed; refuses a conta the
    /// integration does not know.
    pub async fn set_opening_balance(&self, input: &OpeningBalanceInput) -> Result<OpeningBalance> {
        let balance = input.parse()?;
        let integration = self.store().integration(balance.integration_id).await?;
        if !self
            .store()
            .conta_bancaria_known(integration.id, &balance.conta_bancaria_id)
            .await?
        {
            return Err(Error::InvalidInput {
                field: "conta bancária",
                detail: format!(
                    "\"{}\" não é uma conta bancária de \"{}\". Sincronize a integração e escolha a conta na lista de Saldos iniciais do Fluxo de caixa.",
                    balance.conta_bancaria_id, integration.name
                ),
            });
        }
        self.store().set_opening_balance(&balance).await?;
        Ok(balance)
    }

    /// Stops background work (runs commit or roll back their current page), then closes the pool.
    pub async fn shutdown(&self) {
        self.engine.shutdown().await;
        self.store().close().await;
    }
}

/// Tokens are for a query API: a provider without one (Coinzz) only pushes webhooks, so
/// there is nothing to keep in the keyring for it.
fn refuse_tokens_without_query_api(provider: ProviderKind) -> Result<()> {
    if provider_for(provider).has_query_api() {
        return Ok(());
    }
    Err(Error::InvalidInput {
        field: "tokens",
        detail: format!(
            "a {} não usa tokens: os dados chegam pelos webhooks dela. Conecte a integração a um canal do relay em Integrações › Tempo real.",
            provider.display_name()
        ),
    })
}
