//! Starting, joining, preempting and cancelling runs. A manual request joins a manual run
//! in progress and preempts a scheduled one (which stops after its current page and is
//! resumed by the manual run from the checkpoint); a scheduled request joins whatever runs.

use crate::context::ServiceContext;
use crate::credentials::{CredentialStore, Credentials};
use crate::domain::{EntityKind, IntegrationId, SyncRunId};
use crate::error::{Error, Result};
use crate::locks::lock;
use crate::notifications::{self, Notifier};
use crate::progress::{ProgressSink, SyncEvent};
use crate::providers::{
    Connection, ConnectionReport, Provider, RateLimiter, RequestPriority, RunContext, pull_provider,
};
use crate::store::{EntityTotals, Integration, RunDetail, RunOutcome, RunTrigger, Store, SyncRun};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// How a run ended, for waiters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunResult {
    pub run_id: SyncRunId,
    pub outcome: RunOutcome,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// A run in progress (or just finished): wait for it or cancel it.
#[derive(Clone)]
pub struct RunHandle {
    pub run_id: SyncRunId,
    pub integration_id: IntegrationId,
    pub trigger: RunTrigger,
    cancel: CancellationToken,
    done: watch::Receiver<Option<RunResult>>,
}

impl RunHandle {
    pub async fn wait(&self) -> RunResult {
        let mut done = self.done.clone();
        let fallback = RunResult {
            run_id: self.run_id,
            outcome: RunOutcome::Interrupted,
            error_code: None,
            error_message: None,
        };
        match done.wait_for(Option::is_some).await {
            Ok(result) => result.clone().unwrap_or(fallback),
            Err(_) => fallback,
        }
    }

    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    fn is_finished(&self) -> bool {
        self.done.borrow().is_some()
    }
}

struct Inner {
    context: ServiceContext,
    events: broadcast::Sender<SyncEvent>,
    runs: Mutex<HashMap<IntegrationId, RunHandle>>,
    limiters: Mutex<HashMap<IntegrationId, Arc<RateLimiter>>>,
}

/// The one place runs are started. Cheap to clone.
#[derive(Clone)]
pub struct SyncEngine {
    inner: Arc<Inner>,
}

