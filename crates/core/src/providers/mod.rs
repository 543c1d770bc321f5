//! Providers: each one is a module behind the `Provider` trait plus one line in
//! `provider_for`. A provider knows its API and its mappers; the sync engine knows
//! nothing of either.

pub mod coinzz;
pub mod gestaoclick;

use crate::credentials::Credentials;
use crate::domain::ProviderKind;
use crate::error::Result;
use crate::store::{Integration, Store};
use crate::sync::RunContext;
use async_trait::async_trait;
use ponte_webhooks::AuthMode;
use serde::Serialize;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub use gestaoclick::client::{RateLimiter, rate_limiter};

/// What a provider needs to reach its account.
#[derive(Clone)]
pub struct Connection {
    pub store: Store,
    pub integration: Integration,
    pub credentials: Credentials,
    /// Shared by every request to this account, so concurrent callers respect one limit.
    pub limiter: Arc<RateLimiter>,
    pub cancel: CancellationToken,
}

/// The result of "Testar conexão".
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConnectionReport {
    /// The lojas the credentials can see.
    pub lojas: Vec<String>,
}

impl ConnectionReport {
    /// A pt-BR sentence for the operator.
    pub fn message(&self) -> String {
        match self.lojas.len() {
            0 => "Conexão OK, mas nenhuma loja está visível para estes tokens.".to_string(),
            1 => format!("Conexão OK: 1 loja ({}).", self.lojas[0]),
            n => format!("Conexão OK: {n} lojas ({}).", self.lojas.join(", ")),
        }
    }
}

#[async_trait]
pub trait Provider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// Whether the provider has a query API to pull from. One without (Coinzz) only
    /// pushes webhooks through the relay, so the scheduler never runs a sync for it.
    fn has_query_api(&self) -> bool {
        true
    }

    /// How the webhooks of a channel Ponte opens itself, when the operator adds the
    /// integration, prove where they come from. `None`: the operator connects a channel
    /// by hand, in the mode the provider's panel offers.
    fn own_channel_auth_mode(&self) -> Option<AuthMode> {
        None
    }

    /// One cheap authenticated request that proves the credentials work.
    async fn test_connection(&self, connection: &Connection) -> Result<ConnectionReport>;

    /// Mirrors the account into the store, page by page, reporting progress.
    async fn sync(&self, run: &RunContext) -> Result<()>;
}

/// The registry: one line per provider.
pub fn provider_for(kind: ProviderKind) -> &'static dyn Provider {
    match kind {
        ProviderKind::GestaoClick => &gestaoclick::GestaoClick,
        ProviderKind::Coinzz => &coinzz::Coinzz,
    }
}

/// The provider to pull from, or, for one without a query API, the error that says its
/// data only arrives in real time: checked before loading credentials it does not have.
pub fn pull_provider(kind: ProviderKind) -> Result<&'static dyn Provider> {
    let provider = provider_for(kind);
    if provider.has_query_api() {
        Ok(provider)
    } else {
        Err(crate::error::Error::RealtimeOnly {
            provider: kind.display_name(),
        })
    }
}
