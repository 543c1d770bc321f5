//! The emitter signs for every auth mode of the relay, so `ponte_webhooks::verify` accepts
//! each delivery; a receiver holding another secret refuses them all, and the summary says
//! so with the status, without retrying.

use super::webhook_receiver::{Receiver, ReceiverOptions};
use super::{config, start};
use ponte_sandbox::EmitPlan;
use ponte_webhooks::{AuthMode, generate_secret, headers};
use reqwest::StatusCode;

const PLAN: EmitPlan = EmitPlan {
    count: 4,
    rate_per_sec: 10_000.0,
    seed: 1,
};

#[tokio::test]
async fn every_auth_mode_delivers_webhooks_the_receiver_verifies() {
    let sandbox = start(config()).await;
    for mode in AuthMode::ALL {
        let secret = generate_secret(mode);
        let receiver = Receiver::start(ReceiverOptions {
            mode,
            secret: secret.clone(),
            sandbox_api: None,
            answer_500_first: 0,
        })
        .await;
        let target = receiver.target(&secret);
        assert_eq!(
            target.ingest_url.contains(&secret),
            mode == AuthMode::UrlToken
        );

        let summary = sandbox.handle().emit_webhooks(target, PLAN).await.unwrap();
        assert_eq!(
            (summary.sent, summary.accepted),
            (4, 4),
            "{mode}: {summary:?}"
        );
        let received = receiver.take();
        assert_eq!(received.len(), 4, "{mode}");
        for delivery in received {
            assert_eq!(delivery.verified, Ok(()), "{mode}");
            assert_eq!(delivery.status, StatusCode::OK, "{mode}");
            assert_eq!(delivery.headers["content-type"], "application/json");
            if mode == AuthMode::Standard {
                let envelope = delivery.envelope();
                assert_eq!(
                    delivery.headers[headers::WEBHOOK_ID],
                    envelope.event_id.as_str()
                );
            }
        }
    }
}

#[tokio::test]
async fn a_wrong_secret_fails_every_delivery_with_its_status_and_no_retry() {
    let sandbox = start(config()).await;
    for mode in AuthMode::ALL {
        let receiver = Receiver::start(ReceiverOptions {
            mode,
            secret: generate_secret(mode),
            sandbox_api: None,
            answer_500_first: 0,
        })
        .await;
        let summary = sandbox
            .handle()
            .emit_webhooks(receiver.target(&generate_secret(mode)), PLAN)
            .await
            .unwrap();
        assert_eq!(
            (summary.sent, summary.accepted, summary.retries),
            (4, 0, 0),
            "{mode}"
        );
        assert_eq!(summary.failed.len(), 4, "{mode}");
        assert!(
            summary.failed.iter().all(|f| f.status == Some(401)),
            "{summary:?}"
        );
        assert!(
            receiver.take().iter().all(|d| d.verified.is_err()),
            "{mode}"
        );
    }
}
