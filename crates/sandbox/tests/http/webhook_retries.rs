//! A delivery answered 500 is retried with the same event id and the same body bytes, so a
//! receiver that kept the first attempt recognises the second as a repeat.

use super::webhook_receiver::{Receiver, ReceiverOptions};
use super::{config, start};
use ponte_sandbox::EmitPlan;
use ponte_webhooks::{AuthMode, generate_secret};
use reqwest::StatusCode;

#[tokio::test]
async fn a_delivery_answered_500_is_retried_with_the_same_event_id_and_body() {
    let sandbox = start(config()).await;
    let secret = generate_secret(AuthMode::Standard);
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::Standard,
        secret: secret.clone(),
        sandbox_api: None,
        answer_500_first: 1,
    })
    .await;
    let plan = EmitPlan {
        count: 3,
        rate_per_sec: 10_000.0,
        seed: 2,
    };
    let summary = sandbox
        .handle()
        .emit_webhooks(receiver.target(&secret), plan)
        .await
        .unwrap();

    assert_eq!(summary.sent, 3);
    assert_eq!(summary.accepted, 3, "{summary:?}");
    assert_eq!(summary.retries, 1, "{summary:?}");
    assert_eq!(summary.duplicates, 1, "{summary:?}");
    assert!(summary.failed.is_empty(), "{summary:?}");
    let received = receiver.take();
    assert_eq!(received.len(), 4);
    let (first, retry) = (&received[0], &received[1]);
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.envelope().event_id, first.envelope().event_id);
    assert_eq!(retry.body, first.body);
    assert!(received.iter().all(|delivery| delivery.verified.is_ok()));
    assert_ne!(received[2].envelope().event_id, first.envelope().event_id);
}
