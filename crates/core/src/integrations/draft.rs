//! Adding an integration from the desktop's form: the typed fields, checked, become a
//! `NewIntegration` plus tokens for the keyring; "Testar conexão" tests them first.

use super::service::Integrations;
use crate::credentials::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::providers::Provider;
use crate::providers::gestaoclick::{self, DEFAULT_BASE_URL};
use crate::store::{Integration, IntegrationSettings, NewIntegration};
use serde::{Deserialize, Serialize};

/// Scheduled syncs of a new integration, in minutes.
pub const DEFAULT_SCHEDULE_MINUTES: i64 = 10;

/// What the operator typed in "Adicionar Gestão Click". The tokens only travel inward: no
/// answer to the UI ever carries them.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct IntegrationDraft {
    pub name: String,
    pub access_token: Secret,
    pub secret_access_token: Secret,
    /// Blank means the provider's public API.
    pub base_url: Option<String>,
}

/// The outcome of "Testar conexão", in pt-BR for the operator.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConnectionCheck {
    pub lojas: Vec<String>,
    pub message: String,
}

impl IntegrationDraft {
    fn into_parts(self) -> Result<(NewIntegration, Credentials)> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::InvalidInput {
                field: "nome",
                detail: "dê um nome à integração, por exemplo \"Gestão Click Matriz\"".into(),
            });
        }
        let base_url = match self.base_url.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_BASE_URL.to_string(),
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                url.to_string()
            }
            Some(url) => {
                return Err(Error::InvalidInput {
                    field: "URL base",
                    detail: format!(
                        "\"{url}\" não é um endereço http(s); deixe em branco para usar {DEFAULT_BASE_URL}"
                    ),
                });
            }
        };
        let credentials = Credentials::new(
            self.access_token.expose(),
            self.secret_access_token.expose(),
        )?;
        let new = NewIntegration {
            provider: gestaoclick::KIND,
            name: name.to_string(),
            base_url,
            settings: IntegrationSettings::default(),
            schedule_interval_minutes: Some(DEFAULT_SCHEDULE_MINUTES),
        };
        Ok((new, credentials))
    }
}

impl Integrations {
    /// Tests a draft's tokens without keeping anything. The request budget and the rate
    /// limit are kept per integration row, so a provisional row is added for the test and
    /// removed after it, whatever the outcome.
    pub async fn test_draft(&self, draft: IntegrationDraft) -> Result<ConnectionCheck> {
        let (new, credentials) = draft.into_parts()?;
        let provisional = self
            .store()
            .create_integration(&new, gestaoclick::GestaoClick.traits())
            .await?;
        let report = self
            .engine()
            .test_connection(provisional.clone(), Some(credentials))
            .await;
        self.engine().forget_limiter(provisional.id);
        self.store().remove_integration(provisional.id).await?;
        let report = report?;
        Ok(ConnectionCheck {
            message: report.message(),
            lojas: report.lojas,
        })
    }

    /// Adds the integration and files its tokens in the keyring.
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

    /// Replaces a saved integration's tokens.
    pub async fn replace_tokens(
        &self,
        integration_id: crate::domain::IntegrationId,
        access_token: Secret,
        secret_access_token: Secret,
    ) -> Result<()> {
        let credentials = Credentials::new(access_token.expose(), secret_access_token.expose())?;
        self.set_credentials(integration_id, &credentials).await
    }
}
