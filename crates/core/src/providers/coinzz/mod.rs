//! The Coinzz provider (`docs/providers/coinzz.md`): a sales/COD-logistics
//! platform with no query API that pushes unsigned order and subscription webhooks. Its
//! data reaches Ponte only through the relay, on a `url-token` channel, so there is
//! nothing to pull: "Testar conexão" and "Sincronizar Agora" say so instead of faking it.

mod mapper;
mod payload;
pub mod status;
mod time;
pub mod webhooks;

#[cfg(test)]
mod tests;

use super::{Connection, ConnectionReport, DecodedWebhook, Provider, RunContext};
use crate::domain::ProviderKind;
use crate::error::{Error, Result};
use crate::notifications::Notifier;
use crate::store::{Integration, Store};
use async_trait::async_trait;
use ponte_webhooks::AuthMode;

pub struct Coinzz;

/// The key Coinzz integrations are stored under.
pub const KIND: ProviderKind = ProviderKind::from_static("coinzz");

const DISPLAY_NAME: &str = "Coinzz";

#[async_trait]
impl Provider for Coinzz {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn display_name(&self) -> &'static str {
        DISPLAY_NAME
    }

    fn books_of_record(&self) -> bool {
        false
    }

    fn relay_rules(&self) -> ponte_webhooks::Provider {
        ponte_webhooks::Provider::Coinzz
    }

    fn decode_webhook(&self, body: &[u8]) -> DecodedWebhook {
        // Coinzz sends no id: the state the body carries names the event.
        webhooks::decode(body)
    }

    fn verify_event(&self, event_id: &str) -> Vec<u8> {
        webhooks::verify_event(event_id)
    }

    /// Every batch, not only those with a new label: one recorded by a batch whose notice
    /// the app did not live to write goes out with the next.
    async fn after_realtime_batch(
        &self,
        store: &Store,
        notifier: &Notifier,
        integration: &Integration,
    ) -> Result<()> {
        let written = store
            .announce_unknown_coinzz_labels(integration.id, |field, label| {
                status::unknown_label_notice(field, label, integration.id)
            })
            .await?;
        notifier.announce_written(written);
        Ok(())
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
            provider: DISPLAY_NAME,
        })
    }

    async fn sync(&self, _run: &RunContext) -> Result<()> {
        Err(Error::RealtimeOnly {
            provider: DISPLAY_NAME,
        })
    }
}
