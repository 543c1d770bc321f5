//! One launch of an app under test: spawned in the session, watched until it reports its
//! first paint, measured, and its whole process tree ended on drop (errors included).
//! ponte-desktop reports the paint in its log file (`Painel pintado elapsed_ms=N`, the only
//! place release builds log to); empty-window on stdout (`painted_ms=N`).

use super::procs::{self, ProcessMemory};
use super::session::Session;
use crate::error::BenchError;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How often the log file is read while waiting for the paint.
const LOG_POLL: Duration = Duration::from_millis(5);
/// What the ponte-desktop log line starts with (src-tauri/src/window.rs).
const PONTE_PAINTED: &str = "Painel pintado";
/// What empty-window prints (bench/empty-window/src/main.rs).
const EMPTY_PAINTED: &str = "painted_ms=";
/// How ponte-desktop names its log files: `ponte-desktop.YYYY-MM-DD.log` (see
/// ponte_core::logging).
const PONTE_LOG_PREFIX: &str = "ponte-desktop";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    Ponte,
    Empty,
}

impl App {
    pub fn binary(self) -> &'static str {
        match self {
            App::Ponte => "ponte-desktop",
            App::Empty => "empty-window",
        }
    }

    pub fn package(self) -> &'static str {
        match self {
            App::Ponte => "ponte-desktop",
            App::Empty => "ponte-bench-empty-window",
        }
    }
}

/// The first paint, timed two ways.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    /// From the bench's spawn to the moment it saw the report.
    pub seen: Duration,
    /// What the app reported: milliseconds since the top of its own `main`/`run()`.
    pub reported_ms: u64,
}

/// How the launch reports its paint.
enum Watch {
    /// ponte-desktop's log directory.
    Log(PathBuf),
    /// empty-window's stdout lines, each with the instant it was read.
    Stdout(Receiver<(Instant, String)>),
}

pub struct Launch {
    app: App,
    child: Child,
    spawned: Instant,
    watch: Watch,
    /// The app's stderr (and, for ponte-desktop, stdout), quoted when it fails.
    output: PathBuf,
    /// Every process seen in its tree, so that none is left behind at the end.
    seen_pids: BTreeSet<u32>,
}

impl Launch {
    /// Starts `binary` in `session`. `dir` receives the app's output file and, for
    /// ponte-desktop, is its `--data-dir`; `xdg_home` stands in for the user's config,
    /// cache and data directories (WebKit's and GTK's files go there).
    pub fn start(
        session: &Session,
        app: App,
        binary: &Path,
        dir: &Path,
        xdg_home: &Path,
    ) -> Result<Launch, BenchError> {
        std::fs::create_dir_all(dir)?;
        let output = dir.join(format!("{}.out", app.binary()));
        let out = File::create(&output)?;
        let mut command = session.command(binary);
        for (var, sub) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
        ] {
            let path = xdg_home.join(sub);
            std::fs::create_dir_all(&path)?;
            command.env(var, path);
        }
        command.stderr(out.try_clone()?);
        match app {
            App::Ponte => {
                // The paint is read from the log: earlier launches' lines must not count.
                let logs = ponte_core::paths::logs_dir(dir);
                if logs.exists() {
                    std::fs::remove_dir_all(logs)?;
                }
                command.args(["--demo", "--data-dir"]).arg(dir).stdout(out);
            }
            App::Empty => {
                command.stdout(Stdio::piped());
            }
        }
        let spawned = Instant::now();
        let mut child = command.spawn()?;
        let watch = match app {
            App::Ponte => Watch::Log(ponte_core::paths::logs_dir(dir)),
            App::Empty => {
                let stdout = child.stdout.take();
                let (tx, rx) = mpsc::channel();
                std::thread::spawn(move || {
                    let Some(stdout) = stdout else { return };
                    for line in BufReader::new(stdout).lines() {
                        let Ok(line) = line else { return };
                        if tx.send((Instant::now(), line)).is_err() {
                            return;
                        }
                    }
                });
                Watch::Stdout(rx)
            }
        };
        Ok(Launch {
            app,
            child,
            spawned,
            watch,
            output,
            seen_pids: BTreeSet::new(),
        })
    }

    /// Fails when the app is no longer running, quoting the end of its output.
    pub fn check_running(&mut self) -> Result<(), BenchError> {
        match self.child.try_wait()? {
            None => Ok(()),
            Some(status) => {
                let output = std::fs::read_to_string(&self.output).unwrap_or_default();
                let tail: Vec<&str> = output.lines().rev().take(15).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                Err(BenchError::AppExited {
                    app: self.app.binary(),
                    status: status.to_string(),
                    after_secs: self.spawned.elapsed().as_secs_f64(),
                    output: tail.join("\n"),
                })
            }
        }
    }

    /// Waits for the first paint's report.
    pub fn wait_painted(&mut self, timeout: Duration) -> Result<Paint, BenchError> {
        let deadline = self.spawned + timeout;
        loop {
            let report = match &self.watch {
                Watch::Log(dir) => ponte_painted(dir).map(|ms| (Instant::now(), ms)),
                Watch::Stdout(lines) => match lines.recv_timeout(LOG_POLL) {
                    Ok((at, line)) => line
                        .strip_prefix(EMPTY_PAINTED)
                        .and_then(|ms| ms.trim().parse().ok())
                        .map(|ms| (at, ms)),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => {
                        std::thread::sleep(LOG_POLL);
                        None
                    }
                },
            };
            if let Some((at, reported_ms)) = report {
                self.seen_pids.extend(procs::tree(self.child.id()));
                return Ok(Paint {
                    seen: at.duration_since(self.spawned),
                    reported_ms,
                });
            }
            self.check_running()?;
            if Instant::now() >= deadline {
                return Err(BenchError::Timeout {
                    what: format!("{} to paint its window", self.app.binary()),
                    secs: timeout.as_secs(),
                });
            }
            if let Watch::Log(_) = self.watch {
                std::thread::sleep(LOG_POLL);
            }
        }
    }

    /// The memory of every process in the app's tree, the app first.
    pub fn memory(&mut self) -> Result<Vec<ProcessMemory>, BenchError> {
        self.check_running()?;
        let root = self.child.id();
        let pids = procs::tree(root);
        self.seen_pids.extend(&pids);
        Ok(pids
            .into_iter()
            .filter_map(|pid| procs::memory(pid, root))
            .collect())
    }
}

impl Drop for Launch {
    fn drop(&mut self) {
        procs::stop_tree(&mut self.child, &self.seen_pids);
    }
}

/// The `elapsed_ms` of the `Painel pintado` line in ponte-desktop's log files, if written.
fn ponte_painted(logs: &Path) -> Option<u64> {
    let entries = std::fs::read_dir(logs).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(PONTE_LOG_PREFIX) || !name.ends_with(".log") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let found = text
            .lines()
            .filter(|line| line.contains(PONTE_PAINTED))
            .find_map(|line| {
                let value = line.split("elapsed_ms=").nth(1)?;
                value.split_whitespace().next()?.parse().ok()
            });
        if found.is_some() {
            return found;
        }
    }
    None
}
