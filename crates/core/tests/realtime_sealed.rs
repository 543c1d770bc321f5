//! Sealed events through the real relay (in-process, on its SQLite file) to the desktop's
//! poller: an envelope altered in the relay's database, or moved to another event's row,
//! and an event sealed to a key the desktop no longer has, all reach the desktop and are
//! quarantined with a pt-BR reason that says what happened and what brings the data back;
//! the intact event beside them is applied.

use crate::support;

use chrono::Utc;
use ponte_core::credentials::Secret;
use ponte_webhooks::seal::SealingKeyPair;
use ponte_webhooks::{AuthMode, Outgoing, sign};
use serde_json::{Value, json};
use sqlx::{Connection, Row, SqliteConnection};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::relay::{ConnectedRelay, connected_relay};
use support::{fast_settings, harness, small_unlimited};

/// Posts one HMAC-signed cost-center creation named `event_id`.
async fn post(http: &reqwest::Client, relay: &ConnectedRelay, event_id: &str, centro: &str) {
    let body = json!({
        "event_id": event_id, "event": "cost_center.created", "resource": "centros_custos",
        "occurred_at": Utc::now().to_rfc3339(), "data": {"id": centro, "nome": "Selado"}
    });
    let bytes = serde_json::to_vec(&body).expect("json");
    let headers = sign(
        AuthMode::Hmac,
        &relay.credentials.secret,
        &Outgoing {
            id: event_id,
            timestamp: Utc::now(),
            body: &bytes,
        },
    )
    .expect("signed");
    let status = http
        .post(&relay.credentials.ingest_url)
        .headers(headers)
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .expect("relay answers")
        .status();
    assert_eq!(status.as_u16(), 200, "{event_id}");
}

/// Waits (30 s at most, a guard against hanging) until the inbox holds `count` events;
/// answers each one's outcome and detail by event id.
async fn inbox(pool: &sqlx::SqlitePool, count: usize) -> BTreeMap<String, (String, String)> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let rows = sqlx::query("SELECT event_id, outcome, detail FROM inbox_events")
            .fetch_all(pool)
            .await
            .expect("inbox");
        if rows.len() >= count {
            return rows
                .iter()
                .map(|row| {
                    let detail: Option<String> = row.get("detail");
                    (
                        row.get("event_id"),
                        (row.get("outcome"), detail.unwrap_or_default()),
                    )
                })
                .collect();
        }
        assert!(
            Instant::now() < deadline,
            "{} of {count} events",
            rows.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn altered_moved_and_foreign_key_envelopes_are_quarantined_with_the_reason() {
    let h = harness(small_unlimited(11), fast_settings()).await;
    let pool = h.core.store().pool().clone();
    let relay = connected_relay(&h, AuthMode::Hmac).await;
    let http = reqwest::Client::new();
    for (event_id, centro) in [
        ("evt-ok", "880001"),
        ("evt-altered", "880002"),
        ("evt-a", "880003"),
        ("evt-b", "880004"),
    ] {
        post(&http, &relay, event_id, centro).await;
    }

    // Someone with write access to the relay's database flips a byte of one envelope and
    // swaps two others between their rows.
    let mut db = SqliteConnection::connect(&format!(
        "sqlite://{}",
        relay.dir.path().join("relay.db").display()
    ))
    .await
    .expect("relay database");
    let sealed: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT event_id, sealed FROM events ORDER BY seq")
            .fetch_all(&mut db)
            .await
            .expect("sealed rows");
    let envelope = |id: &str| sealed.iter().find(|(e, _)| e == id).expect(id).1.clone();
    let mut altered = envelope("evt-altered");
    let last = altered.len() - 1;
    altered[last] ^= 1;
    for (event_id, bytes) in [
        ("evt-altered", altered),
        ("evt-a", envelope("evt-b")),
        ("evt-b", envelope("evt-a")),
    ] {
        sqlx::query("UPDATE events SET sealed = ? WHERE event_id = ?")
            .bind(bytes)
            .bind(event_id)
            .execute(&mut db)
            .await
            .expect("tampered");
    }
    db.close().await.expect("closed");

    h.core
        .realtime()
        .spawn_relay_pollers()
        .await
        .expect("pollers");
    let taken = inbox(&pool, 4).await;
    assert_eq!(taken["evt-ok"].0, "created", "{taken:?}");
    for id in ["evt-altered", "evt-a", "evt-b"] {
        let (outcome, reason) = &taken[id];
        assert_eq!(outcome, "quarantined", "{id}");
        assert!(
            reason.contains("chegou selado e não pode ser aberto"),
            "{reason}"
        );
        assert!(reason.contains("alterado ou movido"), "{reason}");
        assert!(reason.contains("sincronização completa"), "{reason}");
    }

    // The desktop's key is replaced and the old secret dropped (a lost keyring, say),
    // while the channel still seals to the old key.
    let replacement = SealingKeyPair::generate();
    let id = replacement.id().to_string();
    let filed: Value = json!({
        "current": id,
        "secrets": { id.clone(): replacement.secret_base64() },
    });
    h.core
        .sync()
        .credentials()
        .save_sealing_keys(&Secret::new(filed.to_string()))
        .await
        .expect("keys replaced");
    // As the desktop starts again: the running poller still holds the keys it read.
    h.core
        .realtime()
        .restart_relay_pollers()
        .await
        .expect("pollers restarted");
    post(&http, &relay, "evt-lost-key", "880005").await;
    let taken = inbox(&pool, 5).await;
    let (outcome, reason) = &taken["evt-lost-key"];
    assert_eq!(outcome, "quarantined");
    assert!(reason.contains("selado para outra chave"), "{reason}");
    assert!(reason.contains("sincronização completa"), "{reason}");
    // Nothing the broken envelopes carried was applied.
    let applied: Vec<String> = sqlx::query_scalar(
        "SELECT external_id FROM entity_links WHERE entity_type = 'centro_custo'
         AND external_id LIKE '88000%' ORDER BY external_id",
    )
    .fetch_all(&pool)
    .await
    .expect("links");
    assert_eq!(applied, ["880001"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotated_key_is_registered_and_events_sealed_before_it_still_open() {
    let h = harness(small_unlimited(12), fast_settings()).await;
    let pool = h.core.store().pool().clone();
    let relay = connected_relay(&h, AuthMode::Hmac).await;
    let http = reqwest::Client::new();
    post(&http, &relay, "evt-before", "870001").await;
    let new_id = h
        .core
        .realtime()
        .rotate_sealing_key()
        .await
        .expect("rotated and registered");
    post(&http, &relay, "evt-after", "870002").await;

    let mut db = SqliteConnection::connect(&format!(
        "sqlite://{}",
        relay.dir.path().join("relay.db").display()
    ))
    .await
    .expect("relay database");
    let key_ids: Vec<String> = sqlx::query_scalar("SELECT key_ids FROM events ORDER BY seq")
        .fetch_all(&mut db)
        .await
        .expect("key ids");
    db.close().await.expect("closed");
    assert_ne!(key_ids[0], new_id, "sealed before the rotation");
    assert_eq!(key_ids[1], new_id, "sealed to the new key once registered");

    h.core
        .realtime()
        .spawn_relay_pollers()
        .await
        .expect("pollers");
    let taken = inbox(&pool, 2).await;
    assert_eq!(taken["evt-before"].0, "created", "{taken:?}");
    assert_eq!(taken["evt-after"].0, "created", "{taken:?}");
}
