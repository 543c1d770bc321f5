//! A real relay for the core's real-time tests: in-process on a temp SQLite file, with one
//! Gestão Click channel that a harness's integration is connected to, its secrets held in
//! memory as demo mode holds them (the keyring has its own tests).

use super::Harness;
use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::store::RelayChannel;
use ponte_relay::{ChannelCredentials, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_webhooks::{AuthMode, Provider};
use std::sync::Arc;
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
