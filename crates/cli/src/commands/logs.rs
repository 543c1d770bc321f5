//! `ponte logs`: the last lines of every program's log, oldest to newest like `tail`, with
//! the same filters as the Registros view; `--follow` keeps printing new lines until
//! Ctrl-C (or until stdout closes, as with `| head`).

use crate::error::CliError;
use crate::logs_args::LogsArgs;
use ponte_core::Core;
use ponte_core::logs::{LogLine, LogQuery};
use std::io::Write;
use tokio::sync::mpsc;

pub async fn run(core: &Core, args: LogsArgs) -> Result<(), CliError> {
    let integration_id = match &args.integration {
        Some(name) => Some(core.integrations().by_name(name).await?.id),
        None => None,
    };
    let query = LogQuery {
        level: args.level,
        integration_id,
        text: args.grep.clone(),
        limit: Some(args.lines),
    };
    let mut page = core.logs().read(&query).await?;
    page.reverse();
    if !print(&page, args.json) || !args.follow {
        return Ok(());
    }
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let id = core
        .logs()
        .follow(query, move |lines| sender.send(lines).is_ok());
    eprintln!("Acompanhando os registros. Ctrl-C para parar.");
    // One Ctrl-C future for the whole loop, polled first: its handler is in place from
    // the first wait on, and a Ctrl-C between two batches is not lost.
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        let lines = tokio::select! {
            biased;
            _ = &mut interrupted => break,
            lines = receiver.recv() => lines,
        };
        match lines {
            Some(lines) if print(&lines, args.json) => {}
            _ => break,
        }
    }
    core.logs().stop_following(id);
    Ok(())
}

/// Prints `lines`; false once stdout is closed.
fn print(lines: &[LogLine], json: bool) -> bool {
    let mut out = std::io::stdout().lock();
    lines.iter().all(|line| {
        let text = if json {
            serde_json::to_string(line).unwrap_or_default()
        } else {
            line_text(line)
        };
        writeln!(out, "{text}").is_ok()
    }) && out.flush().is_ok()
}

/// `06/12/2026 06:00:00  aviso  ponte-desktop  [Loja Centro] message`, time in
/// America/Sao_Paulo; an unparsed line is shown as it was written.
fn line_text(line: &LogLine) -> String {
    let Some(level) = line.level else {
        return format!("{}  {}", line.program, line.message);
    };
    let integration = line
        .integration
        .as_deref()
        .map(|name| format!("[{name}] "))
        .unwrap_or_default();
    format!(
        "{}  {:<9}  {}  {integration}{}: {}",
        line.local_time(),
        level.label(),
        line.program,
        line.target,
        line.message
    )
}
