//! The operator's account on our hosted relay: its address (in the store) and its token
//! (in the keyring). With it Ponte opens the relay channel of an integration it adds,
//! the only way Coinzz data arrives, and closes it when the integration is removed.

use crate::core::Core;
use crate::credentials::Secret;
use crate::domain::ProviderKind;
use crate::error::{Error, Result};
use serde::Serialize;

/// What Configurações › Relay de webhooks shows: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RelayAccountStatus {
    pub relay_url: Option<String>,
    pub token_saved: bool,
}

/// The address and the token, both present.
pub(crate) struct RelayAccount {
    pub relay_url: String,
    pub token: Secret,
}

impl Core {
    pub async fn relay_account_status(&self) -> Result<RelayAccountStatus> {
        Ok(RelayAccountStatus {
            relay_url: self.store().relay_account_url().await?,
            token_saved: self
                .sync()
                .credentials()
                .load_relay_account()
                .await?
                .is_some(),
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
            self.sync().credentials().save_relay_account(&token).await?;
        }
        self.store().set_relay_account_url(&relay_url).await?;
        self.relay_account_status().await
    }

    /// The account, or an error that says where to set it up before adding `provider`.
    pub(crate) async fn relay_account(&self, provider: ProviderKind) -> Result<RelayAccount> {
        let missing = || Error::RelayAccountMissing {
            provider: provider.display_name(),
        };
        let relay_url = self
            .store()
            .relay_account_url()
            .await?
            .ok_or_else(missing)?;
        let token = self
            .sync()
            .credentials()
            .load_relay_account()
            .await?
            .ok_or_else(missing)?;
        Ok(RelayAccount { relay_url, token })
    }
}

/// A relay's base address, trimmed and without a trailing slash; an error in pt-BR when
/// it is not an http(s) address.
pub(crate) fn relay_base_url(input: &str) -> Result<String> {
    let trimmed = input.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).ok();
    if !url.is_some_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host()) {
        return Err(Error::InvalidInput {
            field: "endereço do relay",
            detail: format!(
                "\"{}\" não é um endereço; use o do relay, como https://relay.exemplo.com.br",
                input.trim()
            ),
        });
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::relay_base_url;

    #[test]
    fn a_relay_address_is_trimmed_and_must_be_http() {
        assert_eq!(
            relay_base_url(" https://relay.exemplo.com.br/ ").unwrap(),
            "https://relay.exemplo.com.br"
        );
        assert_eq!(
            relay_base_url("http://127.0.0.1:8788").unwrap(),
            "http://127.0.0.1:8788"
        );
        for bad in ["", "relay.exemplo.com.br", "ftp://relay", "https://"] {
            let error = relay_base_url(bad).unwrap_err();
            assert_eq!(error.code(), "invalid_input", "{bad}");
        }
    }
}
