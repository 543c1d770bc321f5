//! Following the logs as they grow: every half second, each program's file is checked for
//! new whole lines past what was already seen. A file that appears (the daily rollover, or
//! a program's first line) is read from its start; one that shrank is read again from its
//! start. Lines already in the files when following starts are not repeated.

use super::files::{LogFile, list_log_files, parse_lines};
use super::line::LogLine;
use std::collections::HashMap;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// How often the files are checked.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What has been read of one file.
struct Seen {
    file: LogFile,
    offset: u64,
    previous_at: String,
}

/// The read position in every log file of a directory.
pub struct Tail {
    dir: PathBuf,
    seen: HashMap<PathBuf, Seen>,
}

impl Tail {
    /// Starts at the current end of every file in `dir`.
    pub fn at_end(dir: &Path) -> Tail {
        let seen = list_log_files(dir)
            .into_iter()
            .map(|file| {
                let offset = std::fs::metadata(&file.path).map_or(0, |meta| meta.len());
                let path = file.path.clone();
                let seen = Seen {
                    file,
                    offset,
                    previous_at: String::new(),
                };
                (path, seen)
            })
            .collect();
        Tail {
            dir: dir.to_path_buf(),
            seen,
        }
    }

    /// The whole lines written since the last call, oldest first.
    pub async fn new_lines(&mut self) -> Vec<LogLine> {
        let mut lines = Vec::new();
        for file in list_log_files(&self.dir).into_iter().rev() {
            let seen = self.seen.entry(file.path.clone()).or_insert_with(|| Seen {
                file,
                offset: 0,
                previous_at: String::new(),
            });
            lines.extend(read_new(seen).await);
        }
        lines.sort_by(|a, b| a.at.cmp(&b.at));
        lines
    }
}

/// The whole lines past `seen.offset`; a partly written last line waits for the next call.
async fn read_new(seen: &mut Seen) -> Vec<LogLine> {
    let Ok(meta) = tokio::fs::metadata(&seen.file.path).await else {
        return Vec::new();
    };
    if meta.len() < seen.offset {
        seen.offset = 0;
        seen.previous_at.clear();
    }
    if meta.len() == seen.offset {
        return Vec::new();
    }
    let Ok(mut handle) = tokio::fs::File::open(&seen.file.path).await else {
        return Vec::new();
    };
    if handle.seek(SeekFrom::Start(seen.offset)).await.is_err() {
        return Vec::new();
    }
    let mut bytes = Vec::new();
    if handle
        .take(meta.len() - seen.offset)
        .read_to_end(&mut bytes)
        .await
        .is_err()
    {
        return Vec::new();
    }
    let Some(end) = bytes.iter().rposition(|&byte| byte == b'\n') else {
        return Vec::new();
    };
    seen.offset += end as u64 + 1;
    parse_lines(&bytes[..=end], &seen.file, &mut seen.previous_at)
}
