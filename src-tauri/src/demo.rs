//! Demo mode: everything a real install talks to runs in this process on loopback. The
//! Gestão Click sandbox serves the API; a local relay receives the webhooks the sandbox
//! emits as its data changes; the "Gestão Click (demonstração)" integration pulls from
//! both. Beside it, "Coinzz (demonstração)" receives the Coinzz-shaped orders and
//! subscriptions the sandbox posts to its own `url-token` channel of the same relay (Coinzz
//! has no API and signs nothing). Tokens and relay secrets are the demo's own, held in
//! memory, so the demo needs neither credentials nor a keyring. The local relay also
//! takes the demo's own account token, so "Adicionar Coinzz" opens channels on it (those
//! channels' secrets do go to the keyring, as on a real install).

use crate::error::{IpcError, IpcErrorCode, ShellErrorCode};
use ponte_core::Core;
use ponte_core::credentials::{Credentials, Secret};
use ponte_core::domain::ProviderKind;
use ponte_core::integrations::DEFAULT_SCHEDULE_MINUTES;
use ponte_core::providers::{coinzz, gestaoclick, provider_for};
use ponte_core::store::{Integration, IntegrationSettings, NewIntegration};
use ponte_relay::{Provisioning, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_sandbox::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, EmitSummary, RunningSandbox, Sandbox,
    SandboxConfig, WebhookTarget, spawn_coinzz_emitter, spawn_emitter,
};
use ponte_webhooks::{AuthMode, random_token};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub const DEMO_INTEGRATION_NAME: &str = "Gestão Click (demonstração)";
pub const DEMO_COINZZ_NAME: &str = "Coinzz (demonstração)";

/// The relay's file in the demo data folder, recreated at every launch.
const DEMO_RELAY_DB: &str = "demo-relay.db";

/// The demo's servers, stopped together at exit.
pub struct DemoWorld {
    sandbox: RunningSandbox,
    relay: RunningRelay,
    stop_emitters: CancellationToken,
    /// Gestão Click's and Coinzz's; none when the demo runs without live changes.
    emitters: Vec<JoinHandle<EmitSummary>>,
}

impl DemoWorld {
    /// Stops the emitters, then the relay, then the sandbox.
    pub async fn shutdown(self) {
        self.stop_emitters.cancel();
        for emitter in self.emitters {
            if let Ok(summary) = emitter.await {
                tracing::info!(sent = summary.sent, "demonstração: webhooks enviados");
            }
        }
        self.relay.shutdown().await;
        self.sandbox.shutdown().await;
    }
}

fn demo_error(what: &str, error: impl std::fmt::Display) -> IpcError {
    IpcError {
        code: IpcErrorCode::Shell(ShellErrorCode::DemoSandbox),
        message: format!(
            "Não foi possível iniciar {what} da demonstração na interface de loopback ({error}). Verifique se 127.0.0.1 está disponível."
        ),
    }
}

