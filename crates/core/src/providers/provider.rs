//! The `Provider` trait: everything that differs between providers, asked of the provider
//! (pulling, webhooks, reports, credentials, rate limits, wording), and the small types
//! its answers take.

use super::connection::{Connection, ConnectionReport, RunContext};
use super::rate_limit::{RateLimiter, rate_limiter};
use super::record_writes::RecordWrites;
use crate::domain::ProviderKind;
use crate::error::Result;
use crate::notifications::Notifier;
use crate::store::{EventEffect, Integration, ProviderTraits, Store};
use async_trait::async_trait;
use ponte_webhooks::AuthMode;
use std::sync::Arc;

/// The environment variables that override the keyring for one headless run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialEnv {
    pub access_token: &'static str,
    pub secret_access_token: &'static str,
}

/// A webhook body read by its provider: what it is and what it does to the store.
#[derive(Debug)]
pub struct DecodedWebhook {
    pub event_type: Option<String>,
    /// An id derived from the body, for a provider that sends none (the relay then gave
    /// the event none either).
    pub event_id: Option<String>,
    pub effect: EventEffect,
}

#[async_trait]
pub trait Provider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// The name operators know the provider by.
    fn display_name(&self) -> &'static str;

    /// Whether the provider has a query API to pull from. One without (Coinzz) only
    /// pushes webhooks through the relay, so the scheduler never runs a sync for it.
    fn has_query_api(&self) -> bool {
        true
    }

    /// Whether its records are the books of record (an ERP's). One that is not (a sales
    /// platform's, whose vendas are usually in the ERP too) counts in the reports only
    /// while no books-of-record integration exists, so nothing is counted twice.
    fn books_of_record(&self) -> bool {
        true
    }

    /// What the store keeps of the answers above for each integration.
    fn traits(&self) -> ProviderTraits {
        ProviderTraits {
            realtime_only: !self.has_query_api(),
            books_of_record: self.books_of_record(),
        }
    }

    /// The environment variables of its tokens, for a provider that has tokens.
    fn credential_env(&self) -> Option<CredentialEnv> {
        None
    }

    /// The limiter for one integration's requests. By default the rate the operator set
    /// in the integration's settings; a provider with a fixed published limit says so.
    fn rate_limiter(&self, integration: &Integration) -> Arc<RateLimiter> {
        rate_limiter(integration.settings.requests_per_second)
    }

    /// How the webhooks of a channel Ponte opens itself (when the operator adds a
    /// webhook-only integration, or presses "Ligar tempo real") prove where they come
    /// from: the mode the provider's panel offers. `None`: the operator connects a
    /// channel by hand.
    fn own_channel_auth_mode(&self) -> Option<AuthMode> {
        None
    }

    /// Which of the relay's ingest rules its channels use: how the relay finds an event
    /// id in a body that has no `webhook-id` header. The relay is a separate service that
    /// knows a fixed set of rules; a provider that sends Standard Webhooks needs none.
    fn relay_rules(&self) -> ponte_webhooks::Provider;

    /// Reads one webhook body (its signature already checked). Never fails: what cannot
    /// be read becomes a quarantine effect with its reason.
    fn decode_webhook(&self, body: &[u8]) -> DecodedWebhook;

    /// The body of Ponte's own test event ("Verificar"), shaped as the provider sends its
    /// webhooks.
    fn verify_event(&self, event_id: &str) -> Vec<u8>;

    /// What to tell the operator after a real-time batch of this provider was applied
    /// (Coinzz: status labels Ponte does not know yet).
    async fn after_realtime_batch(
        &self,
        _store: &Store,
        _notifier: &Notifier,
        _integration: &Integration,
    ) -> Result<()> {
        Ok(())
    }

    /// Its write API, for a provider whose records Ponte may change at the origin
    /// (baixar, estornar, reclassificar). `None`: its records are changed in its own
    /// screens only.
    fn record_writes(&self) -> Option<&dyn RecordWrites> {
        None
    }

    /// One cheap authenticated request that proves the credentials work.
    async fn test_connection(&self, connection: &Connection) -> Result<ConnectionReport>;

    /// Mirrors the account into the store, page by page, reporting progress.
    async fn sync(&self, run: &RunContext) -> Result<()>;
}
