//! A faithful, deterministic simulator of the Gestão Click HTTP API
//! (`docs/providers/gestaoclick.md`), for Ponte's tests, demo mode and benchmarks.
//!
//! The same seed, scale and `today` always give byte-identical responses. The server also
//! reproduces the provider's quirks (string-typed values, two `meta` shapes, wrapped items,
//! the current-month default of titles) and can inject faults on demand. It can also emit
//! the webhooks its changes imply, to a relay, in any of the relay's auth modes (`emit`),
//! and Coinzz-shaped webhooks (`emit_coinzz`, their bodies alone: `coinzz_bodies`, or a
//! steady feed: `spawn_coinzz_emitter`).

mod config;
mod dataset;
pub mod documents;
mod emit;
mod error;
mod event_ids;
mod faults;
mod generate;
mod handle;
mod http;
mod limits;
mod locks;
mod money;
mod mutations;
mod records;
mod resource;
mod state;
mod summary;
mod wire;

pub use config::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, Faults, MetaVariant, SandboxConfig, Scale,
};
pub use emit::{
    CoinzzBodies, CoinzzEmission, CoinzzPlan, EmitPlan, EmitSummary, FailedDelivery, WebhookTarget,
    coinzz_bodies, emit_coinzz, spawn_coinzz_emitter,
};
pub use error::SandboxError;
pub use faults::FaultKind;
pub use handle::{SandboxHandle, spawn_emitter};
pub use http::{RunningSandbox, Sandbox};
pub use mutations::{Mutation, MutationAction, MutationEntity, MutationOutcome, RandomMutations};
pub use summary::{DatasetSummary, EntitySummary, LojaSummary};
