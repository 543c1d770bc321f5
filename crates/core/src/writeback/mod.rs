//! Corrigir na origem: the operator's changes to lançamentos (baixar, estornar a baixa,
//! reclassificar) written back to the provider through a durable outbox, and the front
//! door to it (`Core::writeback`).
//!
//! A request is checked (the integration allows writes, its provider has a write API, the
//! lançamento can take the change, the ids it names exist) and queued in one transaction,
//! one row per lançamento: from then on it is never lost. The sender (`sender.rs`) sends
//! it, detects conflicts and never writes twice; the record the provider answers with is
//! upserted through the sync's own path, so the reports move at once. Conflicts and
//! failures wait for the operator: retried, applied again over the newer version, or
//! discarded.

mod change;
mod display;
mod retry;
mod sender;
mod verdict;

pub use crate::store::{OutboxCounts, OutboxFilter, OutboxId, OutboxState};
pub use change::{Baixa, LancamentoChange, Operation, Reclassificacao};
pub use display::{OutboxField, OutboxItem};

use crate::context::ServiceContext;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::providers::provider_for;
use crate::store::{NewOutboxItem, OutboxTarget, ReferenceKind, Store};
use crate::sync::SyncEngine;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{Notify, broadcast};

/// The priority of an operator's change when the request names none: the highest.
const OPERATOR_PRIORITY: u8 = 10;

/// Changes to queue: one change for each lançamento named.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ChangeRequest {
    /// Local ids of the lançamentos (Dados' rows, a DRE cell's entries).
    pub lancamento_ids: Vec<i64>,
    pub change: LancamentoChange,
    /// 0–10, higher first; the operator's own changes go at 10 when absent.
    pub priority: Option<u8>,
}

/// The operator's decision about a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictChoice {
    /// Keep the provider's version: nothing is written.
    Discard,
    /// Write the change over the provider's newer version.
    ApplyAgain,
}

/// A row of the outbox changed state: screens refresh, badges move.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OutboxEvent {
    pub id: OutboxId,
    pub state: OutboxState,
    pub lancamento_id: Option<i64>,
}

struct Inner {
    context: ServiceContext,
    engine: SyncEngine,
    /// Woken when a change is queued or requeued, so the sender need not wait its poll.
    wake: Notify,
    events: broadcast::Sender<OutboxEvent>,
    started: AtomicBool,
}

/// The outbox's front door. Cheap to clone.
#[derive(Clone)]
pub struct Writeback {
    inner: Arc<Inner>,
}

impl Writeback {
    pub fn new(context: ServiceContext, engine: SyncEngine) -> Writeback {
        let (events, _) = broadcast::channel(256);
        Writeback {
            inner: Arc::new(Inner {
                context,
                engine,
                wake: Notify::new(),
                events,
                started: AtomicBool::new(false),
            }),
        }
    }

    fn store(&self) -> &Store {
        &self.inner.context.store
    }

    /// Starts the sender on the shared task tracker (once; later calls do nothing). It
    /// stops with the shutdown token.
    pub fn start(&self) {
        if self.inner.started.swap(true, Ordering::SeqCst) {
            return;
        }
        let writeback = self.clone();
        self.inner.context.tasks.spawn(sender::run(writeback));
    }

    /// Each state change of a row, as it happens in this process.
    pub fn subscribe(&self) -> broadcast::Receiver<OutboxEvent> {
        self.inner.events.subscribe()
    }

