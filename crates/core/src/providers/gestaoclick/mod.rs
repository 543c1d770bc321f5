//! The Gestão Click provider: REST client, record mappers and the sync plan, built on
//! `shared/reference/gestaoclick-api.md`.

pub mod client;
mod envelope;
mod fields;
pub mod mapper;
mod sync;
pub mod webhooks;

use super::{Connection, ConnectionReport, Provider};
use crate::domain::ProviderKind;
use crate::error::Result;
use crate::store::RequestBudget;
use crate::sync::RunContext;
use async_trait::async_trait;
use client::Client;

pub struct GestaoClick;

/// The production API host; the sandbox and white-label hosts are set per integration.
pub const DEFAULT_BASE_URL: &str = "https://api.gestaoclick.com";

pub(crate) fn client_for(connection: &Connection) -> Result<Client> {
    let settings = connection.integration.settings.clone();
    Client::new(
        &connection.integration.base_url,
        connection.credentials.clone(),
        connection.limiter.clone(),
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
        ProviderKind::GestaoClick
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
        sync::run(run).await
    }
}
