//! `ponte-webhooks`: how a webhook proves where it came from, in the four auth modes Ponte
//! accepts, and which provider event id it carries. Pure logic, no I/O (but for
//! `shutdown_signal`, behind the `shutdown-signal` feature, which the relay and the sandbox
//! binaries share through this crate).
//!
//! It also seals what the relay keeps of a delivery to the desktop's key (`seal`), so the
//! relay stores no payload in plaintext.
//!
//! Three parties use it: the relay verifies every delivery before storing it, the sandbox
//! signs the webhooks it emits, and the desktop verifies them again end to end (against
//! the relay's `received_at` instead of its own clock), so a compromised relay cannot
//! inject events.

mod error;
mod event_id;
mod mode;
pub mod relay_api;
mod route;
pub mod seal;
mod secret;
#[cfg(feature = "shutdown-signal")]
mod shutdown;
mod sign;
mod verify;

pub use error::WebhookError;
pub use event_id::{MAX_EVENT_ID_LEN, provider_event_id};
pub use mode::{AuthMode, Provider};
pub use route::ingest_url;
pub use secret::{generate_secret, random_token};
#[cfg(feature = "shutdown-signal")]
pub use shutdown::shutdown_signal;
pub use sign::{Outgoing, sign};
pub use verify::{
    Delivery, HeldSecret, TIMESTAMP_TOLERANCE_SECS, bearer_token, verify, verify_held,
};

/// The type of Ponte's own test event ("Verificar", `ponte relay verify`): it travels
/// the whole way, signed like a provider's, and changes nothing in the mirror.
pub const VERIFY_EVENT: &str = "ponte.verify";

/// Header names, lowercase as `http` stores them.
pub mod headers {
    pub const AUTHORIZATION: &str = "authorization";
    pub const HMAC_SIGNATURE: &str = "x-webhook-signature";
    pub const WEBHOOK_ID: &str = "webhook-id";
    pub const WEBHOOK_TIMESTAMP: &str = "webhook-timestamp";
    pub const WEBHOOK_SIGNATURE: &str = "webhook-signature";
}
