//! Every change the emitter makes yields one webhook, in Ponte's envelope, whose `data` is
//! the exact record the API serves right after the change; deleted customers are gone from
//! the API; the same seed on the same dataset makes the same changes.

use super::webhook_receiver::{Envelope, Receiver, ReceiverOptions};
use super::{all_pages, config, get, id_of, start};
use chrono::DateTime;
use ponte_sandbox::EmitPlan;
use ponte_webhooks::{AuthMode, generate_secret};
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet, HashSet};

const EVENTS: [(&str, &[&str]); 9] = [
    ("sale.created", &["vendas"]),
    ("sale.updated", &["vendas"]),
    ("transaction.created", &["recebimentos", "pagamentos"]),
    ("transaction.updated", &["recebimentos", "pagamentos"]),
    ("cost_center.created", &["centros_custos"]),
    ("cost_center.updated", &["centros_custos"]),
    ("customer.created", &["clientes"]),
    ("customer.updated", &["clientes"]),
    ("customer.deleted", &["clientes"]),
];

/// Enough changes, with this seed, for every event type to occur.
const PLAN: EmitPlan = EmitPlan {
    count: 150,
    rate_per_sec: 10_000.0,
    seed: 5,
};

#[tokio::test]
async fn every_change_yields_one_webhook_carrying_the_record_the_api_then_serves() {
    let sandbox = start(config()).await;
    let secret = generate_secret(AuthMode::Hmac);
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::Hmac,
        secret: secret.clone(),
        sandbox_api: Some(sandbox.base_url()),
        answer_500_first: 0,
    })
    .await;

    let summary = sandbox
        .handle()
        .emit_webhooks(receiver.target(&secret), PLAN)
        .await
        .unwrap();
    assert_eq!(summary.sent, 150);
    assert_eq!(summary.accepted, 150, "{summary:?}");
    assert!(summary.failed.is_empty(), "{summary:?}");

    let received = receiver.take();
    assert_eq!(received.len(), 150);
    let mut event_ids = HashSet::new();
    let mut seen_events = BTreeSet::new();
    let mut deleted = Vec::new();
    for delivery in &received {
        assert_eq!(delivery.verified, Ok(()));
        assert!(delivery.body.starts_with(br#"{"event_id":""#));
        let envelope = delivery.envelope();
        assert!(
            event_ids.insert(envelope.event_id.clone()),
            "{}",
            envelope.event_id
        );
        let resources = EVENTS
            .iter()
            .find(|(event, _)| *event == envelope.event)
            .map(|(_, resources)| *resources)
            .unwrap_or_else(|| panic!("unknown event {}", envelope.event));
        assert!(
            resources.contains(&envelope.resource.as_str()),
            "{envelope:?}"
        );
        seen_events.insert(envelope.event.clone());
        let occurred_at = DateTime::parse_from_rfc3339(&envelope.occurred_at).unwrap();
        assert_eq!(occurred_at.offset().local_minus_utc(), 0);
        assert!(
            envelope.occurred_at.ends_with('Z'),
            "{}",
            envelope.occurred_at
        );

        let (status, served) = delivery.served.clone().unwrap();
        if envelope.event == "customer.deleted" {
            assert_eq!(
                envelope.data.get(),
                format!(r#"{{"id":"{}"}}"#, envelope.record_id())
            );
            assert_eq!(status, StatusCode::NOT_FOUND, "{envelope:?}");
            deleted.push(envelope.record_id());
        } else {
            assert_eq!(status, StatusCode::OK, "{envelope:?}");
            assert_eq!(
                served.as_deref(),
                Some(envelope.data.get()),
                "{}",
                envelope.event
            );
        }
    }
    let all_events: BTreeSet<String> = EVENTS.iter().map(|(e, _)| e.to_string()).collect();
    assert_eq!(seen_events, all_events);

    let listed: HashSet<String> = all_pages(&sandbox, "clientes", "ordenacao=id")
        .await
        .iter()
        .map(id_of)
        .collect();
    assert!(!deleted.is_empty());
    for id in &deleted {
        assert!(!listed.contains(id), "deleted cliente {id} still listed");
        assert_eq!(
            get(&sandbox, &format!("/clientes/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_latest_webhook_of_each_record_is_the_state_a_sync_reads() {
    let sandbox = start(config()).await;
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::Bearer,
        secret: "s".into(),
        sandbox_api: None,
        answer_500_first: 0,
    })
    .await;
    let plan = EmitPlan { count: 60, ..PLAN };
    let summary = sandbox
        .handle()
        .emit_webhooks(receiver.target("s"), plan)
        .await
        .unwrap();
    assert_eq!(summary.accepted, 60, "{summary:?}");

    let mut latest: BTreeMap<(String, String), Envelope> = BTreeMap::new();
    for delivery in receiver.take() {
        let envelope = delivery.envelope();
        latest.insert((envelope.resource.clone(), envelope.record_id()), envelope);
    }
    for ((resource, id), envelope) in latest {
        let answer = get(&sandbox, &format!("/{resource}/{id}")).await;
        if envelope.event == "customer.deleted" {
            assert_eq!(answer.status, StatusCode::NOT_FOUND);
        } else {
            let data: serde_json::Value = serde_json::from_str(envelope.data.get()).unwrap();
            assert_eq!(answer.json()["data"], data, "{resource} {id}");
        }
    }
}

#[tokio::test]
async fn the_same_seed_on_the_same_dataset_makes_the_same_changes() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sandbox = start(config()).await;
        let receiver = Receiver::start(ReceiverOptions {
            mode: AuthMode::Bearer,
            secret: "s".into(),
            sandbox_api: None,
            answer_500_first: 0,
        })
        .await;
        let plan = EmitPlan { count: 30, ..PLAN };
        sandbox
            .handle()
            .emit_webhooks(receiver.target("s"), plan)
            .await
            .unwrap();
        let changes: Vec<(String, String, String)> = receiver
            .take()
            .iter()
            .map(|delivery| {
                let envelope = delivery.envelope();
                (
                    envelope.event,
                    envelope.resource,
                    envelope.data.get().to_string(),
                )
            })
            .collect();
        runs.push(changes);
    }
    assert_eq!(runs[0].len(), 30);
    assert_eq!(runs[0], runs[1]);
}
