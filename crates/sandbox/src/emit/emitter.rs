//! The emitter: random reportable changes to a running sandbox, one at a time and at a
//! steady rate, each followed by the delivery of its webhook, until a count is reached or a
//! cancellation token fires. One change at a time keeps the webhooks in the order of the
//! changes, and keeps each `data` the state its change left.

use super::delivery::WebhookClient;
use super::envelope::{self, WebhookEvent};
use super::summary::EmitSummary;
use super::target::WebhookTarget;
use crate::error::SandboxError;
use crate::locks::write;
use crate::state::SharedState;
use chrono::Utc;
use governor::{DefaultDirectRateLimiter, Quota};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Derives the background emitter's seed from the sandbox's, apart from its other streams.
const EMITTER_SEED_SALT: u64 = 0xE417 << 32;

/// A run of `count` changes and their webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EmitPlan {
    pub count: usize,
    /// Webhooks per second at most; fractions allowed (0.5 is one every two seconds).
    pub rate_per_sec: f64,
    /// The same seed on the same dataset makes the same changes.
    #[serde(default)]
    pub seed: u64,
}

pub(crate) struct Emitter {
    state: Arc<SharedState>,
    client: WebhookClient,
    limiter: DefaultDirectRateLimiter,
    rng: ChaCha8Rng,
}

impl Emitter {
    pub fn new(
        state: Arc<SharedState>,
        target: WebhookTarget,
        rate_per_sec: f64,
        seed: u64,
    ) -> Result<Emitter, SandboxError> {
        Ok(Emitter {
            state,
            client: WebhookClient::new(target)?,
            limiter: rate_limiter(rate_per_sec)?,
            rng: ChaCha8Rng::seed_from_u64(seed),
        })
    }

    /// `count` changes and their webhooks.
    pub async fn emit(&mut self, count: usize) -> EmitSummary {
        self.run(Some(count), &CancellationToken::new()).await
    }

    /// Changes and webhooks until `limit` is reached, if any, or `cancel` fires. A delivery
    /// cut short by `cancel` counts as failed: its change stays applied, its webhook may
    /// not have arrived, and the next sync brings the change in either way.
    async fn run(&mut self, limit: Option<usize>, cancel: &CancellationToken) -> EmitSummary {
        let mut summary = EmitSummary::default();
        while limit.is_none_or(|limit| summary.sent < limit as u64) {
            tokio::select! {
                biased;
                () = cancel.cancelled() => break,
                () = self.limiter.until_ready() => {}
            }
            let Some(event) = apply_reportable(&self.state, &mut self.rng) else {
                tracing::warn!("o sandbox não tem nenhuma mudança que um webhook informe");
                break;
            };
            summary.sent += 1;
            tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    summary.record_interrupted(&event);
                    break;
                }
                attempts = self.client.deliver(&event) => summary.record(&event, attempts),
            }
        }
        summary
    }

    /// Emits until `cancel` fires, on a seed derived from the sandbox's (`spawn_emitter`).
    pub fn spawn(
        state: Arc<SharedState>,
        target: WebhookTarget,
        rate_per_sec: f64,
        cancel: CancellationToken,
    ) -> Result<JoinHandle<EmitSummary>, SandboxError> {
        let seed = state.config.seed ^ EMITTER_SEED_SALT;
        let mut emitter = Emitter::new(state, target, rate_per_sec, seed)?;
        Ok(tokio::spawn(
            async move { emitter.run(None, &cancel).await },
        ))
    }
}

/// One random reportable change and its webhook, built under the same lock, so that
/// `data` is exactly the state the change left.
fn apply_reportable(state: &SharedState, rng: &mut impl Rng) -> Option<WebhookEvent> {
    let mut dataset = write(&state.dataset);
    let outcome = dataset.apply_random_reportable(rng)?;
    envelope::build(&dataset, &outcome, state.event_ids.next(), Utc::now())
}

/// At most `rate_per_sec` webhooks per second; fractions allowed.
pub(super) fn rate_limiter(rate_per_sec: f64) -> Result<DefaultDirectRateLimiter, SandboxError> {
    let quota = (rate_per_sec.is_finite() && rate_per_sec > 0.0)
        .then(|| Duration::try_from_secs_f64(1.0 / rate_per_sec).ok())
        .flatten()
        // A rate beyond one per nanosecond is no limit at all.
        .and_then(|period| Quota::with_period(period.max(Duration::from_nanos(1))))
        .ok_or(SandboxError::InvalidRate { rate_per_sec })?;
    Ok(DefaultDirectRateLimiter::direct(quota))
}
