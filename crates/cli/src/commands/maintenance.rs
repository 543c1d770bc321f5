//! `ponte reset [--keep-annotations] --yes` (the guarded reset of `core.maintenance()`)
//! and `ponte recuperar --restaurar-backup | --comecar-do-zero`, which recovers a store
//! that cannot be opened. `recuperar` runs before any `Core` exists: the damaged file is
//! what keeps one from opening.

use crate::error::CliError;
use clap::{ArgGroup, Args};
use ponte_core::Core;
use ponte_core::maintenance::{
    DamagedStoreChoice, ResetOptions, newest_verified_backup, recover_damaged_store,
};
use ponte_core::time::format_instant_br;
use std::path::Path;

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Mantém as notas escritas em clientes, fornecedores, vendas e lançamentos.
    #[arg(long, visible_alias = "manter-anotacoes")]
    pub keep_annotations: bool,
    /// Confirma a limpeza (sem esta opção, nada é apagado).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("escolha").required(true).args(["restaurar_backup", "comecar_do_zero"])))]
pub struct RecoverArgs {
    /// Põe no lugar o backup verificado mais recente.
    #[arg(long)]
    pub restaurar_backup: bool,
    /// Começa com um banco vazio (as integrações precisam ser cadastradas de novo).
    #[arg(long)]
    pub comecar_do_zero: bool,
}

pub async fn reset(core: &Core, args: ResetArgs) -> Result<(), CliError> {
    if !args.yes {
        return Err(CliError::ResetNotConfirmed);
    }
    let report = core
        .maintenance()
        .reset(ResetOptions {
            remove_annotations: !args.keep_annotations,
        })
        .await?;
    println!(
        "Dados espelhados limpos: {} registro(s) removido(s). Backup verificado feito antes: {} (para voltar atrás, restaure-o).",
        report.removed_rows, report.backup_id
    );
    if report.kept_annotated_rows > 0 {
        println!(
            "{} registro(s) com notas ficaram e serão atualizados pela próxima sincronização.",
            report.kept_annotated_rows
        );
    }
    if report.moved_cursors > 0 {
        println!(
            "Tempo real: {} canal(is) continuam do evento mais recente do relay.",
            report.moved_cursors
        );
    }
    println!("A próxima sincronização (`ponte sync`) espelha tudo de novo.");
    Ok(())
}

pub async fn recover(data_dir: &Path, args: RecoverArgs) -> Result<(), CliError> {
    let choice = if args.restaurar_backup {
        DamagedStoreChoice::RestoreNewestBackup
    } else {
        DamagedStoreChoice::StartClean
    };
    let recovered = recover_damaged_store(data_dir, choice).await?;
    println!(
        "O arquivo danificado foi guardado em {} (não foi apagado).",
        recovered.damaged_path.display()
    );
    match &recovered.restored {
        Some(backup) => println!(
            "Restaurado o backup {} de {}.",
            backup.id,
            format_instant_br(&backup.created_at.to_rfc3339())
        ),
        None => println!(
            "Começando do zero: cadastre as integrações de novo (`ponte integration add`)."
        ),
    }
    Ok(())
}

/// The line that tells the operator which backup `--restaurar-backup` would bring back.
pub async fn recovery_hint(data_dir: &Path) -> String {
    match newest_verified_backup(data_dir).await {
        Ok(Some(backup)) => format!(
            "Para restaurar o backup de {}: ponte recuperar --restaurar-backup\nPara começar com um banco vazio: ponte recuperar --comecar-do-zero",
            format_instant_br(&backup.created_at.to_rfc3339())
        ),
        _ => "Não há backup verificado para restaurar. Para começar com um banco vazio: ponte recuperar --comecar-do-zero".to_string(),
    }
}
