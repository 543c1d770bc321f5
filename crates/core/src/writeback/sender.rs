//! The sender: one background task per process that sends the outbox's changes, highest
//! priority first, through the integration's own rate limiter (at the operator-write
//! priority, ahead of every sync) and daily budget.
//!
//! One change is sent in steps, and the row's state is committed before each step that
//! reaches the provider, so a process killed at any point never writes twice:
//! 1. claimed (`sending`, with this process's id) in one statement;
//! 2. the provider's record read (`GET`): already holding the change → done without a
//!    write; the same field changed upstream since the change was asked → conflict;
//! 3. the full record with the change merged in sent once (`PUT`);
//! 4. the record it answers with upserted through the sync's write path, the audit line
//!    written and the row marked done, in one transaction.
//!
//! A send whose answer was lost (timeout, 5xx, cut connection) goes back to pending and is
//! read again at step 2 before anything is sent: the API has no idempotency key, so the
//! record itself says whether the write landed. A row left `sending` by a process that
//! died goes back to pending the same way.

use super::Writeback;
use super::change::Operation;
use super::display::audit_line;
use super::retry::{NextStep, next_step};
use super::verdict::{Verdict, judge, unapplied};
use crate::domain::{EntityKind, LancamentoTipo};
use crate::error::{Error, Result};
use crate::providers::{RecordWrites, WriteFailure, provider_for};
use crate::store::{NewNotification, NotificationLevel, OutboxRow, OutboxState};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::time::Duration;

/// How long a claim holds without its process: a send takes seconds; a claimant whose
/// process id was reused by another program is released after this.
const CLAIM_LEASE: Duration = Duration::from_secs(15 * 60);

/// How often an idle sender looks for changes queued by another process (the CLI) and
/// for claims left by one that died.
const IDLE_POLL: Duration = Duration::from_secs(2);

