//! What the operator sends and gets back on the Integrações screen, beside the provider's
//! own form (`IntegrationDraft`): the "Adicionar Coinzz" draft and its answer, and the
//! outcome of "Testar conexão". Types only, so the service's files can all name them.

use crate::domain::ProviderKind;
use crate::realtime::WebhookSetup;
use crate::store::Integration;
use serde::{Deserialize, Serialize};

/// What the operator typed in "Adicionar Coinzz".
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct WebhookIntegrationDraft {
    pub provider: ProviderKind,
    pub name: String,
}

/// The new integration and the webhook URL for the provider's panel.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AddedWebhookIntegration {
    pub integration: Integration,
    pub webhook: WebhookSetup,
}

/// The outcome of "Testar conexão", in pt-BR for the operator.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConnectionCheck {
    pub lojas: Vec<String>,
    pub message: String,
}
