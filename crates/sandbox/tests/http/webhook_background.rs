//! Demo mode's background emitter keeps sending until its cancellation token fires, then
//! ends with its summary.

use super::webhook_receiver::{Receiver, ReceiverOptions};
use super::{config, start};
use ponte_sandbox::spawn_emitter;
use ponte_webhooks::{AuthMode, generate_secret};
use std::collections::HashSet;
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_background_emitter_sends_until_cancelled_then_reports() {
    let sandbox = start(config()).await;
    let secret = generate_secret(AuthMode::Hmac);
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::Hmac,
        secret: secret.clone(),
        sandbox_api: None,
        answer_500_first: 0,
    })
    .await;
    let cancel = CancellationToken::new();
    let task = spawn_emitter(
        sandbox.handle(),
        receiver.target(&secret),
        1_000.0,
        cancel.clone(),
    )
    .unwrap();

    receiver.wait_for(5).await;
    cancel.cancel();
    let summary = task.await.unwrap();

    assert!(summary.sent >= 5, "{summary:?}");
    assert_eq!(summary.accepted + summary.failed.len() as u64, summary.sent);
    let received = receiver.take();
    let ids: HashSet<String> = received.iter().map(|d| d.envelope().event_id).collect();
    assert_eq!(ids.len(), received.len());
    assert!(ids.len() as u64 >= summary.accepted);
    assert!(received.iter().all(|delivery| delivery.verified.is_ok()));
}
