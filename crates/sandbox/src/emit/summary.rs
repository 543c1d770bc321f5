//! What an emitter run did: webhooks sent, accepted, recognised as repeats, retried, and
//! the ones that never got a 2xx, with the last answer.

use super::delivery::{Accepted, Attempts};
use super::envelope::WebhookEvent;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmitSummary {
    /// Changes applied, each with its webhook sent at least once.
    pub sent: u64,
    /// Webhooks answered 2xx, duplicates included.
    pub accepted: u64,
    /// Accepted webhooks the relay already had (`{"status": "duplicate"}`): a retry after a
    /// lost answer.
    pub duplicates: u64,
    /// Attempts repeated after a connection error, a timeout, a 5xx or a 429.
    pub retries: u64,
    /// Webhooks never accepted, in the order sent.
    pub failed: Vec<FailedDelivery>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDelivery {
    pub event_id: String,
    /// The event type, e.g. `sale.created`.
    pub event: String,
    /// The last HTTP status; `None` when the last attempt got no answer.
    pub status: Option<u16>,
    pub reason: String,
}

impl EmitSummary {
    pub(crate) fn record(&mut self, event: &WebhookEvent, attempts: Attempts) {
        self.retries += attempts.retries;
        match attempts.result {
            Ok(accepted) => {
                self.accepted += 1;
                if accepted == Accepted::Duplicate {
                    self.duplicates += 1;
                }
            }
            Err(refused) => self.push_failure(event, refused.status, refused.reason),
        }
    }

    /// A delivery cut short by the emitter's cancellation.
    pub(crate) fn record_interrupted(&mut self, event: &WebhookEvent) {
        let reason = "envio interrompido: o emissor foi encerrado".to_string();
        self.push_failure(event, None, reason);
    }

    fn push_failure(&mut self, event: &WebhookEvent, status: Option<u16>, reason: String) {
        tracing::warn!(
            event_id = %event.event_id,
            event = event.event_type.as_str(),
            ?status,
            %reason,
            "webhook do sandbox não foi aceito"
        );
        self.failed.push(FailedDelivery {
            event_id: event.event_id.clone(),
            event: event.event_type.as_str().to_string(),
            status,
            reason,
        });
    }
}
