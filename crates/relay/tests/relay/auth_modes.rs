//! Every auth mode accepts a correctly authenticated delivery and refuses the rest: a
//! wrong secret, an altered body, a stale timestamp, missing credentials. A replayed
//! event id is answered 200 and stored once.

use super::*;
use ponte_webhooks::relay_api::{IngestReply, IngestStatus};

#[tokio::test]
async fn every_mode_accepts_a_good_delivery_and_keeps_its_exact_bytes() {
    let h = start().await;
    for mode in AuthMode::ALL {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        // Odd spacing and key order: the relay must not re-encode the body.
        let sent = b"{ \"event_id\" : \"e-1\",\n  \"z\": 1, \"a\": [ ] }".to_vec();
        let answer = h
            .deliver_with(&channel, &channel.secret, "e-1", sent.clone())
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{mode}: {}", answer.body);
        let reply: IngestReply = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(reply.status, IngestStatus::Stored);
        assert_eq!(reply.event_id.as_deref(), Some("e-1"));

        let events = h.all_events(&channel).await;
        assert_eq!(events.len(), 1, "{mode}");
        assert_eq!(events[0].seq, reply.seq);
        // Sealed: nothing in the clear on the wire either.
        assert!(events[0].headers.is_empty() && events[0].body_base64.is_empty());
        let opened = sealing::open(&channel.channel_id, &events[0]);
        assert_eq!(opened.body, sent, "{mode}: bytes changed");
        assert_eq!(opened.headers["content-type"], "application/json");
        assert!(
            !opened.headers.contains_key("authorization"),
            "{mode}: the bearer secret was stored"
        );
    }
}

#[tokio::test]
async fn a_standard_delivery_verifies_again_from_what_the_relay_kept() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Standard).await;
    assert_eq!(h.deliver(&channel, "msg_1").await.status, StatusCode::OK);
    let event = h.all_events(&channel).await.remove(0);
    let opened = sealing::open(&channel.channel_id, &event);
    let headers = opened.header_map().unwrap();
    let body = opened.body;
    let delivery = ponte_webhooks::Delivery {
        headers: &headers,
        body: &body,
        url_token: None,
    };
    assert_eq!(
        ponte_webhooks::verify(
            AuthMode::Standard,
            &[&channel.secret],
            &delivery,
            event.received_at
        ),
        Ok(())
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_in_every_mode_and_nothing_is_stored() {
    let h = start().await;
    for mode in AuthMode::ALL {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let wrong = ponte_webhooks::generate_secret(mode);
        let answer = h.deliver_with(&channel, &wrong, "e-1", body("e-1")).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{mode}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "bad_signature", "{mode}");
        assert!(h.all_events(&channel).await.is_empty(), "{mode}");
    }
}

#[tokio::test]
async fn an_altered_body_is_refused_in_the_signing_modes() {
    let h = start().await;
    for mode in [AuthMode::Hmac, AuthMode::Standard] {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let headers = signed(mode, &channel.secret, "e-1", h.clock.now(), &body("e-1"));
        let mut altered = body("e-1");
        altered.extend_from_slice(b" ");
        let answer = h.post(&channel.ingest_url, headers, altered).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{mode}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "bad_signature", "{mode}");
        assert!(h.all_events(&channel).await.is_empty(), "{mode}");
    }
}

#[tokio::test]
async fn a_standard_timestamp_more_than_five_minutes_off_is_refused() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Standard).await;
    // 302, not 301: the header carries whole seconds, so a skew signed late in one second
    // and checked early in the next one shrinks by up to a second on the way.
    for skew in [TimeDelta::seconds(-302), TimeDelta::seconds(302)] {
        let at = h.clock.now() + skew;
        let headers = signed(AuthMode::Standard, &channel.secret, "e-1", at, &body("e-1"));
        let answer = h.post(&channel.ingest_url, headers, body("e-1")).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{skew}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "timestamp_outside_tolerance");
    }
    assert!(h.all_events(&channel).await.is_empty());
}

#[tokio::test]
async fn a_delivery_without_credentials_is_refused_in_every_mode() {
    let h = start().await;
    for (mode, code) in [
        (AuthMode::Bearer, "missing_header"),
        (AuthMode::Hmac, "missing_header"),
        (AuthMode::Standard, "missing_header"),
        (AuthMode::UrlToken, "missing_url_token"),
    ] {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let url = format!("{}/hooks/{}", h.relay.base_url(), channel.channel_id);
        let answer = h.post(&url, HeaderMap::new(), body("e-1")).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{mode}: {}",
            answer.body
        );
        assert_eq!(answer.code(), code, "{mode}");
    }
}

#[tokio::test]
async fn a_replayed_event_id_is_answered_200_and_stored_once_in_every_mode() {
    let h = start().await;
    for mode in AuthMode::ALL {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let first = h.deliver(&channel, "evt-42").await;
        // A provider's retry: same id, signed again (Standard with a fresh timestamp).
        h.clock.advance(TimeDelta::seconds(30));
        let again = h.deliver(&channel, "evt-42").await;
        assert_eq!(again.status, StatusCode::OK, "{mode}: {}", again.body);
        assert_eq!(again.json()["status"], "duplicate", "{mode}");
        assert_eq!(again.seq(), first.seq(), "{mode}");
        assert_eq!(h.all_events(&channel).await.len(), 1, "{mode}");
    }
}

#[tokio::test]
async fn the_same_event_id_on_two_channels_is_two_events() {
    let h = start().await;
    let a = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let b = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    assert_eq!(h.deliver(&a, "evt-1").await.json()["status"], "stored");
    assert_eq!(h.deliver(&b, "evt-1").await.json()["status"], "stored");
}

#[tokio::test]
async fn coinzz_deliveries_carry_no_id_so_each_one_is_kept() {
    let h = start().await;
    let channel = h.channel(Provider::Coinzz, AuthMode::UrlToken).await;
    let order = br#"{"order":{"order_number":"ordqvtpk","order_status":"Aguardando envio"}}"#;
    for _ in 0..2 {
        let answer = h
            .post(&channel.ingest_url, HeaderMap::new(), order.to_vec())
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.json()["event_id"], Value::Null);
    }
    assert_eq!(h.all_events(&channel).await.len(), 2);
}

#[tokio::test]
async fn a_token_url_on_a_channel_of_another_mode_does_not_exist() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let url = format!("{}/{}", channel.ingest_url, channel.secret);
    let headers = signed(AuthMode::Bearer, &channel.secret, "e", h.clock.now(), b"{}");
    let answer = h.post(&url, headers, b"{}".to_vec()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    assert_eq!(answer.code(), "unknown_channel");
}
