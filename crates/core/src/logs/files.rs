//! The log files on disk: `logs/{program}.YYYY-MM-DD.log`, one per program and day (the
//! day in UTC, as `tracing-appender` rolls them), and reading one into lines.

use super::line::{LogLine, parse_line};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One program's file for one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    pub path: PathBuf,
    pub program: String,
    pub day: NaiveDate,
}

/// The log files in `dir`, newest day first (programs in name order within a day). A
/// missing directory has none; other files are ignored.
pub fn list_log_files(dir: &Path) -> Vec<LogFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<LogFile> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (program, day) = name.strip_suffix(".log")?.rsplit_once('.')?;
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            (!program.is_empty()).then(|| LogFile {
                path: entry.path(),
                program: program.to_string(),
                day,
            })
        })
        .collect();
    files.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.program.cmp(&b.program)));
    files
}

/// Parses `bytes` (whole lines of `file`) in file order. `previous_at` carries the last
/// parsed instant across calls, for the unparsed lines that follow it; it starts at the
/// file's day. Bytes that are not UTF-8 are replaced, not refused.
pub fn parse_lines(bytes: &[u8], file: &LogFile, previous_at: &mut String) -> Vec<LogLine> {
    if previous_at.is_empty() {
        *previous_at = format!("{}T00:00:00.000000Z", file.day.format("%Y-%m-%d"));
    }
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|text| !text.trim().is_empty())
        .map(|text| {
            let line = parse_line(text, &file.program, previous_at);
            if line.level.is_some() {
                previous_at.clone_from(&line.at);
            }
            line
        })
        .collect()
}

/// Reads and parses a whole file. A file that cannot be read becomes one unparsed line
/// saying so, so the reader sees the gap.
pub async fn read_log_file(file: &LogFile) -> Vec<LogLine> {
    let mut previous_at = String::new();
    match tokio::fs::read(&file.path).await {
        Ok(bytes) => parse_lines(&bytes, file, &mut previous_at),
        Err(error) => parse_lines(
            format!(
                "não foi possível ler o arquivo de log {}: {error}",
                file.path.display()
            )
            .as_bytes(),
            file,
            &mut previous_at,
        ),
    }
}