impl SyncEngine {
    /// Runs stop with the context's shutdown token, on its task tracker.
    pub fn new(context: ServiceContext) -> SyncEngine {
        let (events, _) = broadcast::channel(1024);
        SyncEngine {
            inner: Arc::new(Inner {
                context,
                events,
                runs: Mutex::new(HashMap::new()),
                limiters: Mutex::new(HashMap::new()),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.context.store
    }

    pub fn credentials(&self) -> &CredentialStore {
        &self.inner.context.credentials
    }

    pub fn subscribe(&self) -> broadcast::Receiver<SyncEvent> {
        self.inner.events.subscribe()
    }

    /// The notification center's writer, which this engine feeds with finished runs.
    pub fn notifier(&self) -> &Notifier {
        &self.inner.context.notifier
    }

    /// The newest runs first, of one integration or all: the Histórico.
    pub async fn runs(
        &self,
        integration_id: Option<IntegrationId>,
        limit: u32,
    ) -> Result<Vec<SyncRun>> {
        self.store().runs(integration_id, limit).await
    }

    pub async fn run(&self, run_id: SyncRunId) -> Result<SyncRun> {
        self.store().run(run_id).await
    }

    /// How many live records of each kind the integration has mirrored.
    pub async fn entity_totals(
        &self,
        integration_id: IntegrationId,
    ) -> Result<BTreeMap<EntityKind, EntityTotals>> {
        self.store().entity_totals(integration_id).await
    }

    /// The newest finished run of any integration: the tray's "Última sincronização".
    pub async fn last_finished_run(&self) -> Result<Option<SyncRun>> {
        self.store().last_finished_run().await
    }

    /// One run with up to `log_lines` lines of its audit log.
    pub async fn run_detail(&self, run_id: SyncRunId, log_lines: u32) -> Result<RunDetail> {
        self.store().run_detail(run_id, log_lines).await
    }

    /// The run in progress for an integration, if any.
    pub fn running(&self, integration_id: IntegrationId) -> Option<RunHandle> {
        lock(&self.inner.runs)
            .get(&integration_id)
            .filter(|h| !h.is_finished())
            .cloned()
    }

    /// Whether any integration has a run in progress: an update waits for none.
    pub fn any_running(&self) -> bool {
        lock(&self.inner.runs).values().any(|h| !h.is_finished())
    }

    /// Cancels the run in progress for an integration. `false` when none was running.
    pub fn cancel(&self, integration_id: IntegrationId) -> bool {
        self.running(integration_id).map(|h| h.cancel()).is_some()
    }

    /// Starts a run, or joins the one in progress (see the module doc for preemption).
    pub async fn start(
        &self,
        integration_id: IntegrationId,
        trigger: RunTrigger,
    ) -> Result<RunHandle> {
        if let Some(current) = self.running(integration_id) {
            if trigger == RunTrigger::Scheduled || current.trigger == RunTrigger::Manual {
                return Ok(current);
            }
            tracing::info!(
                integration_id,
                run_id = current.run_id,
                "sincronização manual interrompe a agendada"
            );
            current.cancel();
            current.wait().await;
        }
        let integration = self.inner.context.store.integration(integration_id).await?;
        if !integration.enabled {
            return Err(Error::IntegrationDisabled {
                name: integration.name,
            });
        }
        // Said up front, not as a failed run: nothing is broken, there is just no API.
        pull_provider(&integration.provider)?;
        let run_id = self
            .inner
            .context
            .store
            .start_run(integration_id, trigger)
            .await
            .map_err(|error| error.about_store(self.store().path()))?;
        let cancel = self.inner.context.shutdown.child_token();
        let (done_tx, done_rx) = watch::channel(None);
        let handle = RunHandle {
            run_id,
            integration_id,
            trigger,
            cancel: cancel.clone(),
            done: done_rx,
        };
        // Another caller may have started one while this one awaited: join it instead.
        let raced = {
            let mut runs = lock(&self.inner.runs);
            match runs.get(&integration_id).filter(|h| !h.is_finished()) {
                Some(current) => Some(current.clone()),
                None => {
                    runs.insert(integration_id, handle.clone());
                    None
                }
            }
        };
        if let Some(current) = raced {
            self.inner
                .context
                .store
                .finish_run(run_id, RunOutcome::Cancelled, None, 0)
                .await?;
            return Ok(current);
        }
        let _ = self.inner.events.send(SyncEvent::Started {
            run_id,
            integration_id,
            trigger,
        });
        let engine = self.clone();
        let span = tracing::info_span!(
            "sync_run",
            run_id,
            integration_id,
            trigger = trigger.as_str()
        );
        self.inner.context.tasks.spawn(
            async move {
                let result = engine.execute(integration, run_id, trigger, cancel).await;
                let _ = done_tx.send(Some(result));
            }
            .instrument(span),
        );
        Ok(handle)
    }

    async fn execute(
        &self,
        integration: Integration,
        run_id: SyncRunId,
        trigger: RunTrigger,
        cancel: CancellationToken,
    ) -> RunResult {
        let integration_id = integration.id;
        let integration_name = integration.name.clone();
        let progress = ProgressSink::new(self.inner.events.clone(), run_id, integration_id);
        // A provider without a query API has no credentials to load: its error comes first.
        let outcome = match pull_provider(&integration.provider) {
            Ok(provider) => match self
                .connection(provider, integration, None, run_priority(trigger), cancel)
                .await
            {
                Ok(connection) => {
                    provider
                        .sync(&RunContext {
                            connection,
                            run_id,
                            progress,
                        })
                        .await
                }
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        let (outcome, error) = match outcome {
            Ok(()) => (RunOutcome::Succeeded, None),
            Err(Error::Cancelled) => (RunOutcome::Cancelled, None),
            // A full disk or a read-only store is named as such, with the file.
            Err(error) => (
                RunOutcome::Failed,
                Some(error.about_store(self.store().path())),
            ),
        };
        if let Some(error) = &error {
            tracing::warn!(code = error.code(), %error, "sincronização falhou");
        }
        let requests = self
            .inner
            .context
            .store
            .run(run_id)
            .await
            .map(|r| r.totals().requests)
            .unwrap_or(0);
        if let Err(e) = self
            .inner
            .context
            .store
            .finish_run(run_id, outcome, error.as_ref(), requests)
            .await
        {
            tracing::error!(error = %e, "não foi possível registrar o fim da sincronização");
        }
        self.notify_finished(&integration_name, run_id).await;
        let result = RunResult {
            run_id,
            outcome,
            error_code: error.as_ref().map(|e| e.code().to_string()),
            error_message: error.as_ref().map(ToString::to_string),
        };
        let _ = self.inner.events.send(SyncEvent::Finished {
            run_id,
            integration_id,
            outcome,
            error_code: result.error_code.clone(),
            error_message: result.error_message.clone(),
        });
        tracing::info!(
            outcome = outcome.as_str(),
            requests,
            "sincronização terminada"
        );
        result
    }

    /// Puts what the run changed, or why it failed, in the notification center. A
    /// notification that cannot be written is logged: the run itself is recorded already.
    async fn notify_finished(&self, integration_name: &str, run_id: SyncRunId) {
        let written = match self.inner.context.store.run(run_id).await {
            Ok(run) => match notifications::for_finished_run(integration_name, &run) {
                Some(new) => self.inner.context.notifier.notify(&new).await.map(drop),
                None => Ok(()),
            },
            Err(error) => Err(error),
        };
        if let Err(error) = written {
            tracing::warn!(%error, "notificação da sincronização não registrada");
        }
    }

    /// Proves the credentials work: the stored ones, or `credentials` typed but not yet saved.
    pub async fn test_connection(
        &self,
        integration: Integration,
        credentials: Option<Credentials>,
    ) -> Result<ConnectionReport> {
        let provider = pull_provider(&integration.provider)?;
        let connection = self
            .connection(
                provider,
                integration,
                credentials,
                RequestPriority::ManualSync,
                self.inner.context.shutdown.child_token(),
            )
            .await?;
        provider.test_connection(&connection).await
    }

    /// The connection an operator's change is sent through: the stored credentials and the
    /// limiter the integration's syncs use, so writes and pages share one pace, with the
    /// writes first in line. (The daily budget is the integration's, shared already.)
    pub(crate) async fn write_connection(
        &self,
        integration: Integration,
        cancel: CancellationToken,
    ) -> Result<Connection> {
        let provider = pull_provider(&integration.provider)?;
        self.connection(
            provider,
            integration,
            None,
            RequestPriority::ManualWrite,
            cancel,
        )
        .await
    }

    async fn connection(
        &self,
        provider: &dyn Provider,
        integration: Integration,
        credentials: Option<Credentials>,
        priority: RequestPriority,
        cancel: CancellationToken,
    ) -> Result<Connection> {
        let credentials = match credentials {
            Some(credentials) => credentials,
            None => self.inner.context.credentials.load(&integration).await?,
        };
        let limiter = lock(&self.inner.limiters)
            .entry(integration.id)
            .or_insert_with(|| provider.rate_limiter(&integration))
            .clone();
        Ok(Connection {
            store: self.inner.context.store.clone(),
            integration,
            credentials,
            limiter,
            priority,
            cancel,
        })
    }

    /// Forgets the rate limiter of an integration whose settings changed or that was removed.
    pub fn forget_limiter(&self, integration_id: IntegrationId) {
        lock(&self.inner.limiters).remove(&integration_id);
    }

    pub(crate) fn context(&self) -> &ServiceContext {
        &self.inner.context
    }
}

/// A run's place in the limiter's queue: the operator watches a manual run.
fn run_priority(trigger: RunTrigger) -> RequestPriority {
    match trigger {
        RunTrigger::Manual => RequestPriority::ManualSync,
        RunTrigger::Scheduled => RequestPriority::ScheduledSync,
    }
}
