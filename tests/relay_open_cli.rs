//! `ponte relay open`, the command line's "Ligar tempo real", as an operator runs it: the
//! built binary, a throwaway data dir, a real relay with provisioning on loopback and a
//! real Secret Service. Without a relay account it says how to set one and opens nothing;
//! with one, it opens a bearer channel for a Gestão Click integration and prints the URL
//! and the Authorization header, which a webhook then uses to reach the relay, and
//! `ponte relay verify` round-trips through the new channel.

use ponte_e2e::{Ponte, keyring_available};
use ponte_relay::{Provisioning, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

const ACCOUNT_TOKEN: &str = "conta-teste-gc";

async fn relay(dir: &Path) -> RunningRelay {
    let store = SqliteStore::open(&dir.join("relay.db"))
        .await
        .expect("relay store");
    let mut config = RelayConfig::new("127.0.0.1:0".parse().expect("addr"));
    // Empty: the ingest URLs name the loopback address the relay listens on.
    config.provisioning = Some(Provisioning::new(ACCOUNT_TOKEN, ""));
    Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .expect("relay starts")
}

/// `ponte` on a blocking thread, so the in-process relay's tasks keep serving while it runs.
async fn run(ponte: &Ponte, args: &[&str], stdin: &str) -> Output {
    let (ponte, stdin) = (ponte.clone(), stdin.to_string());
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ponte.run(&args, Some(&stdin))
    })
    .await
    .expect("ponte thread")
}

async fn ok(ponte: &Ponte, args: &[&str], stdin: &str) -> String {
    let output = run(ponte, args, stdin).await;
    assert!(
        output.status.success(),
        "ponte {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).expect("utf-8 stdout")
}

#[tokio::test(flavor = "multi_thread")]
async fn relay_open_prints_the_url_and_header_that_deliver_to_the_new_channel() {
    if !keyring_available("the relay open CLI test") {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay(relay_dir.path()).await;
    let base = relay.base_url();
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());
    ok(
        &ponte,
        &[
            "integration",
            "add",
            "gestaoclick",
            "--name",
            "Loja Centro",
            "--base-url",
            "http://127.0.0.1:9",
            "--no-store-credentials",
        ],
        "",
    )
    .await;

    let missing = run(&ponte, &["relay", "open", "Loja Centro"], "").await;
    let stderr = String::from_utf8(missing.stderr).expect("utf-8 stderr");
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("erro [relay_account_missing]"), "{stderr}");
    assert!(
        stderr.contains("ponte relay account set --url URL"),
        "{stderr}"
    );
    assert_eq!(relay.admin().list().await.expect("channels").len(), 0);

    ok(
        &ponte,
        &["relay", "account", "set", "--url", &base],
        &format!("{ACCOUNT_TOKEN}\n"),
    )
    .await;
    let opened = ok(&ponte, &["relay", "open", "Loja Centro"], "").await;
    let channels = relay.admin().list().await.expect("channels");
    assert_eq!(channels.len(), 1);
    let url = format!("{base}/hooks/{}", channels[0].id);
    assert!(opened.contains(&url), "{opened}");
    let header = opened
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("Bearer "))
        .unwrap_or_else(|| panic!("no Authorization header in: {opened}"));
    assert!(
        opened.contains("Cabeçalho Authorization")
            && opened.contains("ponte relay verify \"Loja Centro\""),
        "{opened}"
    );

    // What the operator pasted into Gestão Click's panel, used as Gestão Click would.
    let event = serde_json::json!({
        "event_id": "gc-cli-1", "event": "cost_center.created", "resource": "centros_custos",
        "occurred_at": "2026-12-06T09:00:00Z", "data": {"id": "9002", "nome": "Feiras"}
    });
    let answer = reqwest::Client::new()
        .post(&url)
        .header("Authorization", header)
        .json(&event)
        .send()
        .await
        .expect("relay answers");
    assert_eq!(answer.status(), 200);
    let wrong = reqwest::Client::new()
        .post(&url)
        .header("Authorization", "Bearer outro-segredo")
        .json(&event)
        .send()
        .await
        .expect("relay answers");
    assert_eq!(wrong.status(), 401);

    let verified = ok(&ponte, &["relay", "verify", "Loja Centro"], "").await;
    assert!(verified.contains("foi e voltou pelo relay"), "{verified}");
    relay.shutdown().await;
}
