//! The CLI against an in-process relay: a relay on loopback with provisioning on (so
//! `ponte` can open channels with an account token), and `ponte` run on a blocking thread,
//! so the relay's tasks on the test's runtime keep serving while the command waits.

use crate::Ponte;
use ponte_relay::{Provisioning, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

/// A relay over a SQLite file in `dir` that opens channels for `account_token`.
pub async fn relay_with_account(dir: &Path, account_token: &str) -> RunningRelay {
    let store = SqliteStore::open(&dir.join("relay.db"))
        .await
        .expect("relay store");
    let mut config = RelayConfig::new("127.0.0.1:0".parse().expect("addr"));
    // Empty: the ingest URLs name the loopback address the relay listens on.
    config.provisioning = Some(Provisioning::new(account_token, ""));
    Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .expect("relay starts")
}

/// `ponte` on a blocking thread.
pub async fn run_blocking(ponte: &Ponte, args: &[&str], stdin: &str) -> Output {
    let (ponte, stdin) = (ponte.clone(), stdin.to_string());
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ponte.run(&args, Some(&stdin))
    })
    .await
    .expect("ponte thread")
}

/// `run_blocking`, asserting success; returns stdout.
pub async fn ok_blocking(ponte: &Ponte, args: &[&str], stdin: &str) -> String {
    let output = run_blocking(ponte, args, stdin).await;
    assert!(
        output.status.success(),
        "ponte {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).expect("utf-8 stdout")
}
