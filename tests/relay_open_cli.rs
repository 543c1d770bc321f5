//! `ponte relay open`, the command line's "Ligar tempo real", as an operator runs it: the
//! built binary, a throwaway data dir, a real relay with provisioning on loopback and a
//! real Secret Service. Without a relay account it says how to set one and opens nothing;
//! with one, it opens a bearer channel for a Gestão Click integration and prints the URL
//! and the Authorization header, which a webhook then uses to reach the relay, and
//! `ponte relay verify` round-trips through the new channel.

use ponte_e2e::relay_account::{ok_blocking as ok, relay_with_account, run_blocking as run};
use ponte_e2e::{Ponte, keyring_available};

const ACCOUNT_TOKEN: &str = "conta-teste-gc";

#[tokio::test(flavor = "multi_thread")]
async fn relay_open_prints_the_url_and_header_that_deliver_to_the_new_channel() {
    if !keyring_available("the relay open CLI test") {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay_with_account(relay_dir.path(), ACCOUNT_TOKEN).await;
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
