//! `ponte-relay`: the small hosted service that gives a desktop a public webhook URL.
//! Providers POST to a channel's ingest URL; the relay verifies the delivery in the
//! channel's auth mode, seals the exact bytes and the headers Ponte needs to the keys the
//! desktop registered on the channel (`ponte_webhooks::seal`: it never stores a payload in
//! clear, and a channel without a key takes nothing), commits the envelope durably before
//! answering 2xx, and serves the events to the desktop by long-poll until it acknowledges
//! them.
//!
//! `Relay::start` serves a store; `ChannelAdmin` creates and rotates channels (so does a
//! desktop holding the account token, when `RelayConfig::provisioning` is set); the
//! `ponte-relay` binary wraps both. The JSON contract is in `ponte_webhooks::relay_api`.

mod channels;
mod clock;
mod commits;
mod config;
mod error;
mod http;
mod limiter;
mod locks;
mod metrics;
mod notices;
mod retention;
mod sealing_sessions;
mod secrets;
mod server;
pub mod store;
mod writer;

pub use channels::{ChannelAdmin, RotatedSecret};
pub use clock::{Clock, SystemClock};
pub use config::{
    ConnectionLimits, MAX_BODY_BYTES, MAX_WAIT_CAP, Provisioning, RateLimit, RelayConfig,
};
pub use error::{RelayError, Result};
pub use ponte_webhooks::relay_api::ChannelCredentials;
pub use secrets::SecretsKeys;
pub use server::{Relay, RunningRelay};
pub use store::{EventStore, PostgresStore, SqliteStore, open_store, open_store_with_keys};
