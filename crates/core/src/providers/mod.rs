//! Providers: the only extension point. A provider is a module behind the `Provider` trait
//! plus one line in `registry` (or one `registry::register` call, for one defined outside
//! this crate). Everything that differs between providers is asked of the trait: pulling,
//! webhooks, reports, credentials, rate limits and wording. Nothing outside this folder
//! matches on which provider an integration has.

pub mod coinzz;
mod connection;
pub mod gestaoclick;
mod provider;
mod rate_limit;
mod record_writes;
pub mod registry;

pub use connection::{Connection, ConnectionReport, RunContext};
pub use provider::{CredentialEnv, DecodedWebhook, Provider};
pub use rate_limit::{RateLimiter, RequestPriority, rate_limiter};
pub use record_writes::{RecordWrites, WriteFailure};
pub use registry::{
    credential_store_from_env, credentials_from_env, display_name_of, provider_for, pull_provider,
    register, registered,
};
