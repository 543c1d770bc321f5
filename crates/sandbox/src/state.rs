//! The state a running sandbox shares between its HTTP handlers, its `SandboxHandle` and
//! its webhook emitter: the dataset, request counters and log, fault injector, limits,
//! webhook event ids, the log of applied writes and where writes' webhooks go.

use crate::client_log::{RequestLog, WriteLog};
use crate::config::SandboxConfig;
use crate::dataset::Dataset;
use crate::emit::WriteWebhooks;
use crate::event_ids::EventIds;
use crate::faults::FaultInjector;
use crate::limits::Limits;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Mutex, RwLock};

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
    pub mutation_rng: Mutex<ChaCha8Rng>,
    /// Taken after `dataset` when both are held, never before.
    pub writes: Mutex<WriteLog>,
    pub request_log: Mutex<RequestLog>,
    pub write_webhooks: WriteWebhooks,
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
            limits: Limits::new(config.enforce_limits, config.lenient_limits),
            event_ids: EventIds::new(),
            mutation_rng: Mutex::new(ChaCha8Rng::seed_from_u64(config.seed ^ MUTATION_SEED_SALT)),
            writes: Mutex::new(WriteLog::default()),
            request_log: Mutex::new(RequestLog::default()),
            write_webhooks: WriteWebhooks::default(),
            config,
        }
    }
}
