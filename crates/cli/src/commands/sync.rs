//! `ponte sync`: "Sincronizar Agora" for one or every integration, with live progress on a
//! terminal, a per-entity summary, and Ctrl-C cancelling cleanly (the current page commits
//! or rolls back; the next sync resumes from the checkpoint).

use super::print_json;
use crate::args::SyncArgs;
use crate::error::CliError;
use crate::output::{outcome_label, run_table, thousands, totals_table};
use ponte_core::Core;
use ponte_core::domain::{EntityKind, SyncRunId};
use ponte_core::store::{EntityTotals, RunOutcome, RunTrigger, SyncRun};
use ponte_core::sync::SyncEvent;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use tokio::sync::broadcast;

/// One integration's run and what the mirror holds afterwards.
#[derive(Serialize)]
struct RunReport {
    integration: String,
    run: SyncRun,
    totals: BTreeMap<EntityKind, EntityTotals>,
}

pub async fn run(core: &Core, args: SyncArgs) -> Result<(), CliError> {
    let integrations = match &args.integration {
        Some(name) => vec![core.integrations().by_name(name).await?],
        // Coinzz and the like are left out, not failed: their data arrives in real time.
        None => core.integrations().syncable().await?,
    };
    if integrations.is_empty() {
        return Err(CliError::NoIntegrations);
    }
    let show_progress = !args.output.json && std::io::stderr().is_terminal();
    let mut reports = Vec::new();
    let mut cancelled = false;
    for integration in integrations {
        let events = core.sync().subscribe();
        let handle = core
            .sync()
            .start(integration.id, RunTrigger::Manual)
            .await?;
        let printer = show_progress.then(|| tokio::spawn(print_progress(events, handle.run_id)));
        let result = tokio::select! {
            result = handle.wait() => result,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("\nCancelando: gravando a página atual…");
                handle.cancel();
                handle.wait().await
            }
        };
        if let Some(printer) = printer {
            printer.abort();
        }
        let report = RunReport {
            integration: integration.name,
            run: core.sync().run(result.run_id).await?,
            totals: core.sync().entity_totals(integration.id).await?,
        };
        if !args.output.json {
            print_report(&report);
        }
        reports.push(report);
        if result.outcome == RunOutcome::Cancelled {
            cancelled = true;
            break;
        }
    }
    if args.output.json {
        print_json(&serde_json::json!({ "runs": reports }));
    }
    let failed = reports
        .iter()
        .filter(|r| r.run.outcome != RunOutcome::Succeeded)
        .count();
    match (cancelled, failed) {
        (true, _) => Err(CliError::Interrupted),
        (false, 0) => Ok(()),
        (false, failed) => Err(CliError::RunsFailed {
            failed,
            total: reports.len(),
        }),
    }
}

fn print_report(report: &RunReport) {
    let run = &report.run;
    println!(
        "{}: sincronização {} ({} requisições)",
        report.integration,
        outcome_label(run),
        thousands(run.requests)
    );
    if let Some(message) = &run.error_message {
        println!("  {message}");
    }
    print!("{}", run_table(run));
    println!();
    println!("Espelhado agora:");
    print!("{}", totals_table(&report.totals));
}

/// One self-overwriting line on stderr: entity, page i of n, records so far.
async fn print_progress(mut events: broadcast::Receiver<SyncEvent>, run_id: SyncRunId) {
    let mut stderr = std::io::stderr();
    loop {
        match events.recv().await {
            Ok(SyncEvent::Progress {
                run_id: id,
                label,
                page,
                total_pages,
                records,
                step,
                ..
            }) if id == run_id => {
                let pages = total_pages.map(|n| format!(" de {n}")).unwrap_or_default();
                let step = step
                    .map(|s| format!("etapa {} de {} · ", s.index, s.count))
                    .unwrap_or_default();
                let _ = write!(
                    stderr,
                    "\r\x1b[K{step}{label}: página {page}{pages} · {} registros",
                    thousands(records)
                );
                let _ = stderr.flush();
            }
            Ok(SyncEvent::Finished { run_id: id, .. }) if id == run_id => {
                let _ = writeln!(stderr, "\r\x1b[K");
                return;
            }
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}
