//! `Core`: the one handle clients hold, and the one front door. It opens the store and
//! hands out one service per domain: `sync()` (runs and the scheduler), `realtime()` (the
//! relay pollers, Verificar, Reprocessar), `integrations()` (adding, configuring and
//! removing provider accounts), `reports()`, `notifications()`, `settings()`, `backups()`
//! (verified copies of the store, their schedule and retention), `restore()` (putting a
//! backup back, undoing it, and the replay from the relay), `doctor()` (the checks
//! of `ponte doctor` and their safe fixes), `logs()` (the log files, read and followed)
//! `maintenance()` (the guarded reset of the mirrored data) and `writeback()` (changes
//! written back to the provider through the outbox). The services share one context
//! (store, credentials, notifier, shutdown, tasks).

use crate::backups::{Backups, Restore};
use crate::context::ServiceContext;
use crate::credentials::CredentialStore;
use crate::doctor::Doctor;
use crate::error::Result;
use crate::integrations::Integrations;
use crate::logs::Logs;
use crate::maintenance::Maintenance;
use crate::notifications::Notifier;
use crate::realtime::Realtime;
use crate::reports::Reports;
use crate::settings::Settings;
use crate::store::{DATABASE_FILE, Store};
use crate::sync::SyncEngine;
use crate::writeback::Writeback;
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
    backups: Backups,
    doctor: Doctor,
    logs: Logs,
    maintenance: Maintenance,
    restore: Restore,
    writeback: Writeback,
}

impl Core {
    /// Opens the store in `data_dir` and marks runs a previous process left unfinished.
    pub async fn open(options: CoreOptions) -> Result<Core> {
        // A restore staged by `restore().stage` replaces the store file before anyone
        // opens it.
        let restored = crate::backups::apply_pending_restore(&options.data_dir).await?;
        let store = Store::open(&options.data_dir.join(DATABASE_FILE)).await?;
        // A read-only store is only read (`ponte status`, reports): nothing to mark.
        let interrupted = match store.is_read_only() {
            true => 0,
            false => store.mark_interrupted_runs().await?,
        };
        if interrupted > 0 {
            tracing::info!(
                interrupted,
                "sincronizações interrompidas serão retomadas do último ponto salvo"
            );
        }
        let context = ServiceContext::new(store, options.credentials, CancellationToken::new());
        let engine = SyncEngine::new(context.clone());
        let realtime = Realtime::new(context.clone());
        let settings = Settings::new(context.store.clone(), &options.data_dir);
        let backups = Backups::new(context.clone(), &options.data_dir);
        let doctor = Doctor::new(context.clone(), engine.clone());
        let logs = Logs::new(&context, &options.data_dir);
        let maintenance = Maintenance::new(
            context.clone(),
            engine.clone(),
            realtime.clone(),
            backups.clone(),
        );
        let restore = Restore::new(
            context.clone(),
            backups.clone(),
            realtime.clone(),
            engine.clone(),
            &options.data_dir,
        );
        if let Some(restored) = &restored {
            restore.announce(restored).await;
        }
        Ok(Core {
            writeback: Writeback::new(context.clone(), engine.clone()),
            data_dir: options.data_dir,
            integrations: Integrations::new(context.clone(), engine.clone(), realtime.clone()),
            reports: Reports::new(context.store.clone()),
            settings,
            backups,
            doctor,
            logs,
            maintenance,
            restore,
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

    /// Backups: taking, listing, verifying and exporting them, and the scheduled backup.
    pub fn backups(&self) -> &Backups {
        &self.backups
    }

    /// Restoring a backup (staged, applied when the store is next opened), undoing the
    /// last restore, and the replay from the relay afterwards.
    pub fn restore(&self) -> &Restore {
        &self.restore
    }

    /// The diagnosis: checks of the store and of what it depends on, and their safe fixes.
    pub fn doctor(&self) -> &Doctor {
        &self.doctor
    }

    /// The programs' log files: read newest first with filters, and followed live.
    pub fn logs(&self) -> &Logs {
        &self.logs
    }

    /// The guarded reset of the mirrored data ("Limpar dados espelhados").
    pub fn maintenance(&self) -> &Maintenance {
        &self.maintenance
    }

    /// Corrigir na origem: baixar, estornar and reclassificar lançamentos at the provider
    /// through the outbox, its listing, conflicts and retries. `start()` runs its sender.
    pub fn writeback(&self) -> &Writeback {
        &self.writeback
    }

    /// Stops background work (runs and pollers commit or roll back their current page or
    /// batch), then closes the pool.
    pub async fn shutdown(&self) {
        self.context.shutdown().await;
        self.store().close().await;
    }
}
