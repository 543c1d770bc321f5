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
    /// Listen for the store's notices (PostgreSQL's NOTIFY): another relay's ingest wakes
    /// this relay's pulls at once, another relay's channel change drops it from the cache.
    /// Off, pulls still see other relays' events within `pull_recheck`.
    pub store_notices: bool,
    /// How often a waiting pull re-reads the store even without a wake: notices are only a
    /// hint, and one lost (a dropped connection, notices off) must not strand a consumer.
    pub pull_recheck: Duration,
    /// Timeouts and the cap that keep slow or idle connections from starving the others.
    pub connections: ConnectionLimits,
    /// Failed verifications admitted per source address before it gets 429s.
    pub failed_auth_limit: RateLimit,
    /// The relay sits behind a reverse proxy: the source address of a request is the last
    /// entry of `X-Forwarded-For` (the one the proxy added) instead of the TCP peer. Off by
    /// default, because anyone can send that header to a relay facing the internet.
    pub behind_proxy: bool,
    /// How many relays share the channels; each admits `rate_limit / relay_count`.
    pub relay_count: NonZeroU32,
    /// The `relay` label of every series on `/metrics`; the host name by default.
    pub relay_id: String,
}

/// How long a connection may take and how many may be open; see `http/connections.rs`.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// From the connection opening (or the previous answer) to a request's complete head.
    pub header_read_timeout: Duration,
    /// A connection with no request running and no byte moving is closed after this.
    pub idle_timeout: Duration,
    /// The longest a request's body may take to arrive (408 after).
    pub body_read_timeout: Duration,
    /// Connections served at once. The relay lowers it to fit its file limit.
    pub max_connections: usize,
}

impl ConnectionLimits {
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(75);
    pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
    pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            idle_timeout: Self::DEFAULT_IDLE_TIMEOUT,
            body_read_timeout: Self::DEFAULT_BODY_READ_TIMEOUT,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
        }
    }
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

impl RateLimit {
    /// Failed verifications per source address: a misconfigured sender retries a few
    /// times a second at most, a flood of guesses far more.
    pub const FAILED_AUTH: RateLimit = RateLimit {
        per_second: NonZeroU32::new(5).expect("5 is not zero"),
        burst: NonZeroU32::new(20).expect("20 is not zero"),
    };
}

impl RelayConfig {
    pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);
    pub const DEFAULT_PURGE_INTERVAL: Duration = Duration::from_secs(3600);
    /// Between the 1 and 2 s: a missed wake costs a consumer at most this.
    pub const DEFAULT_PULL_RECHECK: Duration = Duration::from_secs(1);

    pub fn new(addr: SocketAddr) -> RelayConfig {
        RelayConfig {
            addr,
            retention: Self::DEFAULT_RETENTION,
            purge_interval: Self::DEFAULT_PURGE_INTERVAL,
            rate_limit: RateLimit::default(),
            provisioning: None,
            store_notices: true,
            pull_recheck: Self::DEFAULT_PULL_RECHECK,
            connections: ConnectionLimits::default(),
            failed_auth_limit: RateLimit::FAILED_AUTH,
            behind_proxy: false,
            relay_count: NonZeroU32::MIN,
            relay_id: crate::metrics::host_name(),
        }
    }
}
