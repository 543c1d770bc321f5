//! What the relay benchmarks run against: the real relay in-process on a SQLite file in a
//! temp dir or on a PostgreSQL database (and a second relay beside it on the same one), one
//! HMAC channel on it (more on demand), and a desktop core (temp dir, in-memory relay
//! secrets, as the demo holds them) connected to a channel: a Gestão Click one mirroring a
//! small sandbox, or a Coinzz one with nothing to mirror first.

use super::webhooks::Targets;
use crate::error::BenchError;
use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::providers::{coinzz, gestaoclick};
use ponte_core::store::{Integration, IntegrationSettings, NewIntegration, RunOutcome, RunTrigger};
use ponte_core::{Core, CoreOptions};
use ponte_relay::{
    ChannelCredentials, EventStore, PostgresStore, RateLimit, Relay, RelayConfig, RunningRelay,
    SqliteStore, SystemClock,
};
use ponte_sandbox::{RunningSandbox, Sandbox, SandboxConfig, Scale};
use ponte_webhooks::relay_api::{KeyRole, RecipientKey};
use ponte_webhooks::seal::SealingKeyPair;
use ponte_webhooks::{AuthMode, Provider, ingest_url};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

/// The per-channel ingest limit (100/s by default) is lifted: the benchmark measures what
/// the relay can take, not what one provider account may send. A million per second
/// rather than `u32::MAX`, whose refill interval would round to zero nanoseconds.
const UNLIMITED: NonZeroU32 = NonZeroU32::new(1_000_000).expect("not zero");

pub struct RelayRig {
    pub relay: RunningRelay,
    pub channel: ChannelCredentials,
    _dir: TempDir,
}

impl RelayRig {
    /// A fresh relay with an empty database and one Gestão Click channel in hmac mode.
    pub async fn start() -> Result<RelayRig, BenchError> {
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(&dir.path().join("relay.db")).await?;
        RelayRig::start_on(Arc::new(store), dir).await
    }

    /// The same on PostgreSQL: a relay on the (empty) database at `url`.
    pub async fn start_postgres(url: &str) -> Result<RelayRig, BenchError> {
        let store = PostgresStore::connect(url).await?;
        RelayRig::start_on(Arc::new(store), tempfile::tempdir()?).await
    }

    async fn start_on(store: Arc<dyn EventStore>, dir: TempDir) -> Result<RelayRig, BenchError> {
        let relay = Relay::start(config(), store, Arc::new(SystemClock)).await?;
        let channel = relay
            .admin()
            .create(
                Provider::GestaoClick,
                AuthMode::Hmac,
                &relay.base_url(),
                &[sealing_key()],
            )
            .await?;
        Ok(RelayRig {
            relay,
            channel,
            _dir: dir,
        })
    }

    /// Another channel on the same relay.
    pub async fn open_channel(
        &self,
        provider: Provider,
        mode: AuthMode,
    ) -> Result<ChannelCredentials, BenchError> {
        Ok(self
            .relay
            .admin()
            .create(provider, mode, &self.relay.base_url(), &[sealing_key()])
            .await?)
    }

    /// A second relay on the PostgreSQL database at `url`, which this rig's relay uses too:
    /// it serves the same channels (the rig's, with its own ingest URL), as two relays
    /// behind a load balancer do.
    pub async fn beside(&self, url: &str) -> Result<RelayRig, BenchError> {
        let store = PostgresStore::connect(url).await?;
        let relay = Relay::start(config(), Arc::new(store), Arc::new(SystemClock)).await?;
        let mut channel = self.channel.clone();
        channel.ingest_url = ingest_url(
            &relay.base_url(),
            &channel.channel_id,
            channel.auth_mode,
            &channel.secret,
        );
        Ok(RelayRig {
            relay,
            channel,
            _dir: tempfile::tempdir()?,
        })
    }

    pub async fn shutdown(self) {
        self.relay.shutdown().await;
    }
}

/// The key a new channel is sealed to, a desktop's as the relay sees it: the relay takes no
/// webhook on a channel without one. A desktop that connects registers its own, which
/// replaces it; the ingest benchmarks open nothing, so its secret is dropped.
fn sealing_key() -> RecipientKey {
    RecipientKey::new(SealingKeyPair::generate().public(), KeyRole::Desktop)
}

/// A relay on loopback with the per-channel limit lifted.
fn config() -> RelayConfig {
    let mut config = RelayConfig::new(([127, 0, 0, 1], 0).into());
    config.rate_limit = RateLimit {
        per_second: UNLIMITED,
        burst: UNLIMITED,
    };
    config
}

