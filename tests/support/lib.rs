//! Support for the cross-process tests: the built `ponte` and `ponte-sandbox` binaries,
//! started as real processes talking over loopback. `./dev test` builds the binaries
//! before running these tests.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The directory holding the workspace's binaries: the test executable lives in its
/// `deps/` subdirectory.
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target profile dir")
        .to_path_buf()
}

pub fn bin(name: &str) -> PathBuf {
    let path = bin_dir().join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --bins` first",
        path.display()
    );
    path
}

/// A `ponte-sandbox serve` process on an ephemeral loopback port, killed on drop.
pub struct SandboxProcess {
    child: Child,
    /// `http://127.0.0.1:PORT/api`.
    pub base_url: String,
}

impl SandboxProcess {
    pub fn start(args: &[&str]) -> SandboxProcess {
        let mut child = Command::new(bin("ponte-sandbox"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("ponte-sandbox starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("announce line");
        let base_url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("unexpected announce line: {line:?}"))
            .to_string();
        SandboxProcess { child, base_url }
    }

    /// The sandbox's admin endpoint `/__sandbox/{path}`, as JSON.
    pub fn admin(&self, path: &str) -> serde_json::Value {
        let root = self.base_url.trim_end_matches("/api");
        let body = reqwest::blocking::get(format!("{root}/__sandbox/{path}"))
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.text())
            .expect("admin endpoint answers");
        serde_json::from_str(&body).expect("admin JSON")
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `ponte` with a data dir, extra environment and optional stdin.
#[derive(Clone)]
pub struct Ponte {
    pub data_dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Ponte {
    pub fn new(data_dir: &Path) -> Ponte {
        Ponte {
            data_dir: data_dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Ponte {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut command = Command::new(bin("ponte"));
        command
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(args)
            .env_remove("PONTE_GESTAOCLICK_ACCESS_TOKEN")
            .env_remove("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("ponte starts");
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(input) = stdin {
            pipe.write_all(input.as_bytes()).expect("stdin written");
        }
        drop(pipe);
        child.wait_with_output().expect("ponte finishes")
    }

    /// Runs and asserts success, returning stdout.
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let output = self.run(args, stdin);
        assert!(
            output.status.success(),
            "ponte {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }
}

/// The tokens the sandbox accepts.
pub const SANDBOX_ACCESS_TOKEN: &str = "sandbox-access-token";
pub const SANDBOX_SECRET_TOKEN: &str = "sandbox-secret-token";

/// `ponte` on `dir` with the sandbox's tokens in the environment, for integrations added
/// with `--no-store-credentials` (no keyring needed).
pub fn sandbox_ponte(dir: &Path) -> Ponte {
    Ponte::new(dir)
        .env("PONTE_GESTAOCLICK_ACCESS_TOKEN", SANDBOX_ACCESS_TOKEN)
        .env(
            "PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN",
            SANDBOX_SECRET_TOKEN,
        )
}

impl Ponte {
    /// Adds the Gestão Click integration "Loja Centro" on `base_url`, its tokens read from
    /// the environment and not stored.
    pub fn add_loja_centro(&self, base_url: &str) {
        self.ok(
            &[
                "integration",
                "add",
                "gestaoclick",
                "--name",
                "Loja Centro",
                "--base-url",
                base_url,
                "--no-store-credentials",
            ],
            None,
        );
    }
}

/// Whether the Secret Service tests can run: `./dev test` sets `PONTE_KEYRING_TESTS` after
/// unlocking a throwaway gnome-keyring, and CI must run them. `what` names the skipped test.
pub fn keyring_available(what: &str) -> bool {
    if std::env::var("PONTE_KEYRING_TESTS").as_deref() == Ok("1") {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must run the keyring tests: use ./dev test, which starts gnome-keyring"
    );
    eprintln!("{what} skipped: it needs the keyring of ./dev test");
    false
}

/// Whether `needle` occurs anywhere under `dir`, in any file.
pub fn dir_contains(dir: &Path, needle: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = dir_contains(&path, needle) {
                return Some(found);
            }
        } else if std::fs::read(&path)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        {
            return Some(path);
        }
    }
    None
}

pub mod desktop;
pub mod layout;
pub mod recovery;
pub mod relay_account;
pub mod restarts;
pub mod restore_window;
