//! `ponte diagnostics export FILE`: the zip for support that "Exportar diagnóstico" writes
//! in the app (recent logs, the doctor's report, versions, settings without secrets).

use crate::error::CliError;
use clap::{Args, Subcommand};
use ponte_core::Core;
use ponte_core::doctor::{LOG_DAYS, export_diagnostics};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum DiagnosticsCommand {
    /// Grava em ARQUIVO um zip para o suporte: os logs dos últimos dias, o resultado de
    /// `ponte doctor`, as versões e as configurações, sem nenhum token ou segredo.
    Export(DiagnosticsExportArgs),
}

#[derive(Debug, Args)]
pub struct DiagnosticsExportArgs {
    /// Onde gravar o zip (por exemplo, diagnostico-ponte.zip).
    pub file: PathBuf,
}

pub async fn run(core: &Core, command: DiagnosticsCommand) -> Result<(), CliError> {
    let DiagnosticsCommand::Export(args) = command;
    let export = export_diagnostics(core, &args.file).await?;
    let logs = export
        .entries
        .iter()
        .filter(|name| name.starts_with("logs/"))
        .count();
    println!(
        "Diagnóstico gravado em {} ({} arquivos de log dos últimos {LOG_DAYS} dias, o resultado do diagnóstico, as versões e as configurações, sem segredos).",
        export.path.display(),
        logs
    );
    Ok(())
}
