//! A real relay for the core's real-time tests: in-process on a temp SQLite file, with one
//! Gestão Click channel that a harness's integration is connected to, its secrets held in
//! memory as demo mode holds them (the keyring has its own tests), and the desktop's
//! sealing keys (held in memory with them) registered on it as Ponte registers them.

use super::Harness;
use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::store::RelayChannel;
use ponte_relay::{
    ChannelCredentials, PostgresStore, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock,
};
use ponte_sandbox::{EmitPlan, EmitSummary, WebhookTarget};
use ponte_webhooks::{AuthMode, Provider};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Registers the desktop's sealing keys on a channel made without any, as connecting a
/// channel does; the keys of a process holding its relay secrets in memory stay there.
pub async fn register_desktop_keys(
    core: &ponte_core::Core,
    relay_url: &str,
    credentials: &ChannelCredentials,
) {
    let keys = ponte_core::realtime::desktop_keys(core.sync().credentials())
        .await
        .expect("sealing keys");
    ponte_core::realtime::register_keys(
        relay_url,
        &credentials.channel_id,
        &Secret::new(credentials.pull_token.as_str()),
        keys.recipients(),
    )
    .await
    .expect("keys registered");
}

pub struct ConnectedRelay {
    pub relay: RunningRelay,
    /// What `channel create` printed: ingest URL, secret, pull token.
    pub credentials: ChannelCredentials,
    /// The channel as the desktop stores it.
    pub channel: RelayChannel,
    /// The relay's database folder; keep it as long as the relay runs.
    pub dir: TempDir,
}

/// Starts a relay, creates a channel in `mode` and connects `harness`'s integration to it.
/// No poller runs until the test spawns them.
pub async fn connected_relay(harness: &Harness, mode: AuthMode) -> ConnectedRelay {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("relay.db"))
        .await
        .expect("relay store");
    let relay = Relay::start(
        RelayConfig::new("127.0.0.1:0".parse().expect("addr")),
        Arc::new(store),
        Arc::new(SystemClock),
    )
    .await
    .expect("relay starts");
    let credentials = relay
        .admin()
        .create(Provider::GestaoClick, mode, &relay.base_url(), &[])
        .await
        .expect("channel");
    let channel = connect(harness, mode, &relay.base_url(), &credentials).await;
    ConnectedRelay {
        relay,
        credentials,
        channel,
        dir,
    }
}

/// Connects `harness`'s integration to `credentials`' channel on the relay at `relay_url`:
/// the secrets held in memory, the desktop's sealing keys registered, the channel saved.
async fn connect(
    harness: &Harness,
    mode: AuthMode,
    relay_url: &str,
    credentials: &ChannelCredentials,
) -> RelayChannel {
    let channel = RelayChannel {
        integration_id: harness.integration.id,
        relay_url: relay_url.to_string(),
        channel: credentials.channel_id.clone(),
        auth_mode: mode,
        cursor: 0,
    };
    harness.core.sync().credentials().hold_relay_in_memory(
        &harness.integration,
        RelaySecrets {
            pull_token: Secret::new(credentials.pull_token.clone()),
            ingest_secrets: vec![Secret::new(credentials.secret.clone())],
        },
    );
    register_desktop_keys(&harness.core, relay_url, credentials).await;
    harness
        .core
        .store()
        .set_relay_channel(&channel)
        .await
        .expect("channel saved");
    channel
}

/// A fresh database of its own on the throwaway PostgreSQL server of
/// `scripts/dev/with-postgres.sh`; the relay's tests hold the one helper for it.
// The relay's own helper, of which these tests need only part.
#[allow(dead_code)]
#[path = "../../../relay/tests/support/postgres.rs"]
mod postgres;

pub use postgres::TestDatabase;

/// Two relays on one PostgreSQL database, as a hosted deployment runs them behind a load
/// balancer: the provider's webhooks reach `ingest`, and the desktop pulls from `pull`.
pub struct ConnectedPair {
    pub ingest: RunningRelay,
    pub pull: RunningRelay,
    pub credentials: ChannelCredentials,
    pub database: TestDatabase,
}

/// Starts two relays on a fresh PostgreSQL database, creates a channel in `mode` on the
/// first and connects `harness`'s integration to it through the second. No poller runs
/// until the test spawns them.
pub async fn connected_relay_pair(harness: &Harness, mode: AuthMode) -> ConnectedPair {
    let database = TestDatabase::create().await;
    let start = || async {
        // In one process both stores hold the same server key for HMAC and Standard secrets.
        let store = PostgresStore::connect(&database.url)
            .await
            .expect("relay store on PostgreSQL");
        Relay::start(
            RelayConfig::new("127.0.0.1:0".parse().expect("addr")),
            Arc::new(store),
            Arc::new(SystemClock),
        )
        .await
        .expect("relay starts")
    };
    let ingest = start().await;
    let pull = start().await;
    let credentials = ingest
        .admin()
        .create(Provider::GestaoClick, mode, &ingest.base_url(), &[])
        .await
        .expect("channel");
    connect(harness, mode, &pull.base_url(), &credentials).await;
    ConnectedPair {
        ingest,
        pull,
        credentials,
        database,
    }
}

impl ConnectedPair {
    pub async fn shutdown(self) {
        self.ingest.shutdown().await;
        self.pull.shutdown().await;
        self.database.remove().await;
    }
}

impl ConnectedRelay {
    /// Starts `harness`'s pollers, has its sandbox send `count` webhooks to the channel
    /// (signed in the channel's mode), and waits until the inbox holds `count` more events
    /// (30 s at most). Returns what the relay answered the sandbox.
    pub async fn deliver(&self, harness: &Harness, count: usize, seed: u64) -> EmitSummary {
        let before = inbox_events(harness).await;
        harness
            .core
            .realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers");
        let emitted = harness
            .sandbox
            .handle()
            .emit_webhooks(
                WebhookTarget::relay(
                    &self.relay.base_url(),
                    &self.credentials.channel_id,
                    self.channel.auth_mode,
                    &self.credentials.secret,
                ),
                EmitPlan {
                    count,
                    rate_per_sec: 1_000_000.0,
                    seed,
                },
            )
            .await
            .expect("emitted");
        let deadline = Instant::now() + Duration::from_secs(30);
        while inbox_events(harness).await < before + count as i64 {
            assert!(Instant::now() < deadline, "events not applied within 30 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        emitted
    }
}

async fn inbox_events(harness: &Harness) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events")
        .fetch_one(harness.core.store().pool())
        .await
        .expect("inbox count")
}
