//! The Coinzz provider (`shared/reference/coinzz-webhooks.md`): a sales/COD-logistics
//! platform with no query API that pushes unsigned order and subscription webhooks. Its
//! data reaches Ponte only through the relay, on a `url-token` channel, so there is
//! nothing to pull: "Testar conexão" and "Sincronizar Agora" say so instead of faking it.

mod mapper;
pub mod party;
mod payload;
pub mod status;
mod time;
pub mod webhooks;

#[cfg(test)]
mod tests;

use super::{Connection, ConnectionReport, Provider};
use crate::domain::ProviderKind;
use crate::error::{Error, Result};
use crate::sync::RunContext;
use async_trait::async_trait;
use ponte_webhooks::AuthMode;

pub struct Coinzz;

#[async_trait]
impl Provider for Coinzz {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Coinzz
    }

    fn has_query_api(&self) -> bool {
        false
    }

    /// Coinzz signs nothing: the secret can only travel in the URL.
    fn own_channel_auth_mode(&self) -> Option<AuthMode> {
        Some(AuthMode::UrlToken)
    }

    async fn test_connection(&self, _connection: &Connection) -> Result<ConnectionReport> {
        Err(Error::RealtimeOnly {
            provider: ProviderKind::Coinzz.display_name(),
        })
    }

    async fn sync(&self, _run: &RunContext) -> Result<()> {
        Err(Error::RealtimeOnly {
            provider: ProviderKind::Coinzz.display_name(),
        })
    }
}
