//! A poller that died after committing a batch and before acknowledging it: after the
//! restart the batch is not applied again (the cursor is past it) and the relay is
//! acknowledged all the same, so nothing stays in its backlog forever.

use crate::support;

use ponte_core::credentials::Secret;
use ponte_core::domain::EntityKind;
use ponte_core::providers::gestaoclick;
use ponte_core::realtime::RelayClient;
use ponte_core::store::{EventEffect, RelayEvent};
use ponte_sandbox::{EmitPlan, WebhookTarget};
use ponte_webhooks::AuthMode;
use std::time::{Duration, Instant};
use support::relay::{ConnectedRelay, connected_relay};
use support::{fast_settings, harness, small_unlimited};

#[tokio::test(flavor = "multi_thread")]
async fn events_committed_but_not_acked_before_a_crash_are_acked_after_the_restart() {
    let h = harness(small_unlimited(3), fast_settings()).await;
    let ConnectedRelay {
        relay,
        credentials: channel,
        channel: relay_channel,
        dir: _relay_dir,
    } = connected_relay(&h, AuthMode::Hmac).await;
    let summary = h
        .sandbox
        .handle()
        .emit_webhooks(
            WebhookTarget::relay(
                &relay.base_url(),
                &channel.channel_id,
                AuthMode::Hmac,
                &channel.secret,
            ),
            EmitPlan {
                count: 3,
                rate_per_sec: 1000.0,
                seed: 1,
            },
        )
        .await
        .expect("emit");
    assert_eq!(summary.accepted, 3);
    let client = RelayClient::new(
        &relay.base_url(),
        &channel.channel_id,
        Secret::new(channel.pull_token.clone()),
    )
    .expect("client");
    let page = client.pull(0, 10, Duration::ZERO).await.expect("pull");
    assert_eq!(page.events.len(), 3);
    // What the poller commits before its ack; the process then dies before acking.
    let batch: Vec<_> = page
        .events
        .iter()
        .map(|e| {
            (
                RelayEvent {
                    seq: e.seq,
                    event_id: e.event_id.clone().expect("emitted events carry an id"),
                    event_type: None,
                    received_at: e.received_at.to_rfc3339(),
                },
                EventEffect::Deactivate {
                    entity: EntityKind::Cliente,
                    external_id: "nope".into(),
                },
            )
        })
        .collect();
    h.core
        .store()
        .apply_relay_events(&relay_channel, &gestaoclick::KIND, &batch)
        .await
        .expect("committed");

    // The restart.
    assert_eq!(
        h.core
            .realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = client.pull(0, 10, Duration::ZERO).await.expect("pull");
        if page.backlog == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "backlog stuck at {} (acked_seq {})",
            page.backlog,
            page.acked_seq
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.core.shutdown().await;
    relay.shutdown().await;
}
