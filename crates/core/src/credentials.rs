//! Provider credentials: kept only in the OS keyring (Secret Service, Keychain, Credential
//! Manager), never in SQLite, logs or errors. For headless runs, tokens from the
//! environment (named by each provider, `Provider::credential_env`) override the keyring
//! for that one process and are never stored.

use crate::error::{Error, Result};
use crate::locks::lock;
use crate::store::Integration;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The keyring service name Ponte files its entries under.
pub const KEYRING_SERVICE: &str = "br.ponte.desktop";

/// A secret string whose `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that must send it (an HTTP header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A provider's token pair (Gestão Click's access-token and secret-access-token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_token: Secret,
    pub secret_access_token: Secret,
}

impl Credentials {
    /// Trims the tokens and refuses empty ones.
    pub fn new(access_token: &str, secret_access_token: &str) -> Result<Credentials> {
        let (access, secret) = (access_token.trim(), secret_access_token.trim());
        if access.is_empty() || secret.is_empty() {
            return Err(Error::InvalidInput {
                field: "tokens",
                detail: "informe o access-token e o secret-access-token".into(),
            });
        }
        Ok(Credentials {
            access_token: Secret::new(access),
            secret_access_token: Secret::new(secret),
        })
    }
}

/// Reads and writes credentials in the OS keyring under one service name. A process may
/// carry an override (the environment variables, or tokens a test holds) that every load
/// returns instead of the keyring, and that is never written anywhere.
#[derive(Debug, Clone)]
pub struct CredentialStore {
    service: String,
    process_override: Option<Credentials>,
    /// Tokens that are not secret (the demo sandbox's), held for this process only, by
    /// credential reference. Shared by every clone.
    in_memory: Arc<Mutex<HashMap<String, Credentials>>>,
    /// The demo relay channel's secrets, held the same way.
    in_memory_relay: Arc<Mutex<HashMap<String, RelaySecrets>>>,
    /// The demo relay's account token, held the same way.
    in_memory_account: Arc<Mutex<Option<Secret>>>,
    /// The sealing keys of a process whose relay account is held in memory (the demo's):
    /// its relay protects nothing, and the demo runs on machines without a keyring.
    in_memory_sealing: Arc<Mutex<Option<Secret>>>,
}

/// What the desktop holds of an integration's relay channel: the pull token that reads
/// the channel, and the ingest secrets that let it check each provider signature again,
/// end to end (several during a rotation).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelaySecrets {
    pub pull_token: Secret,
    pub ingest_secrets: Vec<Secret>,
}

impl fmt::Debug for RelaySecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RelaySecrets {{ {} ingest secret(s), redacted }}",
            self.ingest_secrets.len()
        )
    }
}

impl Default for CredentialStore {
    fn default() -> Self {
        CredentialStore::with_service(KEYRING_SERVICE)
    }
}

impl CredentialStore {
    /// A store under another service name (tests use their own).
    pub fn with_service(service: impl Into<String>) -> CredentialStore {
        CredentialStore {
            service: service.into(),
            process_override: None,
            in_memory: Arc::default(),
            in_memory_relay: Arc::default(),
            in_memory_account: Arc::default(),
            in_memory_sealing: Arc::default(),
        }
    }

    /// Loads return `credentials` for every integration of this process.
    pub fn with_override(self, credentials: Credentials) -> CredentialStore {
        CredentialStore {
            process_override: Some(credentials),
            ..self
        }
    }

    /// Whether loads bypass the keyring.
    pub fn has_override(&self) -> bool {
        self.process_override.is_some()
    }

    /// Serves `credentials` for `integration` from memory for the rest of this process,
    /// without touching the keyring. Only for tokens that are not secret: the demo
    /// sandbox's fixed pair, so the demo runs on machines without a keyring.
    pub fn hold_in_memory(&self, integration: &Integration, credentials: Credentials) {
        lock(&self.in_memory).insert(integration.credential_ref.clone(), credentials);
    }

