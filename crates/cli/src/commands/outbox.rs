//! `ponte outbox list|retry|discard|resolve`: the queue of changes written back to the
//! provider, and how a command that queues waits for its changes and tells how each ended
//! (gravada, em conflito with the values side by side, or falhou with the reason).

use super::print_json;
use crate::error::CliError;
use crate::writeback_args::{OutboxCommand, OutboxListArgs, OutboxRetryArgs};
use ponte_core::Core;
use ponte_core::writeback::{ConflictChoice, OutboxFilter, OutboxId, OutboxItem, OutboxState};

pub async fn run(core: &Core, command: OutboxCommand) -> Result<(), CliError> {
    let json = match &command {
        OutboxCommand::List(args) => args.json,
        OutboxCommand::Retry(args) => args.json,
        OutboxCommand::Resolve(args) => args.json,
        OutboxCommand::Discard(_) => false,
    };
    with_json_error(json, act(core, command).await)
}

/// With `--json`, a refusal is also a `{code, message}` object on stdout, for scripts; the
/// stderr line and the exit code stay as for every command. Changes that were sent but not
/// written are already on stdout, each with its state and reason.
pub fn with_json_error(json: bool, result: Result<(), CliError>) -> Result<(), CliError> {
    if let Err(error) = &result
        && json
        && !matches!(error, CliError::WritesNotDone { .. })
    {
        print_json(&serde_json::json!({"code": error.code(), "message": error.to_string()}));
    }
    result
}

async fn act(core: &Core, command: OutboxCommand) -> Result<(), CliError> {
    match command {
        OutboxCommand::List(args) => list(core, args).await,
        OutboxCommand::Retry(args) => retry(core, args).await,
        OutboxCommand::Discard(args) => {
            core.writeback().discard(args.id).await?;
            println!("Alteração #{} descartada: nada foi gravado.", args.id);
            Ok(())
        }
        OutboxCommand::Resolve(args) => {
            if args.manter_gestao_click {
                core.writeback()
                    .resolve_conflict(args.id, ConflictChoice::Discard)
                    .await?;
                println!(
                    "Alteração #{} descartada: fica o que está no Gestão Click.",
                    args.id
                );
                return Ok(());
            }
            core.writeback()
                .resolve_conflict(args.id, ConflictChoice::ApplyAgain)
                .await?;
            send_and_report(core, &[args.id], false, args.json).await
        }
    }
}

async fn list(core: &Core, args: OutboxListArgs) -> Result<(), CliError> {
    let items = core
        .writeback()
        .items(OutboxFilter {
            states: args.estado.map(|s| s.state()).into_iter().collect(),
            integration_id: None,
            limit: None,
        })
        .await?;
    if args.json {
        print_json(&items);
    } else if items.is_empty() {
        println!("Nenhuma alteração enviada.");
    } else {
        for item in &items {
            print!("{}", item_text(item));
        }
    }
    Ok(())
}

async fn retry(core: &Core, args: OutboxRetryArgs) -> Result<(), CliError> {
    if let Some(id) = args.id {
        core.writeback().retry(id).await?;
        return send_and_report(core, &[id], args.sem_esperar, args.json).await;
    }
    // What is queued, and what a process that died mid-send left claimed: the sender
    // releases a dead process's claims, then sends them like the rest.
    let open = core
        .writeback()
        .items(OutboxFilter {
            states: vec![OutboxState::Pending, OutboxState::Sending],
            integration_id: None,
            limit: Some(5_000),
        })
        .await?;
    if open.is_empty() && !args.json {
        println!("Nada na fila para enviar.");
        return Ok(());
    }
    let ids: Vec<OutboxId> = open.iter().map(|item| item.id).collect();
    send_and_report(core, &ids, false, args.json).await
}

/// Starts this process's sender and waits for `ids` (unless `queue_only`), printing how
/// each ended; an error when any did not end written.
pub async fn send_and_report(
    core: &Core,
    ids: &[OutboxId],
    queue_only: bool,
    json: bool,
) -> Result<(), CliError> {
    if queue_only {
        let items = items_of(core, ids).await?;
        if json {
            print_json(&items);
        } else {
            for item in &items {
                print!("{}", item_text(item));
            }
            println!(
                "Na fila. A Ponte envia quando estiver aberta; para enviar agora: ponte outbox retry"
            );
        }
        return Ok(());
    }
    core.writeback().start();
    if !json {
        eprintln!("Enviando {} alteração(ões) ao Gestão Click…", ids.len());
    }
    let items = core.writeback().settled(ids).await?;
    if json {
        print_json(&items);
    } else {
        for item in &items {
            print!("{}", item_text(item));
        }
    }
    let not_done = items
        .iter()
        .filter(|item| item.state != OutboxState::Done)
        .count();
    if not_done > 0 {
        return Err(CliError::WritesNotDone {
            not_done,
            total: items.len(),
        });
    }
    Ok(())
}

async fn items_of(core: &Core, ids: &[OutboxId]) -> Result<Vec<OutboxItem>, CliError> {
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(core.writeback().item(*id).await?);
    }
    Ok(items)
}

/// A state as the operator reads it, matching `--estado`.
fn state_label(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Pending => "pendente",
        OutboxState::Sending => "enviando",
        OutboxState::Done => "gravada",
        OutboxState::Conflict => "conflito",
        OutboxState::Failed => "falha",
        OutboxState::Discarded => "descartada",
    }
}

/// One item: its heading line, then its fields (side by side for a conflict) and what to
/// do next.
fn item_text(item: &OutboxItem) -> String {
    let descricao = item
        .descricao
        .as_deref()
        .map(|d| format!(" \"{d}\""))
        .unwrap_or_default();
    let local = item
        .lancamento_id
        .map(|id| format!(" (id {id})"))
        .unwrap_or_default();
    let mut out = format!(
        "#{}  {:<10}  {} do lançamento {}{local}{descricao}  [{}]\n",
        item.id,
        state_label(item.state),
        item.operation.label(),
        item.external_id,
        item.integration_name,
    );
    for field in &item.fields {
        match (&item.state, &field.upstream) {
            (OutboxState::Conflict, Some(upstream)) => out.push_str(&format!(
                "    {}{}: no Gestão Click: {upstream} | sua alteração: {} | antes: {}\n",
                field.label,
                if field.conflicting {
                    " (mudou nos dois)"
                } else {
                    ""
                },
                field.requested,
                field.base,
            )),
            _ => out.push_str(&format!(
                "    {}: {} → {}\n",
                field.label, field.base, field.requested
            )),
        }
    }
    match item.state {
        OutboxState::Conflict => out.push_str(&format!(
            "    O Gestão Click mudou este lançamento depois do pedido. Escolha: ponte outbox resolve {} --manter-gestao-click (ou --aplicar-de-novo)\n",
            item.id
        )),
        OutboxState::Failed => out.push_str(&format!(
            "    Falhou após {} tentativa(s): {}\n    Para tentar de novo: ponte outbox retry {} (ou descarte: ponte outbox discard {})\n",
            item.attempts,
            item.last_error.as_deref().unwrap_or("sem detalhe"),
            item.id,
            item.id
        )),
        _ => {}
    }
    out
}
