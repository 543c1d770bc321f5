//! `SandboxHandle`: control over a running sandbox from the same process, over the state
//! its HTTP handlers share (`state`), and the background webhook feed started on one.

use crate::client_log::{AppliedWrite, LoggedRequest, RequestLog};
use crate::config::Faults;
use crate::emit::{EmitPlan, EmitSummary, Emitter, WebhookTarget};
use crate::error::SandboxError;
use crate::faults::FaultKind;
use crate::locks::{lock, read, write};
use crate::mutations::{
    EditRefusal, EditScope, Mutation, MutationOutcome, RandomMutations, title_entity,
};
use crate::resource::Resource;
use crate::state::{SharedState, Traffic};
use crate::summary::{DatasetSummary, summarize};
use serde_json::{Map, Value};
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

    /// Clears the counts and the request log.
    pub fn reset_request_counts(&self) {
        *lock(&self.state.traffic) = Traffic::default();
        *lock(&self.state.request_log) = RequestLog::default();
    }

    /// The last 10,000 API requests (or fewer) in arrival order, oldest first.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        lock(&self.state.request_log).all()
    }

    /// Every PUT applied since start, in order, with the fields it changed.
    pub fn writes(&self) -> Vec<AppliedWrite> {
        lock(&self.state.writes).all()
    }

    /// How many PUTs were applied to one record (`"recebimentos"`, `"42"`).
    pub fn write_count(&self, resource: &str, id: &str) -> usize {
        lock(&self.state.writes).count(resource, id)
    }

    /// Sets `fields` on a recebimento or pagamento as an operator would in Gestão Click's
    /// own screen: validated like a PUT (`SandboxError::InvalidEdit` holds the provider's
    /// `mensagem`), `valor_total` recomputed and `modificado_em` stamped newer than
    /// anything before; not an API write, so not in `writes`, and no webhook. Answers the
    /// record as `GET /{resource}/{id}` would.
    pub fn edit_title(
        &self,
        resource: &str,
        id: &str,
        fields: Map<String, Value>,
    ) -> Result<Value, SandboxError> {
        let entity = title_entity(resource).ok_or_else(|| SandboxError::NotWritable {
            resource: resource.to_string(),
        })?;
        let not_found = || SandboxError::RecordNotFound {
            resource: entity.resource(),
            id: id.to_string(),
        };
        let numeric: u64 = id.parse().map_err(|_| not_found())?;
        let mut dataset = write(&self.state.dataset);
        dataset
            .edit_title(entity, numeric, &fields, EditScope::SomeFields)
            .map_err(|refusal| match refusal {
                EditRefusal::NotFound => not_found(),
                EditRefusal::Invalid(mensagem) => SandboxError::InvalidEdit { mensagem },
            })?;
        let rendered = Resource::from_path(resource)
            .and_then(|known| dataset.find(known, numeric))
            .ok_or_else(not_found)?;
        // The stored rendering is the record serialized: it always parses.
        Ok(serde_json::from_str(&rendered.json).unwrap_or_default())
    }

    /// Sends each applied PUT's `transaction.updated` webhook to `target` from now on;
    /// `None` (the default) sends none. A target that cannot work is refused.
    pub fn set_emit_on_write(&self, target: Option<WebhookTarget>) -> Result<(), SandboxError> {
        self.state.write_webhooks.set(target)
    }

    /// The next `n` API requests, reads or writes, get `kind`, before any random fault.
    pub fn fail_next(&self, n: u32, kind: FaultKind) {
        lock(&self.state.faults).queue(n, kind);
    }

    /// The next `n` writes (PUT) get `kind`, before any other fault; reads pass it by.
    pub fn fail_next_write(&self, n: u32, kind: FaultKind) {
        lock(&self.state.faults).queue_writes(n, kind);
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
