//! Payloads sealed at rest, on SQLite: the file, its WAL and the relay's log hold no
//! payload in any form; a channel without a key takes nothing; keys are registered with
//! the pull token; a ciphertext moved to another row no longer opens.

use super::*;
use ponte_webhooks::relay_api::{KeyRole, RecipientKey, RegisterKeysReply};
use ponte_webhooks::seal::SealingKeyPair;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_file_its_wal_and_the_log_hold_no_payload() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let relay =
        canary::Serve::start(&db.display().to_string(), &dir.path().join("relay.log")).await;
    let canaries = relay.ingest_canaries().await;
    // While the relay runs (recent commits still in the WAL), and after it stopped.
    let files = |stage: &str| {
        for file in ["relay.db", "relay.db-wal"] {
            if let Ok(bytes) = std::fs::read(dir.path().join(file)) {
                canary::assert_absent(&format!("{file} ({stage})"), &bytes, &canaries);
            }
        }
    };
    files("running");
    canary::assert_absent("the relay's log", &relay.log(), &canaries);
    drop(relay);
    files("stopped");
}

#[tokio::test]
async fn a_channel_without_a_key_refuses_webhooks_until_one_is_registered() {
    let h = start().await;
    let channel = h
        .keyless_channel(Provider::GestaoClick, AuthMode::Hmac)
        .await;
    let refused = h.deliver(&channel, "e1").await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.body
    );
    assert_eq!(refused.code(), "channel_not_sealed");
    assert!(h.all_events(&channel).await.is_empty());
    assert_eq!(h.pull(&channel, "").await.backlog, 0);

    let url = format!(
        "{}/v1/channels/{}/keys",
        h.relay.base_url(),
        channel.channel_id
    );
    let keys = serde_json::json!({ "keys": sealing::recipients() });
    // The pull token, and nothing else, registers keys.
    let wrong = h
        .http
        .put(&url)
        .bearer_auth("not-the-token")
        .json(&keys)
        .send()
        .await
        .unwrap();
    assert_eq!(answer(wrong).await.code(), "invalid_pull_token");
    let registered = answer(
        h.http
            .put(&url)
            .bearer_auth(&channel.pull_token)
            .json(&keys)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    let reply: RegisterKeysReply = serde_json::from_str(&registered.body).unwrap();
    assert_eq!(reply.key_ids, [sealing::desktop_key().id().to_string()]);

    // The provider's retry now goes in, sealed to the key.
    assert_eq!(h.deliver(&channel, "e1").await.status, StatusCode::OK);
    let events = h.all_events(&channel).await;
    let sealed = events[0].sealed.as_ref().unwrap();
    assert_eq!(sealed.key_ids, reply.key_ids);
    assert_eq!(
        sealing::open(&channel.channel_id, &events[0]).body,
        body("e1")
    );
}

#[tokio::test]
async fn bad_key_sets_are_refused_with_the_reason() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let url = format!(
        "{}/v1/channels/{}/keys",
        h.relay.base_url(),
        channel.channel_id
    );
    let recovery = RecipientKey::new(SealingKeyPair::generate().public(), KeyRole::Recovery);
    let mut wrong_id = sealing::recipients().remove(0);
    wrong_id.key_id = recovery.key_id.clone();
    for keys in [Vec::new(), vec![recovery], vec![wrong_id]] {
        let refused = answer(
            h.http
                .put(&url)
                .bearer_auth(&channel.pull_token)
                .json(&serde_json::json!({ "keys": keys }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.code(), "invalid_sealing_keys");
    }
    // The channel keeps sealing to the key it had.
    assert_eq!(h.deliver(&channel, "e1").await.status, StatusCode::OK);
    assert_eq!(h.opened(&channel).await.len(), 1);
}

#[tokio::test]
async fn a_delivery_without_an_id_is_sealed_to_a_drawn_one_and_never_deduped() {
    let h = start().await;
    let channel = h.channel(Provider::Coinzz, AuthMode::UrlToken).await;
    let body = br#"{"pedido":"1","status":"pago"}"#.to_vec();
    for _ in 0..2 {
        let answer = h
            .deliver_with(&channel, &channel.secret, "x", body.clone())
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.json()["status"], "stored");
        assert_eq!(answer.json()["event_id"], Value::Null);
    }
    let events = h.all_events(&channel).await;
    assert_eq!(
        events.len(),
        2,
        "a repeat without an id is stored again, as before"
    );
    for event in &events {
        let id = event.event_id.as_deref().unwrap();
        assert!(ponte_webhooks::seal::is_unnamed_event_id(id), "{id}");
        assert_eq!(sealing::open(&channel.channel_id, event).body, body);
    }
    assert_ne!(events[0].event_id, events[1].event_id);
}

#[tokio::test]
async fn a_ciphertext_moved_to_another_row_no_longer_opens() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    for id in ["e1", "e2"] {
        assert_eq!(h.deliver(&channel, id).await.status, StatusCode::OK);
    }
    // Someone with write access to the database swaps the two envelopes.
    let mut conn = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        h.dir.path().join("relay.db").display()
    ))
    .await
    .unwrap();
    let sealed: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT sealed FROM events WHERE channel_id = ? ORDER BY seq")
            .bind(&channel.channel_id)
            .fetch_all(&mut conn)
            .await
            .unwrap();
    for (seq, envelope) in [(1, &sealed[1]), (2, &sealed[0])] {
        sqlx::query("UPDATE events SET sealed = ? WHERE channel_id = ? AND seq = ?")
            .bind(envelope)
            .bind(&channel.channel_id)
            .bind(seq)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
    for event in h.all_events(&channel).await {
        let error = event
            .content(
                &channel.channel_id,
                std::slice::from_ref(sealing::desktop_key()),
            )
            .unwrap_err();
        assert_eq!(error.code(), "seal_broken", "event {}", event.seq);
    }
}
