//! The registration: which providers this process knows, by key. The built-in ones are
//! listed here; one defined elsewhere (a test's) is added with `register`. Everything
//! else finds a provider through `provider_for`.

use super::{Provider, coinzz::Coinzz, gestaoclick::GestaoClick};
use crate::credentials::{CredentialStore, Credentials};
use crate::domain::ProviderKind;
use crate::error::{Error, Result};
use crate::locks::{read, write};
use std::sync::RwLock;

const BUILT_IN: [&dyn Provider; 2] = [&GestaoClick, &Coinzz];

/// Providers registered at run time, after the built-in ones.
static REGISTERED: RwLock<Vec<&'static dyn Provider>> = RwLock::new(Vec::new());

/// Adds a provider. Refuses a key already taken: two providers must never read each
/// other's integrations.
pub fn register(provider: &'static dyn Provider) -> Result<()> {
    let kind = provider.kind();
    let mut registered = write(&REGISTERED);
    if BUILT_IN
        .iter()
        .chain(registered.iter())
        .any(|p| p.kind() == kind)
    {
        return Err(Error::InvalidInput {
            field: "provedor",
            detail: format!("já existe um provedor registrado como \"{kind}\""),
        });
    }
    registered.push(provider);
    Ok(())
}

/// Every provider this process knows, built-in first.
pub fn registered() -> Vec<&'static dyn Provider> {
    let extra = read(&REGISTERED);
    BUILT_IN
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect()
}

/// The provider of `kind`; an error for a key no provider answers to (an integration
/// written by a newer Ponte that knows more providers).
pub fn provider_for(kind: &ProviderKind) -> Result<&'static dyn Provider> {
    registered()
        .into_iter()
        .find(|provider| provider.kind() == *kind)
        .ok_or_else(|| Error::UnknownProvider {
            key: kind.to_string(),
        })
}

/// The provider to pull from, or, for one without a query API, the error that says its
/// data only arrives in real time: checked before loading credentials it does not have.
pub fn pull_provider(kind: &ProviderKind) -> Result<&'static dyn Provider> {
    let provider = provider_for(kind)?;
    if provider.has_query_api() {
        Ok(provider)
    } else {
        Err(Error::RealtimeOnly {
            provider: provider.display_name(),
        })
    }
}

/// Tokens from the environment of a headless run: the first provider whose two variables
/// are both set.
pub fn credentials_from_env() -> Option<Credentials> {
    registered().into_iter().find_map(|provider| {
        let env = provider.credential_env()?;
        let access = std::env::var(env.access_token).ok()?;
        let secret = std::env::var(env.secret_access_token).ok()?;
        Credentials::new(&access, &secret).ok()
    })
}

/// The default credential store, overridden by tokens from the environment when a
/// provider's two variables are set.
pub fn credential_store_from_env() -> CredentialStore {
    let store = CredentialStore::default();
    match credentials_from_env() {
        Some(credentials) => store.with_override(credentials),
        None => store,
    }
}

/// The name operators know a provider by; the stored key for one this version does not
/// know, so a heading still says where the numbers came from.
pub fn display_name_of(kind: &ProviderKind) -> String {
    provider_for(kind).map_or_else(|_| kind.to_string(), |p| p.display_name().to_string())
}
