//! Real time over loopback: a relay (the real one, in-process, on a real SQLite file)
//! receives signed Gestão Click webhooks; the core's poller pulls, checks each signature
//! again, applies the batch through the same mappers as the sync, and acknowledges.
//! Repeats are stored once, unknown types and signatures the desktop cannot verify are
//! quarantined and notified, and nothing is left waiting on the relay. Once the desktop
//! holds the rotated secret, "Reprocessar" pulls the unverifiable event again and applies
//! it; the unknown type stays in quarantine.

use crate::support;

use chrono::Utc;
use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::realtime::RelayClient;
use ponte_core::realtime::ReprocessReport;
use ponte_core::store::{NotificationLevel, RunOutcome, RunTrigger};
use ponte_webhooks::{AuthMode, Outgoing, sign};
use serde_json::{Value, json};
use sqlx::Row;
use std::time::{Duration, Instant};
use support::relay::{ConnectedRelay, connected_relay};
use support::{fast_settings, harness, small_unlimited};

/// Posts one webhook body to the relay, HMAC-signed with `secret`.
async fn post(http: &reqwest::Client, ingest_url: &str, secret: &str, body: &Value) -> u16 {
    let bytes = serde_json::to_vec(body).expect("json");
    let headers = sign(
        AuthMode::Hmac,
        secret,
        &Outgoing {
            id: body["event_id"].as_str().unwrap_or_default(),
            timestamp: Utc::now(),
            body: &bytes,
        },
    )
    .expect("signed");
    http.post(ingest_url)
        .headers(headers)
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .expect("relay answers")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn relay_events_are_applied_once_checked_end_to_end_and_acknowledged() {
    let h = harness(small_unlimited(3), fast_settings()).await;
    let first = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_eq!(first.wait().await.outcome, RunOutcome::Succeeded);
    let pool = h.core.store().pool().clone();

    let ConnectedRelay {
        relay,
        credentials: channel,
        channel: _,
        dir: _relay_dir,
    } = connected_relay(&h, AuthMode::Hmac).await;

    let centro: String = sqlx::query_scalar(
        "SELECT external_id FROM entity_links WHERE entity_type = 'centro_custo' ORDER BY external_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a mirrored centro de custo");
    let renamed = json!({
        "event_id": "evt-1", "event": "cost_center.updated", "resource": "centros_custos",
        "occurred_at": Utc::now().to_rfc3339(), "data": {"id": centro, "nome": "Marketing (renomeado)"}
    });
    let created = json!({
        "event_id": "evt-2", "event": "cost_center.created", "resource": "centros_custos",
        "occurred_at": Utc::now().to_rfc3339(), "data": {"id": "990001", "nome": "Eventos"}
    });
    let unknown = json!({"event_id": "evt-3", "event": "invoice.paid", "resource": "notas", "data": {"id": "1"}});
    let http = reqwest::Client::new();
    for body in [&renamed, &renamed, &created, &unknown] {
        assert_eq!(
            post(&http, &channel.ingest_url, &channel.secret, body).await,
            200
        );
    }
    // A secret the desktop does not hold yet: the relay accepts it, the desktop cannot
    // verify it, so it is quarantined rather than trusted.
    let rotated = relay
        .admin()
        .rotate_secret(&channel.channel_id, Duration::ZERO, &relay.base_url())
        .await
        .expect("rotated");
    let unverifiable = json!({
        "event_id": "evt-4", "event": "cost_center.updated", "resource": "centros_custos",
        "data": {"id": centro, "nome": "Injetado"}
    });
    assert_eq!(
        post(&http, &rotated.ingest_url, &rotated.secret, &unverifiable).await,
        200
    );

    let mut realtime = h.core.realtime().subscribe();
    assert_eq!(
        h.core
            .realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events")
            .fetch_one(&pool)
            .await
            .expect("count");
        if taken == 4 {
            break;
        }
        assert!(Instant::now() < deadline, "{taken} of 4 events applied");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let rows = sqlx::query("SELECT event_id, outcome, detail FROM inbox_events ORDER BY seq")
        .fetch_all(&pool)
        .await
        .expect("inbox");
    let outcomes: Vec<(String, String)> = rows
        .iter()
        .map(|row| (row.get("event_id"), row.get("outcome")))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("evt-1".to_string(), "updated".to_string()),
            ("evt-2".into(), "created".into()),
            ("evt-3".into(), "quarantined".into()),
            ("evt-4".into(), "quarantined".into()),
        ]
    );
    let reason: String = rows[3].get("detail");
    assert!(reason.contains("assinatura"), "{reason}");
    let nome: String = sqlx::query_scalar(
        "SELECT c.nome FROM centros_custos c JOIN entity_links l ON l.local_id = c.id
         WHERE l.entity_type = 'centro_custo' AND l.external_id = ?",
    )
    .bind(&centro)
    .fetch_one(&pool)
    .await
    .expect("centro");
    assert_eq!(
        nome, "Marketing (renomeado)",
        "the unverifiable rename was not applied"
    );
    let quarantined: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM quarantine WHERE source = 'relay'")
            .fetch_one(&pool)
            .await
            .expect("quarantine");
    assert_eq!(quarantined, 2);
    let warnings = h
        .core
        .store()
        .notifications(Some(NotificationLevel::Warning), 10)
        .await
        .expect("notifications");
    assert!(
        warnings.iter().any(|n| n.title.contains("quarentena")),
        "{warnings:?}"
    );
    assert!(realtime.try_recv().is_ok(), "the poller reported its batch");

    // The status page's numbers.
    let status = h
        .core
        .store()
        .realtime_status(h.integration.id)
        .await
        .expect("status");
    assert_eq!(
        (status.applied, status.stale, status.quarantined),
        (2, 0, 2)
    );
    assert_eq!(status.success_rate, Some(0.5));
    assert_eq!(status.events_by_type.iter().map(|(_, n)| n).sum::<u64>(), 4);
    assert!(
        status
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("assinatura"))
    );
    assert!(status.lag_p50_ms.is_some() && status.lag_p99_ms >= status.lag_p50_ms);
    assert_eq!(
        status.channel.as_ref().map(|c| c.channel.as_str()),
        Some(channel.channel_id.as_str())
    );

    // Acknowledged up to the last event: nothing waits on the relay any more.
    let last_seq: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM inbox_events")
        .fetch_one(&pool)
        .await
        .expect("last seq");
    let client = RelayClient::new(
        &relay.base_url(),
        &channel.channel_id,
        Secret::new(channel.pull_token.clone()),
    )
    .expect("client");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = client.pull(0, 10, Duration::ZERO).await.expect("pull");
        if page.backlog == 0 {
            assert_eq!(page.acked_seq, last_seq);
            break;
        }
        assert!(Instant::now() < deadline, "backlog left: {}", page.backlog);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The operator gives the desktop the rotated secret, beside the one older events were
    // signed with, and reprocesses the quarantine.
    h.core.sync().credentials().hold_relay_in_memory(
        &h.integration,
        RelaySecrets {
            pull_token: Secret::new(channel.pull_token.clone()),
            ingest_secrets: vec![
                Secret::new(channel.secret.clone()),
                Secret::new(rotated.secret.clone()),
            ],
        },
    );
    let report = h
        .core
        .realtime()
        .reprocess_quarantine(h.integration.id)
        .await
        .expect("reprocessed");
    assert_eq!(
        report,
        ReprocessReport {
            resolved: 1,
            still_quarantined: 1,
            unavailable: 0
        }
    );
    let nome: String = sqlx::query_scalar(
        "SELECT c.nome FROM centros_custos c JOIN entity_links l ON l.local_id = c.id
         WHERE l.entity_type = 'centro_custo' AND l.external_id = ?",
    )
    .bind(&centro)
    .fetch_one(&pool)
    .await
    .expect("centro");
    assert_eq!(
        nome, "Injetado",
        "verified with the rotated secret, then applied"
    );
    let status = h
        .core
        .store()
        .realtime_status(h.integration.id)
        .await
        .expect("status");
    assert_eq!((status.applied, status.quarantined), (3, 1));
    assert_eq!(status.quarantine.len(), 1);
    assert!(
        status.quarantine[0].reason.contains("desconhecido"),
        "{:?}",
        status.quarantine[0]
    );
    h.core.shutdown().await;
    relay.shutdown().await;
}
