//! `Core`: the one handle clients hold, and the one front door. It opens the store and
//! hands out one service per domain: `sync()` (runs and the scheduler), `realtime()` (the
//! relay pollers, Verificar, Reprocessar), `integrations()` (adding, configuring and
//! removing provider accounts), `reports()`, `notifications()` and `settings()`. The
//! services share one context (store, credentials, notifier, shutdown, tasks).

use crate::context::ServiceContext;
use crate::credentials::CredentialStore;
use crate::error::Result;
use crate::integrations::Integrations;
use crate::notifications::Notifier;
use crate::realtime::Realtime;
use crate::reports::Reports;
use crate::settings::Settings;
use crate::store::{DATABASE_FILE, Store};
use crate::sync::SyncEngine;
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

pub struct CoreOptions {
    pub data_dir: PathBuf,
    pub credentials: CredentialStore,
}

pub struct Core {
    data_dir: PathBuf,
    context: ServiceContext,
    engine: SyncEngine,
    realtime: Realtime,
    integrations: Integrations,
    reports: Reports,
    settings: Settings,
}

impl Core {
    /// Opens the store in `data_dir` and marks runs a previous process left unfinished.
    pub async fn open(options: CoreOptions) -> Result<Core> {
        let store = Store::open(&options.data_dir.join(DATABASE_FILE)).await?;
        let interrupted = store.mark_interrupted_runs().await?;
        if interrupted > 0 {
            tracing::info!(
                interrupted,
                "sincronizações interrompidas serão retomadas do último ponto salvo"
            );
        }
        let context = ServiceContext::new(store, options.credentials, CancellationToken::new());
        let engine = SyncEngine::new(context.clone());
        let realtime = Realtime::new(context.clone());
        Ok(Core {
            data_dir: options.data_dir,
            integrations: Integrations::new(context.clone(), engine.clone(), realtime.clone()),
            reports: Reports::new(context.store.clone()),
            settings: Settings::new(context.store.clone()),
            context,
            engine,
            realtime,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The store itself, for tests and benchmarks that set up or inspect rows directly.
    /// Clients (the shell, the CLI) go through the services.
    pub fn store(&self) -> &Store {
        &self.context.store
    }

    pub fn sync(&self) -> &SyncEngine {
        &self.engine
    }

    pub fn realtime(&self) -> &Realtime {
        &self.realtime
    }

    pub fn integrations(&self) -> &Integrations {
        &self.integrations
    }

    /// The reports, with Dados' browse and the saldos iniciais: they need the store's SQL
    /// and nothing of sync.
    pub fn reports(&self) -> &Reports {
        &self.reports
    }

    pub fn notifications(&self) -> &Notifier {
        &self.context.notifier
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Stops background work (runs and pollers commit or roll back their current page or
    /// batch), then closes the pool.
    pub async fn shutdown(&self) {
        self.context.shutdown().await;
        self.store().close().await;
    }
}
