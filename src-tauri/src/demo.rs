//! Demo mode: everything a real install talks to runs in this process on loopback. The
//! Gestão Click sandbox serves the API; a local relay receives the webhooks the sandbox
//! emits as its data changes; the "Gestão Click (demonstração)" integration pulls from
//! both. Tokens and relay secrets are the demo's own, held in memory, so the demo needs
//! neither credentials nor a keyring.

use crate::error::IpcError;
use ponte_core::Core;
use ponte_core::credentials::{Credentials, RelaySecrets, Secret};
use ponte_core::domain::ProviderKind;
use ponte_core::draft::DEFAULT_SCHEDULE_MINUTES;
use ponte_core::store::{Integration, IntegrationSettings, NewIntegration, RelayChannel};
use ponte_relay::{Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_sandbox::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, EmitSummary, RunningSandbox, Sandbox,
    SandboxConfig, WebhookTarget, spawn_emitter,
};
use ponte_webhooks::{AuthMode, Provider};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub const DEMO_INTEGRATION_NAME: &str = "Gestão Click (demonstração)";

/// The relay's file in the demo data folder, recreated at every launch.
const DEMO_RELAY_DB: &str = "demo-relay.db";

/// The demo's servers, stopped together at exit.
pub struct DemoWorld {
    sandbox: RunningSandbox,
    relay: RunningRelay,
    stop_emitter: CancellationToken,
    /// `None` when the demo runs without live changes.
    emitter: Option<JoinHandle<EmitSummary>>,
}

impl DemoWorld {
    /// Stops the emitter, then the relay, then the sandbox.
    pub async fn shutdown(self) {
        self.stop_emitter.cancel();
        if let Some(emitter) = self.emitter
            && let Ok(summary) = emitter.await
        {
            tracing::info!(sent = summary.sent, "demonstração: webhooks enviados");
        }
        self.relay.shutdown().await;
        self.sandbox.shutdown().await;
    }
}

fn demo_error(what: &str, error: impl std::fmt::Display) -> IpcError {
    IpcError {
        code: "demo_sandbox".into(),
        message: format!(
            "Não foi possível iniciar {what} da demonstração na interface de loopback ({error}). Verifique se 127.0.0.1 está disponível."
        ),
    }
}

/// Starts the sandbox and the relay on free loopback ports, (re)points the demo
/// integration at them, and starts the sandbox's changes, `changes_per_minute` of them
/// (a few per minute show real time at work without flooding the notification center).
/// The relay pollers are started with the app's, afterwards.
pub async fn start(core: &Core, changes_per_minute: u32) -> Result<DemoWorld, IpcError> {
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sandbox = Sandbox::start(SandboxConfig::demo(), loopback)
        .await
        .map_err(|error| demo_error("o simulador", error))?;
    let integration = demo_integration(core, &sandbox.base_url()).await?;
    let tokens = Credentials::new(DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN)?;
    core.sync()
        .credentials()
        .hold_in_memory(&integration, tokens);

    let relay = start_relay(core.data_dir(), loopback).await?;
    let channel = relay
        .admin()
        .create(Provider::GestaoClick, AuthMode::Hmac, &relay.base_url())
        .await
        .map_err(|error| demo_error("o relay", error))?;
    core.sync().credentials().hold_relay_in_memory(
        &integration,
        RelaySecrets {
            pull_token: Secret::new(channel.pull_token.clone()),
            ingest_secrets: vec![Secret::new(channel.secret.clone())],
        },
    );
    core.store()
        .set_relay_channel(&RelayChannel {
            integration_id: integration.id,
            relay_url: relay.base_url(),
            channel: channel.channel_id.clone(),
            auth_mode: AuthMode::Hmac.as_str().to_string(),
            cursor: 0,
        })
        .await?;
    let stop_emitter = CancellationToken::new();
    let target = WebhookTarget::relay(
        &relay.base_url(),
        &channel.channel_id,
        AuthMode::Hmac,
        &channel.secret,
    );
    let emitter = match changes_per_minute {
        0 => None,
        per_minute => Some(
            spawn_emitter(
                sandbox.handle(),
                target,
                f64::from(per_minute) / 60.0,
                stop_emitter.clone(),
            )
            .map_err(|error| demo_error("o emissor de webhooks", error))?,
        ),
    };
    tracing::info!(
        sandbox = %sandbox.addr(),
        relay = %relay.addr(),
        "demonstração: sandbox e relay no ar"
    );
    Ok(DemoWorld {
        sandbox,
        relay,
        stop_emitter,
        emitter,
    })
}

async fn demo_integration(core: &Core, base_url: &str) -> Result<Integration, IpcError> {
    match core
        .store()
        .integration_by_name(DEMO_INTEGRATION_NAME)
        .await
    {
        Ok(existing) => {
            core.store().set_base_url(existing.id, base_url).await?;
            Ok(core.store().integration(existing.id).await?)
        }
        Err(ponte_core::Error::IntegrationNotFound { .. }) => {
            let new = NewIntegration {
                provider: ProviderKind::GestaoClick,
                name: DEMO_INTEGRATION_NAME.to_string(),
                base_url: base_url.to_string(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: Some(DEFAULT_SCHEDULE_MINUTES),
            };
            Ok(core.add_integration(new, None).await?)
        }
        Err(other) => Err(other.into()),
    }
}

/// A fresh relay file each launch: a new channel, so the desktop starts it from its
/// first event (the sandbox is new too).
async fn start_relay(data_dir: &Path, addr: SocketAddr) -> Result<RunningRelay, IpcError> {
    let path = data_dir.join(DEMO_RELAY_DB);
    for stale in [
        path.clone(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        if let Err(error) = std::fs::remove_file(&stale)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            return Err(demo_error("o relay", error));
        }
    }
    let store = SqliteStore::open(&path)
        .await
        .map_err(|error| demo_error("o relay", error))?;
    Relay::start(
        RelayConfig::new(addr),
        Arc::new(store),
        Arc::new(SystemClock),
    )
    .await
    .map_err(|error| demo_error("o relay", error))
}
