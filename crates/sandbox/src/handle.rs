//! `SandboxHandle`: control over a running sandbox from the same process, over the state
//! its HTTP handlers share (`state`), and the background webhook feed started on one.

use crate::config::Faults;
use crate::emit::{EmitPlan, EmitSummary, Emitter, WebhookTarget};
use crate::error::SandboxError;
use crate::faults::FaultKind;
use crate::locks::{lock, read, write};
use crate::mutations::{Mutation, MutationOutcome, RandomMutations};
use crate::state::{SharedState, Traffic};
use crate::summary::{DatasetSummary, summarize};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Control over a running sandbox, for tests and benchmarks in the same process.
#[derive(Clone)]
pub struct SandboxHandle {
    pub(crate) state: Arc<SharedState>,
}

impl SandboxHandle {
    pub fn summary(&self) -> DatasetSummary {
        summarize(&read(&self.state.dataset))
    }

    /// Every API request, including the ones answered 401, 429 or with a fault.
    pub fn request_count(&self) -> u64 {
        lock(&self.state.traffic).total
    }

    /// Keyed by the resource name in the path: `"clientes"`, `"recebimentos"`.
    pub fn requests_by_resource(&self) -> BTreeMap<String, u64> {
        lock(&self.state.traffic).by_resource.clone()
    }

    /// How many 429s were served, by the limits or by injected faults.
    pub fn rate_limited_count(&self) -> u64 {
        lock(&self.state.traffic).rate_limited
    }

    pub fn reset_request_counts(&self) {
        *lock(&self.state.traffic) = Traffic::default();
    }

    /// The next `n` API requests get `kind`, before any random fault.
    pub fn fail_next(&self, n: u32, kind: FaultKind) {
        lock(&self.state.faults).queue(n, kind);
    }

    pub fn set_faults(&self, faults: Faults) {
        lock(&self.state.faults).set_rates(faults);
    }

    pub fn set_enforce_limits(&self, on: bool) {
        self.state.limits.set_enforced(on);
    }

    pub fn apply(&self, mutation: Mutation) -> Result<MutationOutcome, SandboxError> {
        let mut rng = lock(&self.state.mutation_rng);
        write(&self.state.dataset).apply(mutation, &mut *rng)
    }

    /// `creates` new records, then `updates` and `deletes` of random live ones, chosen
    /// by `seed`.
    pub fn apply_random(
        &self,
        seed: u64,
        creates: usize,
        updates: usize,
        deletes: usize,
    ) -> Vec<MutationOutcome> {
        write(&self.state.dataset).apply_random(RandomMutations {
            creates,
            updates,
            deletes,
            seed,
        })
    }

    /// Applies `plan.count` random changes that Gestão Click reports by webhook and
    /// delivers each one's webhook to `target`, at `plan.rate_per_sec` at most (envelope
    /// and auth in the `emit` module doc).
    pub async fn emit_webhooks(
        &self,
        target: WebhookTarget,
        plan: EmitPlan,
    ) -> Result<EmitSummary, SandboxError> {
        let mut emitter = Emitter::new(self.state.clone(), target, plan.rate_per_sec, plan.seed)?;
        Ok(emitter.emit(plan.count).await)
    }
}

/// Emits in the background at `rate_per_sec` until `cancel` fires: demo mode's live feed.
/// The changes follow the sandbox's seed, so every demo tells the same story. The task
/// ends with the run's summary.
pub fn spawn_emitter(
    handle: SandboxHandle,
    target: WebhookTarget,
    rate_per_sec: f64,
    cancel: CancellationToken,
) -> Result<JoinHandle<EmitSummary>, SandboxError> {
    Emitter::spawn(handle.state, target, rate_per_sec, cancel)
}