    pub async fn save(&self, integration: &Integration, credentials: &Credentials) -> Result<()> {
        let json = serde_json::to_string(credentials).map_err(|e| Error::InvalidInput {
            field: "tokens",
            detail: e.to_string(),
        })?;
        self.with_entry(provider_user(integration), move |entry| {
            entry.set_password(&json)
        })
        .await
    }

    /// The process override when set, else the keyring entry.
    pub async fn load(&self, integration: &Integration) -> Result<Credentials> {
        if let Some(credentials) = &self.process_override {
            return Ok(credentials.clone());
        }
        let held = lock(&self.in_memory)
            .get(&integration.credential_ref)
            .cloned();
        if let Some(credentials) = held {
            return Ok(credentials);
        }
        let name = integration.name.clone();
        let json = self
            .with_entry(provider_user(integration), |entry| entry.get_password())
            .await
            .map_err(|error| match error {
                Error::KeyringUnavailable { detail } if detail == NO_ENTRY => {
                    Error::CredentialsMissing {
                        integration: name.clone(),
                    }
                }
                other => other,
            })?;
        serde_json::from_str(&json).map_err(|_| Error::CredentialsMissing { integration: name })
    }

    /// Whether the keyring answers for `integration`'s tokens (an entry not there yet is
    /// fine): asked before tokens are tested with the provider, so an operator whose
    /// keyring is locked or missing hears that first, and no request is spent on tokens
    /// that could not be kept.
    pub async fn ensure_reachable(&self, integration: &Integration) -> Result<()> {
        match self
            .with_entry(provider_user(integration), |entry| entry.get_password())
            .await
        {
            Ok(_) => Ok(()),
            Err(Error::KeyringUnavailable { detail }) if detail == NO_ENTRY => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Forgets the entries (tokens and relay secrets); a missing entry is not an error. A
    /// provider without a query API never has tokens, so only its relay entry is asked for.
    pub async fn delete(&self, integration: &Integration) -> Result<()> {
        let has_tokens = !integration.realtime_only;
        let users = has_tokens
            .then(|| provider_user(integration))
            .into_iter()
            .chain([relay_user(integration)]);
        for user in users {
            match self
                .with_entry(user, |entry| entry.delete_credential())
                .await
            {
                Err(Error::KeyringUnavailable { detail }) if detail == NO_ENTRY => {}
                other => other?,
            }
        }
        Ok(())
    }

    pub async fn save_relay(
        &self,
        integration: &Integration,
        secrets: &RelaySecrets,
    ) -> Result<()> {
        let json = serde_json::to_string(secrets).map_err(|e| Error::InvalidInput {
            field: "segredos do relay",
            detail: e.to_string(),
        })?;
        self.with_entry(relay_user(integration), move |entry| {
            entry.set_password(&json)
        })
        .await?;
        // The operator's own channel replaces the demo's, which was held in memory.
        lock(&self.in_memory_relay).remove(&integration.credential_ref);
        Ok(())
    }

    /// Serves the relay secrets of `integration` from memory for this process: only for
    /// the demo's own local relay, whose secrets protect nothing.
    pub fn hold_relay_in_memory(&self, integration: &Integration, secrets: RelaySecrets) {
        lock(&self.in_memory_relay).insert(integration.credential_ref.clone(), secrets);
    }

    pub async fn load_relay(&self, integration: &Integration) -> Result<RelaySecrets> {
        let held = lock(&self.in_memory_relay)
            .get(&integration.credential_ref)
            .cloned();
        if let Some(secrets) = held {
            return Ok(secrets);
        }
        let missing = || Error::RelaySecretsMissing {
            integration: integration.name.clone(),
        };
        let json = self
            .with_entry(relay_user(integration), |entry| entry.get_password())
            .await
            .map_err(|error| match error {
                Error::KeyringUnavailable { detail } if detail == NO_ENTRY => missing(),
                other => other,
            })?;
        serde_json::from_str(&json).map_err(|_| missing())
    }

    /// The relay account's token, which lets Ponte open and close its own channels.
    pub async fn save_relay_account(&self, token: &Secret) -> Result<()> {
        let token = token.expose().to_string();
        self.with_entry(RELAY_ACCOUNT_USER.to_string(), move |entry| {
            entry.set_password(&token)
        })
        .await?;
        *lock(&self.in_memory_account) = None;
        Ok(())
    }

    /// Serves the relay account's token from memory for this process: only for the demo's
    /// own local relay.
    pub fn hold_relay_account_in_memory(&self, token: Secret) {
        *lock(&self.in_memory_account) = Some(token);
    }

    /// `None` when no token was saved.
    pub async fn load_relay_account(&self) -> Result<Option<Secret>> {
        let held = lock(&self.in_memory_account).clone();
        if held.is_some() {
            return Ok(held);
        }
        match self
            .with_entry(RELAY_ACCOUNT_USER.to_string(), |entry| entry.get_password())
            .await
        {
            Ok(token) => Ok(Some(Secret::new(token))),
            Err(Error::KeyringUnavailable { detail }) if detail == NO_ENTRY => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The desktop's sealing keys as `realtime::sealing` files them (JSON holding
    /// secrets, hence a `Secret`); `None` before the first key is made.
    pub async fn load_sealing_keys(&self) -> Result<Option<Secret>> {
        if self.sealing_in_memory() {
            return Ok(lock(&self.in_memory_sealing).clone());
        }
        match self
            .with_entry(SEALING_KEYS_USER.to_string(), |entry| entry.get_password())
            .await
        {
            Ok(json) => Ok(Some(Secret::new(json))),
            Err(Error::KeyringUnavailable { detail }) if detail == NO_ENTRY => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The demo's and a benchmark's own local relay (an account or a channel held in
    /// memory): their keys stay in memory too, as nothing they seal is worth keeping.
    fn sealing_in_memory(&self) -> bool {
        lock(&self.in_memory_account).is_some() || !lock(&self.in_memory_relay).is_empty()
    }

    pub async fn save_sealing_keys(&self, json: &Secret) -> Result<()> {
        if self.sealing_in_memory() {
            *lock(&self.in_memory_sealing) = Some(json.clone());
            return Ok(());
        }
        let json = json.expose().to_string();
        self.with_entry(SEALING_KEYS_USER.to_string(), move |entry| {
            entry.set_password(&json)
        })
        .await
    }

    /// Runs a blocking keyring call off the async workers.
    async fn with_entry<T: Send + 'static>(
        &self,
        user: String,
        call: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T> {
        let service = self.service.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let entry = keyring::Entry::new(&service, &user)?;
            call(&entry)
        })
        .await
        .map_err(|e| Error::KeyringUnavailable {
            detail: e.to_string(),
        })?;
        outcome.map_err(describe)
    }
}

const NO_ENTRY: &str = "no-entry";

/// The keyring user of the relay account's token: one per install.
const RELAY_ACCOUNT_USER: &str = "relay-account";

/// The keyring user of the desktop's sealing keys (the key the relay seals events to, and
/// the ones it replaced): one per install, shared by every channel.
const SEALING_KEYS_USER: &str = "relay-sealing-keys";

/// The keyring user of an integration's provider tokens.
fn provider_user(integration: &Integration) -> String {
    format!(
        "{}/{}",
        integration.provider.as_str(),
        integration.credential_ref
    )
}

/// The keyring user of an integration's relay secrets.
fn relay_user(integration: &Integration) -> String {
    format!("relay/{}", integration.credential_ref)
}

/// Keyring errors, reduced to what the user can act on. The keyring's own messages never
/// include the secret.
fn describe(error: keyring::Error) -> Error {
    let detail = match error {
        keyring::Error::NoEntry => NO_ENTRY.to_string(),
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => e.to_string(),
        other => other.to_string(),
    };
    Error::KeyringUnavailable { detail }
}