/// A desktop core with one integration connected to a channel of the rig. Its pollers are
/// not started: each benchmark starts them when its clock allows.
pub struct Desktop {
    pub core: Core,
    pub integration: Integration,
    pub db_path: PathBuf,
    /// What a Gestão Click desktop synced from; a Coinzz one has none.
    _sandbox: Option<RunningSandbox>,
    dir: TempDir,
}

impl Desktop {
    /// A Gestão Click integration that has synced a small sandbox, on the rig's channel.
    pub async fn connect(rig: &RelayRig) -> Result<Desktop, BenchError> {
        let mut config = SandboxConfig::new(7, Scale::Small);
        config.enforce_limits = false;
        let credentials = Credentials::new(&config.access_token, &config.secret_token)?;
        let sandbox = Sandbox::start(config, ([127, 0, 0, 1], 0).into()).await?;
        let (core, dir) = open_core(CredentialStore::default().with_override(credentials)).await?;
        let integration = core
            .integrations()
            .add(
                NewIntegration {
                    provider: gestaoclick::KIND,
                    name: "bench".into(),
                    base_url: sandbox.base_url(),
                    settings: IntegrationSettings {
                        requests_per_second: 100_000,
                        ..IntegrationSettings::default()
                    },
                    schedule_interval_minutes: None,
                },
                None,
            )
            .await?;
        let result = core
            .sync()
            .start(integration.id, RunTrigger::Manual)
            .await?
            .wait()
            .await;
        if result.outcome != RunOutcome::Succeeded {
            return Err(BenchError::SyncFailed(
                result.error_message.unwrap_or_default(),
            ));
        }
        Desktop::listen(rig, &rig.channel, core, integration, Some(sandbox), dir).await
    }

    /// A Coinzz integration on `channel` (a Coinzz one of the rig). Coinzz has no API, so
    /// there is nothing to sync first and no credentials to hold.
    pub async fn coinzz(
        rig: &RelayRig,
        channel: &ChannelCredentials,
    ) -> Result<Desktop, BenchError> {
        let (core, dir) = open_core(CredentialStore::default()).await?;
        let integration = core
            .integrations()
            .add(
                NewIntegration {
                    provider: coinzz::KIND,
                    name: "bench coinzz".into(),
                    base_url: String::new(),
                    settings: IntegrationSettings::default(),
                    schedule_interval_minutes: None,
                },
                None,
            )
            .await?;
        Desktop::listen(rig, channel, core, integration, None, dir).await
    }

    /// Connects `integration` to `channel`, its secrets held in memory.
    async fn listen(
        rig: &RelayRig,
        channel: &ChannelCredentials,
        core: Core,
        integration: Integration,
        sandbox: Option<RunningSandbox>,
        dir: TempDir,
    ) -> Result<Desktop, BenchError> {
        core.realtime()
            .connect_in_memory(&integration, &rig.relay.base_url(), channel)
            .await?;
        let db_path = core.store().path().to_path_buf();
        Ok(Desktop {
            core,
            integration,
            db_path,
            _sandbox: sandbox,
            dir,
        })
    }

    /// The centros de custo the sync mirrored, for events that update them.
    pub async fn targets(&self) -> Result<Targets, BenchError> {
        let centros: Vec<String> = sqlx::query_scalar(
            "SELECT external_id FROM entity_links WHERE entity_type = 'centro_custo'
             AND integration_id = ? ORDER BY external_id",
        )
        .bind(self.integration.id)
        .fetch_all(self.core.store().pool())
        .await?;
        if centros.is_empty() {
            return Err(BenchError::RelayBench(
                "the sandbox sync mirrored no centro de custo".into(),
            ));
        }
        Ok(Targets {
            centros,
            first_cliente: 90_000_000,
        })
    }

    /// `outcome count, …` of the integration's inbox, to show what the events did.
    pub async fn inbox_outcomes(&self) -> Result<String, BenchError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT outcome, COUNT(*) FROM inbox_events WHERE integration_id = ?
             GROUP BY outcome ORDER BY outcome",
        )
        .bind(self.integration.id)
        .fetch_all(self.core.store().pool())
        .await?;
        Ok(rows
            .iter()
            .map(|(outcome, count)| format!("{outcome} {count}"))
            .collect::<Vec<_>>()
            .join(", "))
    }

    /// A path in the desktop's temp dir for a floor's database.
    pub fn floor_db(&self) -> PathBuf {
        self.dir.path().join("floor.db")
    }

    pub async fn shutdown(self) {
        self.core.shutdown().await;
    }
}

/// A core in a new temp dir.
async fn open_core(credentials: CredentialStore) -> Result<(Core, TempDir), BenchError> {
    let dir = tempfile::tempdir()?;
    let core = Core::open(CoreOptions {
        data_dir: dir.path().to_path_buf(),
        credentials,
    })
    .await?;
    Ok((core, dir))
}