/// Starts the sandbox and the relay on free loopback ports, (re)points the demo
/// integrations at them, and starts the live changes: `changes_per_minute` Gestão Click
/// changes and as many Coinzz webhooks (a few per minute show real time at work without
/// flooding the notification center). The relay pollers are started with the app's,
/// afterwards.
pub async fn start(core: &Core, changes_per_minute: u32) -> Result<DemoWorld, IpcError> {
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sandbox = Sandbox::start(SandboxConfig::demo(), loopback)
        .await
        .map_err(|error| demo_error("o simulador", error))?;
    let gestao_click = demo_integration(
        core,
        gestaoclick::KIND,
        DEMO_INTEGRATION_NAME,
        &sandbox.base_url(),
    )
    .await?;
    let tokens = Credentials::new(DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN)?;
    core.sync()
        .credentials()
        .hold_in_memory(&gestao_click, tokens);
    // Coinzz has no API to point at, and no tokens: only its relay channel.
    let coinzz = demo_integration(core, coinzz::KIND, DEMO_COINZZ_NAME, "").await?;

    let relay = start_relay(core.data_dir(), loopback).await?;
    core.sync()
        .credentials()
        .hold_relay_account_in_memory(relay.account_token.clone());
    core.integrations()
        .set_relay_account(&relay.running.base_url(), None)
        .await?;
    let relay = relay.running;
    let gestao_click_target = connect(core, &relay, &gestao_click, AuthMode::Hmac).await?;
    let coinzz_target = connect(core, &relay, &coinzz, AuthMode::UrlToken).await?;
    let stop_emitters = CancellationToken::new();
    let emitters = match changes_per_minute {
        0 => Vec::new(),
        per_minute => {
            let rate_per_sec = f64::from(per_minute) / 60.0;
            let emitter_error = |error| demo_error("o emissor de webhooks", error);
            vec![
                spawn_emitter(
                    sandbox.handle(),
                    gestao_click_target,
                    rate_per_sec,
                    stop_emitters.clone(),
                )
                .map_err(emitter_error)?,
                spawn_coinzz_emitter(coinzz_target, rate_per_sec, stop_emitters.clone())
                    .map_err(emitter_error)?,
            ]
        }
    };
    tracing::info!(
        sandbox = %sandbox.addr(),
        relay = %relay.addr(),
        "demonstração: sandbox e relay no ar"
    );
    Ok(DemoWorld {
        sandbox,
        relay,
        stop_emitters,
        emitters,
    })
}

/// Creates a channel for `integration` on the demo relay, connects the integration to it
/// (its secrets held in memory), and returns where its webhooks go.
async fn connect(
    core: &Core,
    relay: &RunningRelay,
    integration: &Integration,
    mode: AuthMode,
) -> Result<WebhookTarget, IpcError> {
    let channel = relay
        .admin()
        .create(
            provider_for(&integration.provider)?.relay_rules(),
            mode,
            &relay.base_url(),
            // Connecting registers the desktop's key (held in memory, as the channel's
            // secrets are), as Ponte does for a channel made by hand.
            &[],
        )
        .await
        .map_err(|error| demo_error("o relay", error))?;
    core.realtime()
        .connect_in_memory(integration, &relay.base_url(), &channel)
        .await?;
    Ok(WebhookTarget::relay(
        &relay.base_url(),
        &channel.channel_id,
        mode,
        &channel.secret,
    ))
}

async fn demo_integration(
    core: &Core,
    provider: ProviderKind,
    name: &str,
    base_url: &str,
) -> Result<Integration, IpcError> {
    let integrations = core.integrations();
    match integrations.by_name(name).await {
        Ok(existing) => {
            integrations.set_base_url(existing.id, base_url).await?;
            Ok(integrations.get(existing.id).await?)
        }
        Err(ponte_core::Error::IntegrationNotFound { .. }) => {
            // A provider without a query API has nothing to schedule.
            let implementation = provider_for(&provider)?;
            let schedule_interval_minutes = implementation
                .has_query_api()
                .then_some(DEFAULT_SCHEDULE_MINUTES);
            // "Permitir alterações" is on in the demo, where the sandbox takes the writes.
            let settings = IntegrationSettings {
                allow_writes: implementation.record_writes().is_some(),
                ..IntegrationSettings::default()
            };
            let new = NewIntegration {
                provider,
                name: name.to_string(),
                base_url: base_url.to_string(),
                settings,
                schedule_interval_minutes,
            };
            Ok(integrations.add(new, None).await?)
        }
        Err(other) => Err(other.into()),
    }
}

/// The demo relay and the account token that opens channels on it.
struct DemoRelay {
    running: RunningRelay,
    account_token: Secret,
}

/// A fresh relay file each launch: a new channel, so the desktop starts it from its
/// first event (the sandbox is new too).
async fn start_relay(data_dir: &Path, addr: SocketAddr) -> Result<DemoRelay, IpcError> {
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
    let account_token = random_token();
    let mut config = RelayConfig::new(addr);
    config.provisioning = Some(Provisioning::new(&account_token, ""));
    let running = Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .map_err(|error| demo_error("o relay", error))?;
    Ok(DemoRelay {
        running,
        account_token: Secret::new(account_token),
    })
}
