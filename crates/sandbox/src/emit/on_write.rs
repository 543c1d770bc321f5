//! Webhooks for the writes clients make through the API: off by default; once given a
//! target, every applied PUT sends its `transaction.updated` (the same envelope as the
//! emitter's, `data` the record as the PUT left it), delivered in the background with the
//! emitter's retries, so the PUT's answer never waits for the receiver.

use super::delivery::WebhookClient;
use super::envelope::{self, WebhookEvent};
use super::target::WebhookTarget;
use crate::dataset::Dataset;
use crate::error::SandboxError;
use crate::locks::lock;
use crate::mutations::MutationOutcome;
use crate::state::SharedState;
use chrono::Utc;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub(crate) struct WriteWebhooks {
    client: Mutex<Option<Arc<WebhookClient>>>,
}

/// A webhook built under the dataset's lock, to send once it is released.
pub(crate) struct PendingWebhook {
    client: Arc<WebhookClient>,
    event: WebhookEvent,
}

impl WriteWebhooks {
    /// Sends writes' webhooks to `target` from now on; `None` stops them. A target that
    /// could not deliver anything is refused and the previous setting kept.
    pub fn set(&self, target: Option<WebhookTarget>) -> Result<(), SandboxError> {
        let client = target.map(WebhookClient::new).transpose()?.map(Arc::new);
        *lock(&self.client) = client;
        Ok(())
    }

    /// The webhook `outcome` implies, when switched on; `dataset` is the state the write
    /// left, so `data` matches what a GET answers right after it.
    pub fn prepare(
        &self,
        state: &SharedState,
        dataset: &Dataset,
        outcome: &MutationOutcome,
    ) -> Option<PendingWebhook> {
        let client = lock(&self.client).clone()?;
        let event = envelope::build(dataset, outcome, state.event_ids.next(), Utc::now())?;
        Some(PendingWebhook { client, event })
    }
}

impl PendingWebhook {
    /// Delivers in the background; a delivery that fails after its retries is logged, as
    /// the provider would drop it, and the next sync brings the change in anyway.
    pub fn send(self) {
        tokio::spawn(async move {
            let attempts = self.client.deliver(&self.event).await;
            if let Err(refused) = attempts.result {
                tracing::warn!(
                    event_id = %self.event.event_id,
                    status = ?refused.status,
                    reason = %refused.reason,
                    "o webhook de uma escrita no sandbox não foi entregue"
                );
            }
        });
    }
}
