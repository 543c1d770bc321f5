//! The Gestão Click provider: REST client, record mappers, webhooks and the sync plan,
//! built on `docs/providers/gestaoclick.md`.

pub mod client;
mod draft;
mod envelope;
mod fields;
pub mod mapper;
mod pull;
mod record_writes;
pub mod webhooks;

use super::{Connection, ConnectionReport, CredentialEnv, DecodedWebhook, Provider, RunContext};
use crate::domain::ProviderKind;
use crate::error::Result;
use crate::store::RequestBudget;
use async_trait::async_trait;
use chrono::{SecondsFormat, Utc};
use client::Client;
use ponte_webhooks::AuthMode;

pub use draft::IntegrationDraft;

pub struct GestaoClick;

/// The name operators know it by, in every message about it.
pub const DISPLAY_NAME: &str = "Gestão Click";

/// The key Gestão Click integrations are stored under.
pub const KIND: ProviderKind = ProviderKind::from_static("gestaoclick");

/// The tokens of one headless run (never stored).
pub const CREDENTIAL_ENV: CredentialEnv = CredentialEnv {
    access_token: "PONTE_GESTAOCLICK_ACCESS_TOKEN",
    secret_access_token: "PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN",
};

/// The production API host; the sandbox and white-label hosts are set per integration.
pub const DEFAULT_BASE_URL: &str = "https://api.gestaoclick.com";

pub(crate) fn client_for(connection: &Connection) -> Result<Client> {
    let settings = connection.integration.settings.clone();
    Client::new(
        &connection.integration.base_url,
        connection.credentials.clone(),
        connection.limiter.clone(),
        connection.priority,
        RequestBudget::new(
            connection.store.clone(),
            connection.integration.id,
            settings.daily_request_limit,
        ),
        settings,
        connection.cancel.clone(),
    )
}

#[async_trait]
impl Provider for GestaoClick {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn display_name(&self) -> &'static str {
        DISPLAY_NAME
    }

    fn credential_env(&self) -> Option<CredentialEnv> {
        Some(CREDENTIAL_ENV)
    }

    fn relay_rules(&self) -> ponte_webhooks::Provider {
        ponte_webhooks::Provider::GestaoClick
    }

    /// Its webhook screen sends a header of the integrator's choosing,
    /// `Authorization: Bearer <segredo>` (docs/providers/gestaoclick.md, Webhooks).
    fn own_channel_auth_mode(&self) -> Option<AuthMode> {
        Some(AuthMode::Bearer)
    }

    fn decode_webhook(&self, body: &[u8]) -> DecodedWebhook {
        // Its envelope carries an `event_id`, which the relay already read.
        let (event_type, effect) = webhooks::decode(body);
        DecodedWebhook {
            event_type,
            event_id: None,
            effect,
        }
    }

    fn verify_event(&self, event_id: &str) -> Vec<u8> {
        webhooks::verify_event(
            event_id,
            &Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    }

    fn record_writes(&self) -> Option<&dyn crate::providers::RecordWrites> {
        Some(&record_writes::GestaoClickWrites)
    }

    async fn test_connection(&self, connection: &Connection) -> Result<ConnectionReport> {
        let client = client_for(connection)?;
        let page = client.list("lojas", &[], 1).await?;
        let lojas = page
            .items
            .iter()
            .filter_map(|item| {
                item.get("nome")
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
            })
            .collect();
        Ok(ConnectionReport { lojas })
    }

    async fn sync(&self, run: &RunContext) -> Result<()> {
        pull::run(run).await
    }
}
