//! `ponte follow` killed with SIGKILL at random points while it drains a large relay
//! backlog, and restarted, still takes every event exactly once: the desktop's inbox and
//! the relay's channel hold the same set of events, and nothing waits on the relay.
//! The relay (`ponte-relay serve`) and the follower are the built binaries, separate
//! processes over loopback; the sandbox that floods the relay runs in this process.

use ponte_e2e::{Ponte, bin, keyring_available};
use ponte_sandbox::{EmitPlan, RunningSandbox, Sandbox, SandboxConfig, Scale, WebhookTarget};
use ponte_webhooks::AuthMode;
use ponte_webhooks::relay_api::EventPage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// Eight of the poller's 500-event batches. A kill costs the drain at most about two, so
/// the first three kills at least land before the end.
const BACKLOG: usize = 4_000;
const KILLS: usize = 5;
/// Picks the kill points; printed, so a failure can be replayed.
const KILL_SEED: u64 = 0x6b11_f011;
const AUTH: AuthMode = AuthMode::Hmac;

/// A `ponte-relay serve` process on an ephemeral loopback port, killed on drop.
struct RelayProcess {
    child: Child,
    db: PathBuf,
    base_url: String,
    http: reqwest::blocking::Client,
}

impl RelayProcess {
    fn start(dir: &Path) -> RelayProcess {
        let db = dir.join("relay.db");
        let log = File::create(dir.join("relay.log")).expect("relay log");
        // The backlog arrives as one flood; the per-channel limit has its own tests.
        let mut child = Command::new(bin("ponte-relay"))
            // The server key of HMAC and Standard secrets; any fixed one serves a test.
            .env(
                "PONTE_RELAY_SECRETS_KEY",
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
            )
            .arg("--db")
            .arg(&db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(["--rate", "100000", "--burst", "100000"])
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("ponte-relay starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("announce line");
        let base_url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("unexpected announce line: {line:?}"))
            .to_string();
        RelayProcess {
            child,
            db,
            base_url,
            http: reqwest::blocking::Client::new(),
        }
    }

    /// `channel create --json`, on the same database file as the running server.
    fn create_channel(&self) -> Value {
        let output = Command::new(bin("ponte-relay"))
            // The server key of HMAC and Standard secrets; any fixed one serves a test.
            .env(
                "PONTE_RELAY_SECRETS_KEY",
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
            )
            .arg("--db")
            .arg(&self.db)
            .args(["channel", "create", "--provider", "gestaoclick"])
            .args([
                "--auth",
                AUTH.as_str(),
                "--public-url",
                &self.base_url,
                "--json",
            ])
            .output()
            .expect("ponte-relay channel create runs");
        assert!(
            output.status.success(),
            "channel create failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("channel JSON")
    }

    /// Up to `limit` of the channel's events after `after`, answered at once.
    fn pull(&self, channel: &str, pull_token: &str, after: i64, limit: u32) -> EventPage {
        self.http
            .get(format!("{}/v1/channels/{channel}/events", self.base_url))
            .query(&[("after", after), ("limit", i64::from(limit)), ("wait", 0)])
            .bearer_auth(pull_token)
            .send()
            .and_then(|response| response.error_for_status())
            .and_then(|response| response.json())
            .expect("relay answers a pull")
    }

    /// Events received and not yet acknowledged.
    fn backlog(&self, channel: &str, pull_token: &str) -> u64 {
        self.pull(channel, pull_token, 0, 1).backlog
    }

    /// Every event of the channel, acknowledged or not, as (seq, event id), and the last
    /// page, which carries the channel's acknowledged seq.
    fn events(&self, channel: &str, pull_token: &str) -> (Vec<(i64, String)>, EventPage) {
        let mut all = Vec::new();
        let mut after = 0;
        loop {
            let page = self.pull(channel, pull_token, after, 1_000);
            all.extend(page.events.iter().map(|event| {
                let id = event
                    .event_id
                    .clone()
                    .expect("the sandbox names every event");
                (event.seq, id)
            }));
            if page.events.is_empty() {
                return (all, page);
            }
            after = page.next_after;
        }
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The desktop's SQLite file, read-only, beside the follower that writes it.
struct DesktopDb {
    pool: SqlitePool,
}

impl DesktopDb {
    fn open(runtime: &Runtime, path: &Path) -> DesktopDb {
        let options = SqliteConnectOptions::new().filename(path).read_only(true);
        let pool = runtime
            .block_on(
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(options),
            )
            .expect("desktop database opens read-only");
        DesktopDb { pool }
    }

    /// Events committed to the inbox so far.
    fn taken(&self, runtime: &Runtime) -> usize {
        let count: i64 = runtime
            .block_on(sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events").fetch_one(&self.pool))
            .expect("inbox count");
        count as usize
    }
}

/// How fast a follower goes on this machine: from its start to its first commit, and
/// from one commit to the next. Kill points are drawn in these units, so that they land in
/// the same phases of the drain on a fast machine and on a slow one.
#[derive(Debug, Clone, Copy)]
struct Pace {
    first_commit: Duration,
    batch: Duration,
}

/// Where a follower is killed.
#[derive(Debug, Clone, Copy)]
enum KillPoint {
    /// This long after its start: while it starts, pulls, or applies its first batch.
    AfterStart(Duration),
    /// This long after its first commit: around the ack, the next pull, or inside the
    /// next batch's transaction.
    AfterCommit(Duration),
}

impl KillPoint {
    /// The `n`th kill: after the start and after a commit in turn, at a random fraction
    /// of the phase.
    fn nth(n: usize, rng: &mut ChaCha8Rng, pace: Pace) -> KillPoint {
        if n % 2 == 1 {
            KillPoint::AfterStart(pace.first_commit.mul_f64(rng.random()))
        } else {
            KillPoint::AfterCommit(pace.batch.mul_f64(rng.random()))
        }
    }
}

/// One `ponte follow --json` process; its stderr goes to a log shown on failure.
struct Follower {
    child: Child,
    started: Instant,
    log: PathBuf,
}

impl Follower {
    fn spawn(ponte: &Ponte, log: &Path) -> Follower {
        let stderr = File::options()
            .create(true)
            .append(true)
            .open(log)
            .expect("follower log");
        let child = Command::new(bin("ponte"))
            .arg("--data-dir")
            .arg(&ponte.data_dir)
            .args(["follow", "--json"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("ponte follow starts");
        Follower {
            child,
            started: Instant::now(),
            log: log.to_path_buf(),
        }
    }

    /// Polls `done` until it holds; fails with `what` and the follower's log after a
    /// minute, or as soon as the follower exits on its own.
    fn wait_for(&mut self, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done() {
            let exited = self.child.try_wait().expect("follower status");
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "{what} (follower exit: {exited:?}); its stderr:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until the inbox holds more than `taken` events; returns how many it holds.
    fn next_commit(&mut self, runtime: &Runtime, desktop: &DesktopDb, taken: usize) -> usize {
        let mut now = taken;
        self.wait_for("the follower committed no batch within 60 s", || {
            now = desktop.taken(runtime);
            now > taken
        });
        now
    }

    /// SIGKILL, no chance to finish anything.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("follower reaped");
    }
}

fn start_sandbox(runtime: &Runtime, config: SandboxConfig) -> RunningSandbox {
    runtime
        .block_on(Sandbox::start(config, "127.0.0.1:0".parse().expect("addr")))
        .expect("sandbox starts")
}

#[test]
fn follow_killed_mid_backlog_takes_every_relay_event_exactly_once() {
    // `ponte relay connect` keeps the channel's secrets in the keyring; `ponte follow` reads them.
    if !keyring_available("the realtime crash test") {
        return;
    }
    let runtime = Runtime::new().expect("tokio runtime");
    let mut config = SandboxConfig::new(5, Scale::Small);
    config.enforce_limits = false;
    let (access, secret) = (config.access_token.clone(), config.secret_token.clone());
    let sandbox = start_sandbox(&runtime, config);
    let dir = tempfile::tempdir().expect("temp dir");
    let relay = RelayProcess::start(dir.path());
    let channel = relay.create_channel();
    let text = |key: &str| {
        channel[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} in {channel}"))
            .to_string()
    };
    let (channel_id, ingest_secret, pull_token) =
        (text("channel_id"), text("secret"), text("pull_token"));

    let data_dir = dir.path().join("desktop");
    let ponte = Ponte::new(&data_dir)
        .env("PONTE_GESTAOCLICK_ACCESS_TOKEN", &access)
        .env("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN", &secret);
    ponte.ok(
        &[
            "integration",
            "add",
            "gestaoclick",
            "--name",
            "Loja Centro",
            "--base-url",
            &sandbox.base_url(),
            "--no-store-credentials",
        ],
        None,
    );
    ponte.ok(
        &[
            "relay",
            "connect",
            "Loja Centro",
            "--relay",
            &relay.base_url,
            "--channel",
            &channel_id,
            "--auth",
            AUTH.as_str(),
        ],
        Some(&format!("{pull_token}\n{ingest_secret}\n")),
    );
    // The backlog is all there before any follower starts. After `relay connect`: a
    // channel made by hand takes webhooks only once Ponte has registered its key on it.
    let emitted = runtime
        .block_on(sandbox.handle().emit_webhooks(
            WebhookTarget::relay(&relay.base_url, &channel_id, AUTH, &ingest_secret),
            EmitPlan {
                count: BACKLOG,
                rate_per_sec: 1_000_000.0,
                seed: 5,
            },
        ))
        .expect("emitter starts");
    assert_eq!(emitted.accepted, BACKLOG as u64, "{emitted:?}");
    assert_eq!(emitted.duplicates, 0, "{emitted:?}");
    assert_eq!(relay.backlog(&channel_id, &pull_token), BACKLOG as u64);
    let desktop = DesktopDb::open(&runtime, &data_dir.join("ponte.db"));
    let log = dir.path().join("follow.log");

    let mut rng = ChaCha8Rng::seed_from_u64(KILL_SEED);
    // The first follower sets the pace (its first two commits), then dies in its third
    // batch or around its ack.
    let mut follower = Follower::spawn(&ponte, &log);
    let first = follower.next_commit(&runtime, &desktop, 0);
    let first_commit = follower.started.elapsed();
    follower.next_commit(&runtime, &desktop, first);
    let pace = Pace {
        first_commit,
        batch: follower.started.elapsed() - first_commit,
    };
    let delay = pace.batch.mul_f64(rng.random());
    std::thread::sleep(delay);
    follower.kill();
    // (where, events in the inbox right after the kill)
    let mut kills = vec![(KillPoint::AfterCommit(delay), desktop.taken(&runtime))];
    while kills.len() < KILLS {
        let before = desktop.taken(&runtime);
        if before == BACKLOG {
            break;
        }
        let point = KillPoint::nth(kills.len(), &mut rng, pace);
        let mut follower = Follower::spawn(&ponte, &log);
        match point {
            KillPoint::AfterStart(delay) => std::thread::sleep(delay),
            KillPoint::AfterCommit(delay) => {
                follower.next_commit(&runtime, &desktop, before);
                std::thread::sleep(delay);
            }
        }
        follower.kill();
        kills.push((point, desktop.taken(&runtime)));
    }
    eprintln!("kill seed {KILL_SEED:#x}, {pace:?}: (kill point, events taken) {kills:?}");
    let mid_drain = kills.iter().filter(|(_, taken)| *taken < BACKLOG).count();
    assert!(
        mid_drain >= 3,
        "only {mid_drain} kills landed before the backlog was drained: {kills:?}"
    );

    let mut follower = Follower::spawn(&ponte, &log);
    follower.wait_for("the relay's backlog did not reach 0 within 60 s", || {
        relay.backlog(&channel_id, &pull_token) == 0
    });
    follower.kill();

    let (relay_events, last_page) = relay.events(&channel_id, &pull_token);
    assert_eq!(
        relay_events.len(),
        BACKLOG,
        "the relay stored each webhook once"
    );
    let last_seq = relay_events.last().map(|(seq, _)| *seq);
    assert_eq!(
        Some(last_page.acked_seq),
        last_seq,
        "acknowledged to the end"
    );

    let inbox: Vec<(String, i64, String, String)> = runtime
        .block_on(
            sqlx::query_as("SELECT channel, seq, event_id, outcome FROM inbox_events ORDER BY seq")
                .fetch_all(&desktop.pool),
        )
        .expect("inbox");
    assert_eq!(
        inbox.len(),
        relay_events.len(),
        "nothing lost, nothing twice"
    );
    let taken: BTreeSet<(i64, String)> = inbox
        .iter()
        .map(|(_, seq, event_id, _)| (*seq, event_id.clone()))
        .collect();
    let held: BTreeSet<(i64, String)> = relay_events.into_iter().collect();
    assert_eq!(taken, held, "the inbox holds exactly the relay's events");
    for (inbox_channel, seq, _, outcome) in &inbox {
        assert_eq!(inbox_channel, &channel_id);
        assert!(
            !["quarantined", "stale"].contains(&outcome.as_str()),
            "event {seq} was {outcome}"
        );
    }
    let cursor: i64 = runtime
        .block_on(sqlx::query_scalar("SELECT cursor FROM relay_channels").fetch_one(&desktop.pool))
        .expect("cursor");
    assert_eq!(
        Some(cursor),
        last_seq,
        "the desktop's cursor is at the last event"
    );

    // The relay and the keyring work for `ponte relay verify` too: a test event goes
    // around and lands in the inbox.
    let verified = ponte.ok(&["relay", "verify", "Loja Centro"], None);
    assert!(verified.contains("foi e voltou pelo relay"), "{verified}");

    runtime.block_on(desktop.pool.close());
    runtime.block_on(sandbox.shutdown());
}
