//! What a running relay can be tuned with, and the defaults.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// Bodies above this are answered 413 and never stored.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The longest a pull may hold, whatever `wait` it asks for.
pub const MAX_WAIT_CAP: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    /// How long acknowledged events stay available for replay.
    pub retention: Duration,
    /// How often the purge of expired events and secrets runs.
    pub purge_interval: Duration,
    pub rate_limit: RateLimit,
    /// `None`: channels are created only with `ponte-relay channel create`.
    pub provisioning: Option<Provisioning>,
}

/// Lets a desktop open its own channels (`POST /v1/channels`): the account token it must
/// present, kept hashed, and the public URL that goes into the ingest URLs handed out.
#[derive(Clone)]
pub struct Provisioning {
    pub(crate) account_token_sha256: String,
    pub(crate) public_url: String,
}

impl Provisioning {
    /// An empty `public_url` means the address the relay listens on: a loopback relay
    /// (the demo's, the tests') whose port is picked when it starts.
    pub fn new(account_token: &str, public_url: &str) -> Provisioning {
        Provisioning {
            account_token_sha256: crate::channels::token_sha256(account_token),
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }
}

impl std::fmt::Debug for Provisioning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provisioning")
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// Ingests admitted per channel: a sustained rate and a burst on top.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

/// Far above what one provider account sends, low enough that a flood on one channel
/// cannot starve the others of the single writer.
const DEFAULT_PER_SECOND: NonZeroU32 = NonZeroU32::new(100).expect("100 is not zero");
const DEFAULT_BURST: NonZeroU32 = NonZeroU32::new(200).expect("200 is not zero");

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: DEFAULT_PER_SECOND,
            burst: DEFAULT_BURST,
        }
    }
}

impl RelayConfig {
    pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);
    pub const DEFAULT_PURGE_INTERVAL: Duration = Duration::from_secs(3600);

    pub fn new(addr: SocketAddr) -> RelayConfig {
        RelayConfig {
            addr,
            retention: Self::DEFAULT_RETENTION,
            purge_interval: Self::DEFAULT_PURGE_INTERVAL,
            rate_limit: RateLimit::default(),
            provisioning: None,
        }
    }
}
