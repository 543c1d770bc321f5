//! A faithful, deterministic simulator of the Gestão Click HTTP API
//! (`docs/providers/gestaoclick.md`), for Ponte's tests, demo mode and benchmarks.
//!
//! The same seed, scale and `today` always give byte-identical responses. The server also
//! reproduces the provider's quirks (string-typed values, two `meta` shapes, wrapped items,
//! the current-month default of titles) and can inject faults on demand. It can also emit
//! the webhooks its changes imply, to a relay, in any of the relay's auth modes (`emit`),
//! and Coinzz-shaped webhooks (`emit_coinzz`, their bodies alone: `coinzz_bodies`, or a
//! steady feed: `spawn_coinzz_emitter`).
//!
//! It also accepts the provider's writes: `PUT /{resource}/{id}` (and under `/api`) for
//! recebimentos and pagamentos, validated as the provider does (404 with a pt-BR
//! `mensagem`), stamped with a newer `modificado_em`, logged (`SandboxHandle::writes`,
//! `GET /__sandbox/writes`) and, when switched on, followed by their
//! `transaction.updated` webhook (`SandboxHandle::set_emit_on_write`). Faults apply to
//! writes as to reads (`fail_next_write` queues one for writes only), and
//! `FaultKind::DropAnswerAfterWrite` applies a write and loses its answer.
//! `SandboxHandle::edit_title` changes a title as an operator would in Gestão Click's own
//! screen, for conflict tests: not logged as an API write.

mod client_log;
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

pub use client_log::{AppliedWrite, LoggedRequest};
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
