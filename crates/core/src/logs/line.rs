//! One line of a log file, parsed from the text `tracing-subscriber`'s fmt layer writes:
//! `2026-12-06T07:26:40.123456Z  INFO span{a=1}:other: ponte_core::sync: message k=v`.
//! A line that does not look like that (a message that spanned lines, a torn write) is
//! kept whole as an unparsed line, never dropped, and never a panic.

use crate::domain::IntegrationId;
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::America::Sao_Paulo;
use serde::{Deserialize, Serialize};

/// How serious a line is, most serious first, so `level <= minimum` means "at least".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn parse(text: &str) -> Option<LogLevel> {
        match text {
            "ERROR" => Some(LogLevel::Error),
            "WARN" => Some(LogLevel::Warn),
            "INFO" => Some(LogLevel::Info),
            "DEBUG" => Some(LogLevel::Debug),
            "TRACE" => Some(LogLevel::Trace),
            _ => None,
        }
    }

    /// The level as the operator types it: `erro`, `aviso`, `info`, `depuracao` (or the
    /// English names, as `RUST_LOG` spells them).
    pub fn from_name(name: &str) -> Option<LogLevel> {
        match crate::format::fold_accents(name.trim()).as_str() {
            "erro" | "error" => Some(LogLevel::Error),
            "aviso" | "warn" | "warning" => Some(LogLevel::Warn),
            "info" => Some(LogLevel::Info),
            "depuracao" | "debug" => Some(LogLevel::Debug),
            "rastreio" | "trace" => Some(LogLevel::Trace),
            _ => None,
        }
    }

    /// The pt-BR word the screens and the CLI show.
    pub fn label(self) -> &'static str {
        match self {
            LogLevel::Error => "erro",
            LogLevel::Warn => "aviso",
            LogLevel::Info => "info",
            LogLevel::Debug => "depuração",
            LogLevel::Trace => "rastreio",
        }
    }
}

/// One line of a program's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct LogLine {
    /// UTC, RFC 3339 with microseconds (so the text sorts as the instant does). An
    /// unparsed line carries the instant of the parsed line before it in its file.
    pub at: String,
    /// `None` for a line that could not be parsed; `message` then holds it whole.
    pub level: Option<LogLevel>,
    /// The Rust module that wrote it (`ponte_core::sync::engine`); empty when unparsed.
    pub target: String,
    /// The integration the line's span or fields name (`integration_id=3`).
    pub integration_id: Option<IntegrationId>,
    /// That integration's name, when it still exists (or when the line names it).
    pub integration: Option<String>,
    /// The message with its fields, and the spans it ran in.
    pub message: String,
    /// Which program wrote it (`ponte-desktop`, `ponte-cli`): the log file's prefix.
    pub program: String,
}

