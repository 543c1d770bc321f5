//! The grammar of `ponte logs` (clap derive), beside `args.rs` so the log viewer keeps to
//! its own file.

use clap::Args;
use ponte_core::logs::LogLevel;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Só linhas deste nível ou mais graves: erro, aviso, info, depuracao (ou error, warn,
    /// info, debug).
    #[arg(long, visible_alias = "nivel", value_parser = parse_level)]
    pub level: Option<LogLevel>,
    /// Só linhas que contêm este texto, sem diferenciar maiúsculas nem acentos (como
    /// `grep -i`).
    #[arg(long)]
    pub grep: Option<String>,
    /// Só linhas desta integração (nome).
    #[arg(long, visible_alias = "integracao")]
    pub integration: Option<String>,
    /// Quantas linhas mostrar (as mais novas), até 5000.
    #[arg(long, default_value_t = 100)]
    pub lines: u32,
    /// Depois das últimas linhas, continua mostrando as novas à medida que chegam, até
    /// Ctrl-C.
    #[arg(long, short)]
    pub follow: bool,
    /// Uma linha JSON por registro, para scripts.
    #[arg(long)]
    pub json: bool,
}

fn parse_level(text: &str) -> Result<LogLevel, String> {
    LogLevel::from_name(text)
        .ok_or_else(|| format!("nível desconhecido: {text}; use erro, aviso, info ou depuracao"))
}
