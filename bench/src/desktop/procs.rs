//! The processes an app is made of, read from /proc: its tree (the app and the WebKit
//! processes it starts, found by walking parent ids), each one's memory and which part of
//! the app it is, and their end (SIGTERM, then SIGKILL for whatever is left).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a tree gets to exit on SIGTERM before SIGKILL.
const TERM_GRACE: Duration = Duration::from_secs(5);

/// Which part of an app a process is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The app's own process: its Rust code, Tauri, GTK, and WebKit's UI-process half.
    App,
    /// A process WebKit starts (`WebKitWebProcess` runs the page, `WebKitNetworkProcess`
    /// serves its loads).
    WebKit,
    /// Anything else the app started.
    Other,
}

impl Part {
    fn of(pid: u32, root: u32, name: &str) -> Part {
        if pid == root {
            Part::App
        } else if name.starts_with("WebKit") {
            Part::WebKit
        } else {
            Part::Other
        }
    }
}

/// One process's memory, in KiB, as the kernel reports it.
#[derive(Debug, Clone)]
pub struct ProcessMemory {
    pub name: String,
    pub part: Part,
    /// `VmRSS` from /proc/PID/status: resident pages, shared ones counted in full.
    pub rss_kib: u64,
    /// `Pss` from /proc/PID/smaps_rollup: each shared page divided among its sharers.
    pub pss_kib: u64,
    /// The anonymous part of `Pss` (heaps, stacks, JIT): what the process itself allocated.
    pub pss_anon_kib: u64,
    pub threads: u64,
}

/// State letter and parent pid from /proc/PID/stat (the name, in parentheses, may hold
/// spaces, so fields are read after its closing one).
fn stat(pid: u32) -> Option<(char, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = text.get(text.rfind(')')? + 1..)?.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Whether `pid` is running (a zombie only waits to be reaped).
pub fn alive(pid: u32) -> bool {
    stat(pid).is_some_and(|(state, _)| !matches!(state, 'Z' | 'X' | 'x'))
}

/// `root` and every live process descended from it, root first.
pub fn tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let pid = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse().ok());
            if let Some((pid, Some((_, ppid)))) = pid.map(|pid| (pid, stat(pid))) {
                parents.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut next = 0;
    while let Some(&parent) = found.get(next) {
        for &(pid, ppid) in &parents {
            if ppid == parent && !found.contains(&pid) {
                found.push(pid);
            }
        }
        next += 1;
    }
    found.retain(|&pid| alive(pid));
    found
}

/// The number after `key:` in a /proc file of `Key:   123 kB` (or `Key: 12`) lines.
fn field(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The program's file name (argv[0]; /proc/PID/comm cuts names at 15 bytes).
fn name(pid: u32) -> String {
    let argv0 = std::fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .and_then(|cmdline| {
            let first = cmdline.split(|&b| b == 0).next()?.to_vec();
            let first = String::from_utf8(first).ok()?;
            let name = Path::new(&first).file_name()?.to_str()?.to_string();
            (!name.is_empty()).then_some(name)
        });
    argv0.unwrap_or_else(|| {
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .map(|comm| comm.trim().to_string())
            .unwrap_or_else(|_| format!("pid {pid}"))
    })
}

/// The memory of `pid`, a process of the tree under `root`, or `None` when it is gone.
pub fn memory(pid: u32, root: u32) -> Option<ProcessMemory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let name = name(pid);
    Some(ProcessMemory {
        part: Part::of(pid, root, &name),
        name,
        rss_kib: field(&status, "VmRSS"),
        pss_kib: field(&rollup, "Pss"),
        pss_anon_kib: field(&rollup, "Pss_Anon"),
        threads: field(&status, "Threads"),
    })
}

fn signal(pids: &BTreeSet<u32>, signal: &str) {
    if pids.is_empty() {
        return;
    }
    // kill(1): std has no way to send SIGTERM, and the workspace forbids unsafe code.
    let _ = Command::new("kill")
        .args(["-s", signal, "--"])
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Ends `child` and its tree: SIGTERM to all, then SIGKILL to whatever still runs after
/// the grace period. `known` adds processes seen in the tree earlier, which a parent's
/// death may have re-parented away from it.
pub fn stop_tree(child: &mut Child, known: &BTreeSet<u32>) {
    let mut pids: BTreeSet<u32> = known.iter().copied().filter(|&pid| alive(pid)).collect();
    if matches!(child.try_wait(), Ok(None)) {
        pids.extend(tree(child.id()));
    }
    signal(&pids, "TERM");
    let deadline = Instant::now() + TERM_GRACE;
    loop {
        // Reaps the app itself, so it stops counting as alive.
        let _ = child.try_wait();
        pids.retain(|&pid| alive(pid));
        if pids.is_empty() || Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    signal(&pids, "KILL");
    let _ = child.kill();
    let _ = child.wait();
}
