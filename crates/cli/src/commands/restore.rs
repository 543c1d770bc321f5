//! `ponte restore ID|ARQUIVO [--yes] [--json]` and `ponte restore --desfazer [--yes]`:
//! the restore of `core.restore()`. Without `--yes` it verifies the backup and shows what
//! would come back, changing nothing. With `--yes` it stages the restore (the core stops
//! its work and takes the undo backup), closes this `Core` and opens a new one, which
//! swaps the file in, then replays the relay's events from the restored cursors and
//! waits for the catch-up syncs the replay started, so the process leaves nothing half done.

use super::backup::format_size;
use super::print_json;
use crate::error::CliError;
use crate::output::thousands;
use clap::Args;
use ponte_core::backups::{LastRestore, RestorePreview, RestoreSource};
use ponte_core::store::RunOutcome;
use ponte_core::time::format_instant_br;
use ponte_core::{Core, CoreOptions};

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// O id do backup (como `ponte backup list` mostra) ou um arquivo exportado, com o
    /// manifesto .json ao lado.
    #[arg(
        value_name = "ID|ARQUIVO",
        required_unless_present = "desfazer",
        conflicts_with = "desfazer"
    )]
    pub backup: Option<String>,
    /// Desfaz a última restauração: volta ao backup feito logo antes dela.
    #[arg(long, visible_alias = "undo")]
    pub desfazer: bool,
    /// Confirma a restauração (sem esta opção, só verifica e mostra o que voltaria).
    #[arg(long)]
    pub yes: bool,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(core: &Core, args: RestoreArgs) -> Result<(), CliError> {
    let (source, confirm) = match &args.backup {
        Some(arg) => (
            core.restore().source_from_arg(arg),
            format!("ponte restore {} --yes", quoted(arg)),
        ),
        None => {
            let last = core
                .restore()
                .last()?
                .ok_or(ponte_core::Error::NoRestoreToUndo)?;
            (
                RestoreSource::Backup {
                    id: last.undo_backup_id,
                },
                "ponte restore --desfazer --yes".to_string(),
            )
        }
    };
    let preview = core.restore().preview(&source).await?;
    if !args.yes {
        if args.json {
            print_json(&preview);
        } else {
            print_preview(&preview);
        }
        return Err(CliError::RestoreNotConfirmed { command: confirm });
    }
    core.restore().stage(&source).await?;
    // The staged file replaces the store when a `Core` opens it; this one must let go
    // of the store first.
    let options = CoreOptions {
        data_dir: core.data_dir().to_path_buf(),
        credentials: core.sync().credentials().clone(),
    };
    core.shutdown().await;
    let restored = Core::open(options).await?;
    let result = replay(&restored, args.json).await;
    restored.shutdown().await;
    result
}

/// Pulls the relay's events again, waits for the catch-up syncs, and says what happened.
async fn replay(core: &Core, json: bool) -> Result<(), CliError> {
    let report = core.restore().replay().await?;
    let mut syncs = Vec::new();
    for channel in report.iter().flat_map(|r| &r.channels) {
        if let Some(run) = core.sync().running(channel.integration_id) {
            syncs.push((channel.integration.clone(), run.wait().await));
        }
    }
    let Some(last) = core.restore().last()? else {
        return Ok(());
    };
    if json {
        print_json(&last);
        return Ok(());
    }
    print_restored(&last);
    for (integration, result) in &syncs {
        match result.outcome {
            RunOutcome::Succeeded => {
                println!("{integration}: sincronização depois da restauração concluída.")
            }
            _ => println!(
                "{integration}: a sincronização depois da restauração não terminou ({}). Rode `ponte sync` para completar o espelho.",
                result.error_message.as_deref().unwrap_or("interrompida")
            ),
        }
    }
    println!(
        "O estado anterior foi guardado no backup {}. Para desfazer: ponte restore --desfazer --yes",
        last.undo_backup_id
    );
    Ok(())
}

fn print_preview(preview: &RestorePreview) {
    println!(
        "Backup verificado: {} ({}), de {}, {}, {}, versão do banco {}.",
        preview.source,
        preview.source_kind.label(),
        format_instant_br(&preview.backup_created_at.to_rfc3339()),
        format_size(preview.size_bytes),
        match preview.vendas {
            1 => "1 venda".to_string(),
            n => format!("{} vendas", thousands(n.unsigned_abs())),
        },
        preview.schema_version
    );
    if let Some(gap) = &preview.retention_gap {
        println!("{gap}");
    }
    println!(
        "Restaurar troca os dados atuais pelos do backup. Antes, a Ponte faz um backup verificado do estado atual, e `ponte restore --desfazer --yes` volta a ele; os eventos do tempo real recebidos desde o backup são puxados de novo do relay."
    );
}

fn print_restored(last: &LastRestore) {
    println!(
        "Backup {} restaurado: os dados voltaram ao estado de {}.",
        last.source,
        format_instant_br(&last.backup_created_at.to_rfc3339())
    );
    if let Some(replay) = &last.replay {
        println!("Tempo real:");
        for line in replay.summary_lines() {
            println!("  {line}");
        }
    }
}

/// The argument as the operator retypes it in a shell.
fn quoted(arg: &str) -> String {
    if arg
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
