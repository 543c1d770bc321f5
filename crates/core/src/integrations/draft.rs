//! Adding an integration from the desktop's form (`IntegrationDraft`, Gestão Click's):
//! the typed fields, checked by the provider, become a `NewIntegration` plus tokens for
//! the keyring; "Testar conexão" tests them first.

use super::forms::ConnectionCheck;
use super::service::Integrations;
use crate::credentials::{Credentials, Secret};
use crate::error::Result;
use crate::providers::gestaoclick::IntegrationDraft;
use crate::store::Integration;

impl Integrations {
    /// Tests a draft's tokens without keeping anything. The request budget and the rate
    /// limit are kept per integration row, so a provisional row (never scheduled) is added
    /// for the test and removed after it, whatever the outcome.
    pub async fn test_draft(&self, draft: IntegrationDraft) -> Result<ConnectionCheck> {
        let (new, credentials) = draft.into_parts()?;
        let provisional = self.create_unscheduled(new).await?;
        let report = self
            .engine()
            .test_connection(provisional.clone(), Some(credentials))
            .await;
        self.drop_unproven(provisional.id).await?;
        let report = report?;
        Ok(ConnectionCheck {
            message: report.message(),
            lojas: report.lojas,
        })
    }

    /// Adds the integration and files its tokens in the keyring, once they are proved to
    /// work.
    pub async fn add_draft(&self, draft: IntegrationDraft) -> Result<Integration> {
        let (new, credentials) = draft.into_parts()?;
        self.add(new, Some(credentials)).await
    }

    /// "Testar conexão" on a saved integration, with its stored tokens.
    pub async fn check_connection(
        &self,
        integration_id: crate::domain::IntegrationId,
    ) -> Result<ConnectionCheck> {
        let report = self.test_connection(integration_id, None).await?;
        Ok(ConnectionCheck {
            message: report.message(),
            lojas: report.lojas,
        })
    }

    /// Replaces a saved integration's tokens, once the new ones are proved to work.
    pub async fn replace_tokens(
        &self,
        integration_id: crate::domain::IntegrationId,
        access_token: Secret,
        secret_access_token: Secret,
    ) -> Result<()> {
        let credentials = Credentials::new(access_token.expose(), secret_access_token.expose())?;
        self.set_credentials(integration_id, &credentials)
            .await
            .map(drop)
    }
}
