//! The state a running sandbox shares between its HTTP handlers and its `SandboxHandle`:
//! the dataset, request counters, fault injector, limits and webhook event ids.

use crate::config::{Faults, SandboxConfig};
use crate::dataset::Dataset;
use crate::emit::envelope::{self, EventIds, WebhookEvent};
use crate::emit::{EmitPlan, EmitSummary, Emitter, WebhookTarget};
use crate::error::SandboxError;
use crate::faults::{FaultInjector, FaultKind};
use crate::http::limits::Limits;
use crate::mutations::{Mutation, MutationOutcome, RandomMutations};
use crate::summary::{DatasetSummary, summarize};
use chrono::Utc;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Seeds derived from the config seed, so faults and mutations do not replay the data's
/// random stream.
const FAULT_SEED_SALT: u64 = 0xFA17;
const MUTATION_SEED_SALT: u64 = 0x3u64 << 40;

pub(crate) struct SharedState {
    pub config: SandboxConfig,
    pub dataset: RwLock<Dataset>,
    pub traffic: Mutex<Traffic>,
    pub faults: Mutex<FaultInjector>,
    pub limits: Limits,
    pub event_ids: EventIds,
    mutation_rng: Mutex<ChaCha8Rng>,
}

/// API requests seen since start or the last reset; admin routes are not counted.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Traffic {
    pub total: u64,
    pub by_resource: BTreeMap<String, u64>,
    pub rate_limited: u64,
}

impl SharedState {
    pub fn new(config: SandboxConfig, dataset: Dataset) -> SharedState {
        SharedState {
            dataset: RwLock::new(dataset),
            traffic: Mutex::new(Traffic::default()),
            faults: Mutex::new(FaultInjector::new(
                config.faults,
                config.seed ^ FAULT_SEED_SALT,
            )),
            limits: Limits::new(config.enforce_limits),
            event_ids: EventIds::new(),
            mutation_rng: Mutex::new(ChaCha8Rng::seed_from_u64(config.seed ^ MUTATION_SEED_SALT)),
            config,
        }
    }
}

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
        let mut emitter = Emitter::new(self.clone(), target, plan.rate_per_sec, plan.seed)?;
        Ok(emitter.emit(plan.count).await)
    }

    /// One random reportable change and its webhook, built under the same lock, so that
    /// `data` is exactly the state the change left.
    pub(crate) fn apply_reportable(&self, rng: &mut impl Rng) -> Option<WebhookEvent> {
        let mut dataset = write(&self.state.dataset);
        let outcome = dataset.apply_random_reportable(rng)?;
        envelope::build(&dataset, &outcome, self.state.event_ids.next(), Utc::now())
    }
}

// A panic while holding a lock leaves plain data behind, still consistent enough for a
// simulator: recover the guard instead of poisoning every later request.

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
