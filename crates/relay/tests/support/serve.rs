//! A real `ponte-relay` process, for the tests that need one: a kill -9, a file limit set
//! with `prlimit`, the log a child writes, the admin CLI against the same database. Every
//! child gets the same test server key, so in-process relays and children share a
//! database's encrypted ingest secrets.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The server key of HMAC and Standard secrets every test relay holds; any fixed one
/// serves a test.
pub const SECRETS_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// `ponte-relay ARGS` with the test server key and warning-level logs.
pub fn relay_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ponte-relay"));
    command
        .args(args)
        .env("RUST_LOG", "warn")
        .env("PONTE_RELAY_SECRETS_KEY", SECRETS_KEY);
    command
}

/// `prlimit --nofile=N:N -- ponte-relay ARGS`, as `relay_command` otherwise.
pub fn relay_command_with_file_limit(limit: u32, args: &[&str]) -> Command {
    let mut command = Command::new("prlimit");
    command
        .arg(format!("--nofile={limit}:{limit}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_ponte-relay"))
        .args(args)
        .env("RUST_LOG", "warn")
        .env("PONTE_RELAY_SECRETS_KEY", SECRETS_KEY);
    command
}

/// A `… serve --addr 127.0.0.1:0` child, killed when dropped so a failed test leaves none
/// running.
pub struct ServeChild {
    child: Child,
    /// `http://127.0.0.1:PORT`, from the line the relay prints once it listens.
    pub base_url: String,
}

impl ServeChild {
    /// Spawns `command` (a `serve` on port 0) and waits for it to say where it listens.
    pub async fn start(mut command: Command) -> ServeChild {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("ponte-relay does not start: {error}"));
        let stdout = child.stdout.take().unwrap();
        let line = tokio::time::timeout(
            Duration::from_secs(30),
            tokio::task::spawn_blocking(move || {
                let mut line = String::new();
                BufReader::new(stdout).read_line(&mut line).map(|_| line)
            }),
        )
        .await
        .unwrap_or_else(|_| panic!("ponte-relay did not say where it listens"))
        .unwrap()
        .unwrap();
        let base_url = line
            .trim()
            .strip_prefix("ponte-relay listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        ServeChild { child, base_url }
    }

    /// SIGKILL: no graceful shutdown, no commit of what the writer holds.
    pub fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServeChild {
    fn drop(&mut self) {
        // Already dead after kill_9; either way nothing is left running.
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