    /// Checks and queues `request`: all of its lançamentos or none. Returns the new rows.
    pub async fn request(&self, request: ChangeRequest) -> Result<Vec<OutboxId>> {
        request.change.check()?;
        let mut ids = request.lancamento_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(Error::InvalidInput {
                field: "lancamentos",
                detail: "escolha ao menos um lançamento".into(),
            });
        }
        let targets = self.store().outbox_targets(&ids).await?;
        if let Some(missing) = ids
            .iter()
            .find(|id| !targets.iter().any(|t| t.lancamento_id == **id))
        {
            return Err(Error::LancamentoNotFound { id: *missing });
        }
        let mut checked: HashSet<IntegrationId> = HashSet::new();
        let fields = request.change.provider_fields();
        let mut items = Vec::with_capacity(targets.len());
        for target in &targets {
            if checked.insert(target.integration_id) {
                self.check_integration(target.integration_id, &request.change)
                    .await?;
            }
            check_target(target, &request.change)?;
            items.push(NewOutboxItem {
                integration_id: target.integration_id,
                tipo: target.tipo,
                external_id: target.external_id.clone(),
                operation: request.change.operation().as_str(),
                base: fields
                    .keys()
                    .filter_map(|field| {
                        target
                            .mirrored
                            .get(field)
                            .map(|value| (field.clone(), value.clone()))
                    })
                    .collect(),
                change: fields.clone(),
                base_modified_at: target.modificado_em.clone(),
                priority: request.priority.unwrap_or(OPERATOR_PRIORITY).min(10),
                max_attempts: retry::DEFAULT_MAX_ATTEMPTS,
            });
        }
        let queued = self.store().enqueue_outbox(&items).await?;
        for (id, target) in queued.iter().zip(&targets) {
            let _ = self.inner.events.send(OutboxEvent {
                id: *id,
                state: OutboxState::Pending,
                lancamento_id: Some(target.lancamento_id),
            });
        }
        self.inner.wake.notify_one();
        Ok(queued)
    }

    /// The integration allows writes, its provider has a write API, and the ids the change
    /// names exist in its mirror.
    async fn check_integration(
        &self,
        integration_id: IntegrationId,
        change: &LancamentoChange,
    ) -> Result<()> {
        let integration = self.store().integration(integration_id).await?;
        let provider = provider_for(&integration.provider)?;
        if provider.record_writes().is_none() {
            return Err(Error::WritesUnsupported {
                provider: provider.display_name(),
            });
        }
        if !integration.settings.allow_writes {
            return Err(Error::WritesDisabled {
                provider: provider.display_name(),
                integration: integration.name,
            });
        }
        if !integration.enabled {
            return Err(Error::IntegrationDisabled {
                name: integration.name,
            });
        }
        let named: Vec<(ReferenceKind, &str)> = match change {
            LancamentoChange::Baixar(baixa) => vec![
                (ReferenceKind::ContaBancaria, baixa.conta_bancaria_id.trim()),
                (
                    ReferenceKind::FormaPagamento,
                    baixa.forma_pagamento_id.trim(),
                ),
            ],
            LancamentoChange::Estornar => Vec::new(),
            LancamentoChange::Reclassificar(change) => [
                change
                    .plano_contas_id
                    .as_deref()
                    .map(|id| (ReferenceKind::PlanoConta, id.trim())),
                change
                    .centro_custo_id
                    .as_deref()
                    .map(|id| (ReferenceKind::CentroCusto, id.trim()))
                    .filter(|(_, id)| !id.is_empty()),
            ]
            .into_iter()
            .flatten()
            .collect(),
        };
        for (kind, id) in named {
            let found = self
                .store()
                .reference_name(kind, Some(integration_id), id)
                .await?;
            if found.is_none() {
                return Err(Error::InvalidInput {
                    field: "referencia",
                    detail: format!(
                        "{} \"{id}\" não existe em \"{}\"; sincronize e escolha de novo na lista",
                        kind.label(),
                        integration.name
                    ),
                });
            }
        }
        Ok(())
    }

    /// The rows of the outbox, newest first, formatted for the operator.
    pub async fn items(&self, filter: OutboxFilter) -> Result<Vec<OutboxItem>> {
        let rows = self.store().outbox_rows(&filter).await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            items.push(OutboxItem::from_row(self.store(), row).await);
        }
        Ok(items)
    }

    pub async fn item(&self, id: OutboxId) -> Result<OutboxItem> {
        let row = self.store().outbox_row(id).await?;
        Ok(OutboxItem::from_row(self.store(), row).await)
    }

    pub async fn counts(&self) -> Result<OutboxCounts> {
        self.store().outbox_counts().await
    }

    /// "Tentar novamente": a failed change queued again with its attempts renewed. It is
    /// checked against the provider's record before anything is sent, as always.
    pub async fn retry(&self, id: OutboxId) -> Result<()> {
        self.requeue(
            id,
            OutboxState::Failed,
            None,
            "só uma alteração que falhou é tentada de novo",
        )
        .await
    }

    /// "Descartar": a change that is not being sent is given up; nothing is written.
    pub async fn discard(&self, id: OutboxId) -> Result<()> {
        if self.store().discard_outbox(id).await? {
            self.announce(id).await;
            return Ok(());
        }
        Err(self
            .state_error(id, "uma alteração sendo enviada não pode ser descartada")
            .await)
    }

    /// The operator's decision about a conflict: keep the provider's version (discard), or
    /// apply the change again over it (its values and stamp become the new base).
    pub async fn resolve_conflict(&self, id: OutboxId, choice: ConflictChoice) -> Result<()> {
        let row = self.store().outbox_row(id).await?;
        if row.state != OutboxState::Conflict {
            return Err(self
                .state_error(id, "só uma alteração em conflito é resolvida")
                .await);
        }
        match choice {
            ConflictChoice::Discard => self.discard(id).await,
            ConflictChoice::ApplyAgain => {
                let upstream = row.upstream.unwrap_or_default();
                let base = row
                    .change
                    .keys()
                    .map(|field| {
                        let value = upstream.get(field).cloned().unwrap_or_default();
                        (field.clone(), value)
                    })
                    .collect();
                let stamp = upstream.get("modificado_em").and_then(|v| v.as_str());
                self.requeue(
                    id,
                    OutboxState::Conflict,
                    Some((&base, stamp)),
                    "só uma alteração em conflito é aplicada de novo",
                )
                .await
            }
        }
    }

    async fn requeue(
        &self,
        id: OutboxId,
        from: OutboxState,
        rebase: Option<(&serde_json::Map<String, serde_json::Value>, Option<&str>)>,
        refusal: &'static str,
    ) -> Result<()> {
        if self.store().requeue_outbox(id, from, rebase).await? {
            self.announce(id).await;
            self.inner.wake.notify_one();
            return Ok(());
        }
        Err(self.state_error(id, refusal).await)
    }

    /// Why an action does not apply to row `id` now.
    async fn state_error(&self, id: OutboxId, what: &'static str) -> Error {
        match self.store().outbox_row(id).await {
            Ok(row) => Error::OutboxItemState {
                id,
                state: state_label(row.state),
                what,
            },
            Err(error) => error,
        }
    }

    /// Waits until none of `ids` is still to be sent (for the CLI, which sends and waits),
    /// and returns them. The sender must be running in this process or another.
    pub async fn settled(&self, ids: &[OutboxId]) -> Result<Vec<OutboxItem>> {
        let mut events = self.subscribe();
        loop {
            let mut open = false;
            for id in ids {
                open |= self.store().outbox_row(*id).await?.state.is_open();
            }
            if !open {
                break;
            }
            tokio::select! {
                () = self.inner.context.shutdown.cancelled() => return Err(Error::Cancelled),
                _ = events.recv() => {}
                () = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            }
        }
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            items.push(self.item(*id).await?);
        }
        Ok(items)
    }

    /// Tells subscribers where row `id` stands now.
    async fn announce(&self, id: OutboxId) {
        if let Ok(row) = self.store().outbox_row(id).await {
            let _ = self.inner.events.send(OutboxEvent {
                id,
                state: row.state,
                lancamento_id: row.lancamento_id,
            });
        }
    }

    /// The integration's first retry wait, for the outbox's own backoff.
    async fn retry_min_delay(&self, integration_id: IntegrationId) -> u64 {
        self.store()
            .integration(integration_id)
            .await
            .map_or(500, |integration| integration.settings.retry_min_delay_ms)
    }
}

/// A lançamento can take the change: live, and open for a baixa, settled for an estorno.
fn check_target(target: &OutboxTarget, change: &LancamentoChange) -> Result<()> {
    let refuse = |detail: &str| Error::InvalidInput {
        field: "lancamento",
        detail: format!("o lançamento {} {detail}", target.external_id),
    };
    if !target.active {
        return Err(refuse(
            "foi removido no Gestão Click e não pode ser alterado",
        ));
    }
    match change {
        LancamentoChange::Baixar(_) if target.liquidado => Err(refuse(
            "já está baixado; para mudar a baixa, estorne-a primeiro",
        )),
        LancamentoChange::Estornar if !target.liquidado => {
            Err(refuse("está em aberto: não há baixa para estornar"))
        }
        _ => Ok(()),
    }
}

/// A state in a sentence ("A alteração #3 está em conflito").
fn state_label(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Pending => "na fila",
        OutboxState::Sending => "sendo enviada",
        OutboxState::Done => "gravada",
        OutboxState::Conflict => "em conflito",
        OutboxState::Failed => "com falha",
        OutboxState::Discarded => "descartada",
    }
}
