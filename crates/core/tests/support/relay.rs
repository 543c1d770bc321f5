//! A real relay for the core's real-time tests: in-process on a temp SQLite file, with one
//! Gestão Click channel that a harness's integration is connected to, its secrets held in
//! memory as demo mode holds them (the keyring has its own tests).

use super::Harness;
use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::store::RelayChannel;
use ponte_relay::{ChannelCredentials, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_sandbox::{EmitPlan, EmitSummary, WebhookTarget};
use ponte_webhooks::{AuthMode, Provider};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

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
        .create(Provider::GestaoClick, mode, &relay.base_url())
        .await
        .expect("channel");
    let channel = RelayChannel {
        integration_id: harness.integration.id,
        relay_url: relay.base_url(),
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
    harness
        .core
        .store()
        .set_relay_channel(&channel)
        .await
        .expect("channel saved");
    ConnectedRelay {
        relay,
        credentials,
        channel,
        dir,
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