/// The sender's loop, until the shutdown token is cancelled.
pub(super) async fn run(writeback: Writeback) {
    let shutdown = writeback.inner.context.shutdown.clone();
    let pid = i64::from(std::process::id());
    loop {
        if shutdown.is_cancelled() {
            return;
        }
        if let Err(error) = writeback
            .store()
            .release_dead_outbox_claims(|claimant| claimant != pid && process_is_live(claimant))
            .await
        {
            tracing::warn!(%error, "não foi possível liberar alterações presas");
        }
        match writeback
            .store()
            .claim_outbox(pid, Utc::now() + CLAIM_LEASE)
            .await
        {
            Ok(Some(row)) => {
                let id = row.id;
                send(&writeback, row).await;
                writeback.announce(id).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "não foi possível ler a fila de alterações"),
        }
        let wait = match writeback.store().next_outbox_attempt().await {
            Ok(Some(at)) => until(&at).min(IDLE_POLL),
            _ => IDLE_POLL,
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = writeback.inner.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// How long until an outbox instant, zero when it has passed.
fn until(at: &str) -> Duration {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .and_then(|at| (at.with_timezone(&Utc) - Utc::now()).to_std().ok())
        .unwrap_or(Duration::ZERO)
}

/// Whether process `pid` still runs (then its claims hold until their lease ends).
#[cfg(unix)]
fn process_is_live(pid: i64) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists, under another user.
        Err(error) => error == rustix::io::Errno::PERM,
    }
}

/// Elsewhere a claim holds until its lease ends.
#[cfg(not(unix))]
fn process_is_live(_pid: i64) -> bool {
    true
}

/// Sends one claimed change to its end or its next try; every outcome is in the row.
async fn send(writeback: &Writeback, row: OutboxRow) {
    let outcome = try_send(writeback, &row).await;
    let store = writeback.store();
    let recorded = match outcome {
        Ok(()) => Ok(()),
        Err(error) => {
            let min_delay =
                Duration::from_millis(writeback.retry_min_delay(row.integration_id).await);
            match next_step(&error, row.attempts, row.max_attempts, min_delay) {
                NextStep::PutBack => {
                    store
                        .reschedule_outbox(row.id, Utc::now(), false, None)
                        .await
                }
                NextStep::RetryAfter(wait) => {
                    tracing::warn!(
                        id = row.id,
                        code = error.code(),
                        ?wait,
                        "alteração: nova tentativa"
                    );
                    let at = Utc::now() + wait;
                    store
                        .reschedule_outbox(row.id, at, true, Some(&error))
                        .await
                }
                NextStep::Fail => {
                    tracing::warn!(id = row.id, code = error.code(), "alteração falhou");
                    let failed = store.fail_outbox(row.id, &error).await;
                    notify(writeback, &row, OutboxState::Failed).await;
                    failed
                }
            }
        }
    };
    if let Err(error) = recorded {
        // The row stays `sending` under this process: released and checked again by the
        // next sender after this process ends, never sent blindly.
        tracing::error!(id = row.id, %error, "estado da alteração não registrado");
    }
}

/// Steps 2–4 of the module doc. `Err` is a failed try, judged by `retry::next_step`.
async fn try_send(writeback: &Writeback, row: &OutboxRow) -> Result<()> {
    let store = writeback.store();
    let integration = store.integration(row.integration_id).await?;
    let provider = provider_for(&integration.provider)?;
    let Some(writes) = provider.record_writes() else {
        return Err(Error::WritesUnsupported {
            provider: provider.display_name(),
        });
    };
    let entity = entity_of(row.tipo);
    let cancel = writeback.inner.context.shutdown.child_token();
    let connection = writeback
        .inner
        .engine
        .write_connection(integration.clone(), cancel)
        .await?;
    let upstream = writes.fetch(&connection, entity, &row.external_id).await?;
    let written = match judge(
        &row.change,
        &row.base,
        row.base_modified_at.as_deref(),
        &upstream,
    ) {
        Verdict::AlreadyApplied => upstream,
        Verdict::Conflict { fields } => {
            tracing::info!(
                id = row.id,
                ?fields,
                "alteração em conflito com o Gestão Click"
            );
            store.hold_outbox_conflict(row.id, &upstream).await?;
            notify(writeback, row, OutboxState::Conflict).await;
            return Ok(());
        }
        Verdict::Send { body } => {
            match writes
                .put(&connection, entity, &row.external_id, &body)
                .await
            {
                Ok(record) => {
                    let missing = unapplied(&row.change, &record);
                    if !missing.is_empty() {
                        return Err(Error::WriteNotApplied {
                            provider: provider.display_name(),
                            fields: missing.join(", "),
                        });
                    }
                    record
                }
                Err(WriteFailure::Refused(error)) => return Err(error),
                Err(WriteFailure::Unknown(detail)) => {
                    return Err(Error::ProviderUnavailable {
                        provider: provider.display_name(),
                        attempts: row.attempts,
                        detail,
                    });
                }
            }
        }
    };
    finish(
        writeback,
        row,
        writes,
        &integration.provider,
        entity,
        &written,
    )
    .await
}

/// Step 4: the record the provider has now, upserted with the audit line and the row done.
async fn finish(
    writeback: &Writeback,
    row: &OutboxRow,
    writes: &dyn RecordWrites,
    provider: &crate::domain::ProviderKind,
    entity: EntityKind,
    record: &Map<String, Value>,
) -> Result<()> {
    let stored = writes
        .map(entity, record)
        .map_err(|failure| Error::InvalidRecord {
            entity: entity.as_str(),
            external_id: row.external_id.clone(),
            detail: failure.reason,
        })?;
    let operation = Operation::parse(&row.operation).unwrap_or(Operation::Reclassificar);
    let detail = audit_line(operation, &row.base, &row.change);
    writeback
        .store()
        .finish_outbox_written(
            row.id,
            provider,
            row.integration_id,
            entity,
            &stored,
            &detail,
        )
        .await?;
    tracing::info!(
        id = row.id,
        operation = operation.as_str(),
        "alteração gravada na origem"
    );
    Ok(())
}

fn entity_of(tipo: LancamentoTipo) -> EntityKind {
    match tipo {
        LancamentoTipo::Recebimento => EntityKind::Recebimento,
        LancamentoTipo::Pagamento => EntityKind::Pagamento,
    }
}

/// Conflicts and failures reach the notification center, folded per kind and
/// integration: a batch of reclassifications that all fail is one notification.
async fn notify(writeback: &Writeback, row: &OutboxRow, state: OutboxState) {
    let key = format!("outbox-{}-{}", state.as_str(), row.integration_id);
    let name = row.integration_name.clone();
    let integration_id = row.integration_id;
    let written = writeback
        .inner
        .context
        .notifier
        .notify_burst(&key, 1, |total| {
            let (level, title, body) = match state {
                OutboxState::Conflict => (
                    NotificationLevel::Warning,
                    match total {
                        1 => format!("{name}: 1 alteração em conflito"),
                        n => format!("{name}: {n} alterações em conflito"),
                    },
                    "O registro mudou no Gestão Click depois do seu pedido. Nada foi gravado: compare as versões em Alterações enviadas e decida.".to_string(),
                ),
                _ => (
                    NotificationLevel::Error,
                    match total {
                        1 => format!("{name}: 1 alteração não foi gravada"),
                        n => format!("{name}: {n} alterações não foram gravadas"),
                    },
                    "Veja o motivo em Alterações enviadas; corrija e use \"Tentar novamente\", ou descarte.".to_string(),
                ),
            };
            NewNotification {
                level,
                title,
                body,
                integration_id: Some(integration_id),
                sync_run_id: None,
            }
        })
        .await;
    if let Err(error) = written {
        tracing::warn!(%error, "notificação da alteração não registrada");
    }
}
