//! The grammar of `ponte backup` (clap derive), beside `args.rs` so the backup commands
//! keep to their own file.

use crate::args::OutputArgs;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Faz um backup verificado agora (em <pasta de dados>/backups).
    Create(OutputArgs),
    /// Lista os backups, do mais novo ao mais antigo: data, tamanho, tipo e estado.
    List(OutputArgs),
    /// Lê o backup inteiro de novo e confere integridade, versão do banco e SHA-256.
    Verify(BackupIdArgs),
    /// Verifica o backup e grava uma cópia em ARQUIVO, com o manifesto ao lado
    /// (ARQUIVO com a extensão .json).
    Export(BackupExportArgs),
}

#[derive(Debug, Args)]
pub struct BackupIdArgs {
    /// O id do backup, como `ponte backup list` mostra.
    pub id: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct BackupExportArgs {
    /// O id do backup, como `ponte backup list` mostra.
    pub id: String,
    /// Onde gravar a cópia (por exemplo, backup-ponte.db).
    pub file: PathBuf,
}
