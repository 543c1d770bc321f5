//! `ponte backup create|list|verify|export`: the backups of `core.backups()`, listed with
//! their dates in São Paulo time, size, kind and state.

use super::print_json;
use crate::args::OutputArgs;
use crate::backup_args::{BackupCommand, BackupExportArgs, BackupIdArgs};
use crate::error::CliError;
use ponte_core::Core;
use ponte_core::backups::BackupInfo;
use ponte_core::time::format_instant_br;

pub async fn run(core: &Core, command: BackupCommand) -> Result<(), CliError> {
    match command {
        BackupCommand::Create(output) => create(core, output).await,
        BackupCommand::List(output) => list(core, output),
        BackupCommand::Verify(args) => verify(core, args).await,
        BackupCommand::Export(args) => export(core, args).await,
    }
}

async fn create(core: &Core, output: OutputArgs) -> Result<(), CliError> {
    let backup = core
        .backups()
        .create(ponte_core::backups::BackupKind::Manual)
        .await?;
    if output.json {
        print_json(&backup);
    } else {
        println!(
            "Backup verificado e gravado: {} ({}, {}).",
            backup.id,
            format_size(backup.size_bytes),
            backup.path.display()
        );
    }
    Ok(())
}

fn list(core: &Core, output: OutputArgs) -> Result<(), CliError> {
    let backups = core.backups().list()?;
    if output.json {
        print_json(&backups);
    } else if backups.is_empty() {
        println!(
            "Nenhum backup em {}. Faça um com `ponte backup create`.",
            core.backups().dir().display()
        );
    } else {
        println!(
            "{:<44} {:<16} {:>10}  {:<27} ESTADO",
            "ID", "DATA", "TAMANHO", "TIPO"
        );
        for backup in &backups {
            println!("{}", list_line(backup));
        }
    }
    Ok(())
}

fn list_line(backup: &BackupInfo) -> String {
    let state = if backup.intact {
        "verificado"
    } else {
        "alterado desde o backup (rode `ponte backup verify`)"
    };
    format!(
        "{:<44} {:<16} {:>10}  {:<27} {state}",
        backup.id,
        format_instant_br(&backup.created_at.to_rfc3339()),
        format_size(backup.size_bytes),
        backup.kind.label(),
    )
}

async fn verify(core: &Core, args: BackupIdArgs) -> Result<(), CliError> {
    let backup = core.backups().verify(&args.id).await?;
    if args.output.json {
        print_json(&backup);
    } else {
        println!(
            "Backup {} verificado: o SQLite o considera íntegro, a versão do banco é {} e o SHA-256 confere com o registrado.",
            backup.id, backup.schema_version
        );
    }
    Ok(())
}

async fn export(core: &Core, args: BackupExportArgs) -> Result<(), CliError> {
    let manifest = core.backups().export(&args.id, &args.file).await?;
    println!(
        "Backup {} verificado e exportado para {} (manifesto em {}).",
        args.id,
        args.file.display(),
        manifest.display()
    );
    Ok(())
}

/// `512 B`, `12,3 KB`, `4,5 MB`, `1,2 GB`: pt-BR decimals, powers of 1024.
pub(crate) fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::format_size;

    #[test]
    fn sizes_read_as_brazilians_write_them() {
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(1536), "1,5 KB");
        assert_eq!(format_size(5 * 1024 * 1024 + 512 * 1024), "5,5 MB");
        assert_eq!(format_size(3 * 1024 * 1024 * 1024), "3,0 GB");
    }
}
