//! `ponte-sandbox emit` drives a running sandbox through `POST /__sandbox/webhooks`, which
//! refuses a target or a rate that cannot work before changing anything.

use super::webhook_receiver::{CHANNEL, Receiver, ReceiverOptions};
use super::{config, start};
use ponte_sandbox::EmitSummary;
use ponte_webhooks::{AuthMode, generate_secret};
use serde_json::{Value, json};
use std::process::Command;

#[tokio::test]
async fn the_emit_command_makes_a_running_sandbox_send_verified_webhooks() {
    let sandbox = start(config()).await;
    let secret = generate_secret(AuthMode::UrlToken);
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::UrlToken,
        secret: secret.clone(),
        sandbox_api: None,
        answer_500_first: 0,
    })
    .await;
    let args = [
        "emit".to_string(),
        format!("--url={}", sandbox.base_url()),
        format!("--relay={}", receiver.base_url()),
        format!("--channel={CHANNEL}"),
        "--auth=url-token".to_string(),
        "--rate=1000".to_string(),
        "--count=5".to_string(),
        "--seed=9".to_string(),
    ];
    // The sandbox and the receiver run on this test's runtime: wait for the child off it.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_ponte-sandbox"))
            .args(args)
            .env("PONTE_WEBHOOK_SECRET", secret)
            .output()
            .unwrap()
    })
    .await
    .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let summary: EmitSummary = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((summary.sent, summary.accepted), (5, 5), "{summary:?}");
    let received = receiver.take();
    assert_eq!(received.len(), 5);
    assert!(received.iter().all(|delivery| delivery.verified.is_ok()));
}

#[tokio::test]
async fn the_emit_route_refuses_a_bad_rate_or_secret_before_changing_anything() {
    let sandbox = start(config()).await;
    let before = sandbox.handle().summary();
    let admin = sandbox.base_url().replace("/api", "/__sandbox");
    let target = |mode: &str, secret: &str| json!({"ingest_url": "http://127.0.0.1:9/hooks/ch", "mode": mode, "secret": secret});
    let cases = [
        (target("bearer", "s"), 0.0, "invalid_rate"),
        (target("bearer", "s"), -3.0, "invalid_rate"),
        (
            target("standard", "not-a-whsec-secret!"),
            5.0,
            "cannot_sign",
        ),
        (
            json!({"ingest_url": "ftp://relay/hooks/ch", "mode": "hmac", "secret": "s"}),
            5.0,
            "invalid_ingest_url",
        ),
    ];
    for (target, rate, code) in cases {
        let response = reqwest::Client::new()
            .post(format!("{admin}/webhooks"))
            .json(&json!({"target": target, "count": 3, "rate_per_sec": rate}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            reqwest::StatusCode::BAD_REQUEST,
            "{code}"
        );
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], code);
        assert!(!answer["message"].as_str().unwrap().contains("not-a-whsec"));
    }
    assert_eq!(sandbox.handle().summary(), before);
}
