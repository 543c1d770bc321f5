//! The operator's account on our hosted relay: its address (in the store) and its token
//! (in the keyring). With it Ponte opens the relay channel of an integration it adds,
//! the only way Coinzz data arrives, and closes it when the integration is removed.

use super::service::Integrations;
use crate::credentials::Secret;
use crate::error::{Error, Result};
use crate::providers::Provider;
use crate::realtime::relay_base_url;
use serde::Serialize;

/// What Configurações › Relay de webhooks shows: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RelayAccountStatus {
    pub relay_url: Option<String>,
    pub token_saved: bool,
}

/// The address and the token, both present.
pub(super) struct RelayAccount {
    pub relay_url: String,
    pub token: Secret,
}

impl Integrations {
    pub async fn relay_account_status(&self) -> Result<RelayAccountStatus> {
        Ok(RelayAccountStatus {
            relay_url: self.store().relay_account_url().await?,
            token_saved: self.credentials().load_relay_account().await?.is_some(),
        })
    }

    /// Saves the relay's address, and the token when one is given: leaving the token
    /// blank keeps the saved one, so the address can change without typing it again.
    pub async fn set_relay_account(
        &self,
        relay_url: &str,
        token: Option<Secret>,
    ) -> Result<RelayAccountStatus> {
        let relay_url = relay_base_url(relay_url)?;
        let token = token.filter(|token| !token.expose().trim().is_empty());
        if let Some(token) = token {
            let token = Secret::new(token.expose().trim());
            self.credentials().save_relay_account(&token).await?;
        }
        self.store().set_relay_account_url(&relay_url).await?;
        self.relay_account_status().await
    }

    /// The account, or an error that says where to set it up before adding `provider`.
    pub(super) async fn relay_account(&self, provider: &dyn Provider) -> Result<RelayAccount> {
        let missing = || Error::RelayAccountMissing {
            provider: provider.display_name(),
        };
        let relay_url = self
            .store()
            .relay_account_url()
            .await?
            .ok_or_else(missing)?;
        let token = self
            .credentials()
            .load_relay_account()
            .await?
            .ok_or_else(missing)?;
        Ok(RelayAccount { relay_url, token })
    }
}