impl LogLine {
    /// `dd/mm/aaaa hh:mm:ss` in America/Sao_Paulo, as the operator reads it.
    pub fn local_time(&self) -> String {
        DateTime::parse_from_rfc3339(&self.at)
            .map(|at| {
                at.with_timezone(&Sao_Paulo)
                    .format("%d/%m/%Y %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| self.at.clone())
    }
}

/// Parses one line of `program`'s log; `previous_at` is the instant of the line before
/// it in the same file, for lines that cannot be parsed.
pub fn parse_line(text: &str, program: &str, previous_at: &str) -> LogLine {
    parse_fmt_line(text, program).unwrap_or_else(|| LogLine {
        at: previous_at.to_string(),
        level: None,
        target: String::new(),
        integration_id: None,
        integration: None,
        message: text.to_string(),
        program: program.to_string(),
    })
}

/// The instant as `LogLine::at` writes it.
fn format_at(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_fmt_line(text: &str, program: &str) -> Option<LogLine> {
    let (stamp, rest) = text.split_once(' ')?;
    let at = DateTime::parse_from_rfc3339(stamp)
        .ok()?
        .with_timezone(&Utc);
    let rest = rest.trim_start();
    let (level, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let level = LogLevel::parse(level)?;
    let (spans, target, message) = split_context(rest.trim_start());
    let (integration_id, integration) = integration_of(spans, message);
    let message = if spans.is_empty() {
        message.to_string()
    } else {
        format!("{message} [{spans}]")
    };
    Some(LogLine {
        at: format_at(at),
        level: Some(level),
        target: target.to_string(),
        integration_id,
        integration,
        message,
        program: program.to_string(),
    })
}

/// Splits `span{a=1}:b: target: message` into its spans, target and message. The spans
/// end at the first `": "` outside braces; a target is a module path (`::`-separated
/// identifiers). A line with no spans starts with the target.
fn split_context(rest: &str) -> (&str, &str, &str) {
    let Some((first, after_first)) = split_outside_braces(rest) else {
        return ("", "", rest);
    };
    if is_module_path(first)
        && !split_outside_braces(after_first).is_some_and(|(second, _)| {
            !first.contains("::") && second.contains("::") && is_module_path(second)
        })
    {
        return ("", first, after_first);
    }
    match split_outside_braces(after_first) {
        Some((target, message)) if is_module_path(target) => (first, target, message),
        _ => ("", "", rest),
    }
}

/// The text before the first `": "` at brace depth zero, and the text after it.
fn split_outside_braces(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    let mut previous_colon = false;
    for (index, ch) in text.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ' ' if previous_colon && depth == 0 => {
                return Some((&text[..index - 1], &text[index + 1..]));
            }
            _ => {}
        }
        previous_colon = ch == ':';
    }
    None
}

fn is_module_path(text: &str) -> bool {
    !text.is_empty()
        && text.split("::").all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The integration a line names: `integration_id=3` (spans and fields) or
/// `integration=Loja Centro` / `integration="Loja Centro"` (fields of a few warnings).
fn integration_of(spans: &str, message: &str) -> (Option<IntegrationId>, Option<String>) {
    for text in [spans, message] {
        if let Some(id) = field_value(text, "integration_id").and_then(|v| v.parse().ok()) {
            return (Some(id), None);
        }
    }
    for text in [spans, message] {
        if let Some(name) = field_value(text, "integration") {
            return (None, Some(name));
        }
    }
    (None, None)
}

/// The value of `name=value` in `text`, where `name` starts a word; a quoted value runs
/// to its closing quote, an unquoted one to the next space, `,` or `}`.
fn field_value(text: &str, name: &str) -> Option<String> {
    let pattern = format!("{name}=");
    let mut search = 0;
    while let Some(found) = text[search..].find(&pattern) {
        let start = search + found;
        search = start + pattern.len();
        let starts_word = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if !starts_word {
            continue;
        }
        let value = &text[search..];
        let value = match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or(""),
            None => value
                .split([' ', ',', '}'])
                .next()
                .unwrap_or("")
                .trim_end_matches(':'),
        };
        return (!value.is_empty()).then(|| value.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_spans_names_its_target_and_integration() {
        let line = parse_line(
            "2026-12-06T07:26:40.123456Z  WARN sync_run{run_id=5 integration_id=3 trigger=manual}: ponte_core::sync::engine: página refeita: tentativa 2 error=timeout",
            "ponte-desktop",
            "",
        );
        assert_eq!(line.level, Some(LogLevel::Warn));
        assert_eq!(line.target, "ponte_core::sync::engine");
        assert_eq!(line.integration_id, Some(3));
        assert_eq!(line.at, "2026-12-06T07:26:40.123456Z");
        assert_eq!(line.local_time(), "06/12/2026 04:26:40");
        assert!(
            line.message
                .starts_with("página refeita: tentativa 2 error=timeout")
        );
    }

    #[test]
    fn a_line_without_spans_starts_with_its_target() {
        let line = parse_line(
            "2026-12-06T07:26:40.000001Z ERROR ponte: erro: disco cheio code=\"E_DISK\"",
            "ponte-cli",
            "",
        );
        assert_eq!(line.level, Some(LogLevel::Error));
        assert_eq!(line.target, "ponte");
        assert_eq!(line.message, "erro: disco cheio code=\"E_DISK\"");
    }

    #[test]
    fn a_quoted_integration_name_is_read_whole() {
        let line = parse_line(
            "2026-12-06T07:26:40.000001Z  WARN ponte_core::sync::scheduler: agendador: não iniciou error=x integration=\"Loja Centro\"",
            "ponte-desktop",
            "",
        );
        assert_eq!(line.integration.as_deref(), Some("Loja Centro"));
        assert_eq!(line.integration_id, None);
    }

    #[test]
    fn garbage_is_kept_whole_with_the_previous_instant() {
        for garbage in [
            "",
            "   ",
            "}{: :",
            "2026-13-99 INFO x: y",
            "ação ñ \u{0} ::: {",
        ] {
            let line = parse_line(garbage, "ponte-cli", "2026-12-06T07:00:00.000000Z");
            assert_eq!(line.level, None);
            assert_eq!(line.message, garbage);
            assert_eq!(line.at, "2026-12-06T07:00:00.000000Z");
        }
    }

    #[test]
    fn a_span_without_fields_is_not_taken_for_the_target() {
        let line = parse_line(
            "2026-12-06T07:26:40.000001Z  INFO startup: ponte_core::store: banco aberto",
            "ponte-desktop",
            "",
        );
        assert_eq!(line.target, "ponte_core::store");
        assert_eq!(line.message, "banco aberto [startup]");
    }

    #[test]
    fn no_cut_of_a_line_panics() {
        let whole = "2026-12-06T07:26:40.000001Z  WARN span{nome=\"ação: é\"}:b: ponte_core::x: çã: {ü} integration_id=7";
        let mut previous = String::new();
        for (end, _) in whole.char_indices() {
            let line = parse_line(&whole[..end], "ponte-cli", &previous);
            previous = line.at;
        }
        let line = parse_line(whole, "ponte-cli", "");
        assert_eq!(line.target, "ponte_core::x");
        assert_eq!(line.integration_id, Some(7));
    }

    #[test]
    fn levels_read_in_portuguese_and_english() {
        assert_eq!(LogLevel::from_name("Depuração"), Some(LogLevel::Debug));
        assert_eq!(LogLevel::from_name("AVISO"), Some(LogLevel::Warn));
        assert_eq!(LogLevel::from_name("error"), Some(LogLevel::Error));
        assert_eq!(LogLevel::from_name("alto"), None);
        assert!(LogLevel::Error < LogLevel::Warn);
    }
}
