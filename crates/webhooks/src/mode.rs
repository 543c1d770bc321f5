//! The auth modes a channel can require and the providers a channel can serve, with their
//! spellings: kebab-case on the command line and in the relay's database, snake_case in
//! JSON.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a webhook proves it comes from the provider account of a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// `Authorization: Bearer <secret>`: the secret itself travels with every request.
    Bearer,
    /// `X-Webhook-Signature`: hex HMAC-SHA256 of the raw body, optionally `sha256=`-prefixed.
    Hmac,
    /// Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
    Standard,
    /// The secret is the last segment of the URL path: for Coinzz, which signs nothing.
    UrlToken,
}

impl AuthMode {
    pub const ALL: [AuthMode; 4] = [
        AuthMode::Bearer,
        AuthMode::Hmac,
        AuthMode::Standard,
        AuthMode::UrlToken,
    ];

    /// The command-line and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Bearer => "bearer",
            AuthMode::Hmac => "hmac",
            AuthMode::Standard => "standard",
            AuthMode::UrlToken => "url-token",
        }
    }
}

impl fmt::Display for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AuthMode {
    type Err = String;

    /// Accepts the kebab-case spelling and the JSON one (`url_token`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuthMode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == s.replace('_', "-"))
            .ok_or_else(|| format!("modo de autenticação desconhecido: {s} (use bearer, hmac, standard ou url-token)"))
    }
}

/// The provider whose webhooks a channel receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    #[cfg_attr(feature = "clap", value(name = "gestaoclick"))]
    GestaoClick,
    Coinzz,
}

impl Provider {
    pub const ALL: [Provider; 2] = [Provider::GestaoClick, Provider::Coinzz];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::GestaoClick => "gestaoclick",
            Provider::Coinzz => "coinzz",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provider {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Provider::ALL
            .into_iter()
            .find(|provider| provider.as_str() == s)
            .ok_or_else(|| format!("provedor desconhecido: {s} (use gestaoclick ou coinzz)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_reads_back_from_its_cli_and_json_spellings() {
        for mode in AuthMode::ALL {
            assert_eq!(mode.as_str().parse::<AuthMode>(), Ok(mode));
            let json = serde_json::to_string(&mode).unwrap();
            assert_eq!(json.trim_matches('"').parse::<AuthMode>(), Ok(mode));
        }
        assert_eq!(
            serde_json::to_string(&AuthMode::UrlToken).unwrap(),
            "\"url_token\""
        );
        assert!("token".parse::<AuthMode>().is_err());
    }

    #[test]
    fn providers_read_back_from_their_spelling() {
        for provider in Provider::ALL {
            assert_eq!(provider.as_str().parse::<Provider>(), Ok(provider));
            let json = serde_json::to_string(&provider).unwrap();
            assert_eq!(json, format!("\"{}\"", provider.as_str()));
        }
        assert!("gestao-click".parse::<Provider>().is_err());
    }
}
