//! "Adicionar Gestão Click": what the operator typed, checked, becomes a `NewIntegration`
//! plus the token pair for the keyring.

use super::{DEFAULT_BASE_URL, KIND};
use crate::credentials::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::store::{DEFAULT_SCHEDULE_MINUTES, IntegrationSettings, NewIntegration};
use serde::Deserialize;

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

impl IntegrationDraft {
    /// The checked integration and its tokens; a pt-BR error naming the field otherwise.
    pub fn into_parts(self) -> Result<(NewIntegration, Credentials)> {
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
            provider: KIND,
            name: name.to_string(),
            base_url,
            settings: IntegrationSettings::default(),
            schedule_interval_minutes: Some(DEFAULT_SCHEDULE_MINUTES),
        };
        Ok((new, credentials))
    }
}
