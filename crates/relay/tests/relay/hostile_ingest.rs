//! Hostile deliveries: an unsigned `webhook-id` naming events, floods with wrong secrets,
//! lax JSON, oversized kept headers, and requests axum itself refuses. Each answer is
//! JSON `{code, message}`; `/healthz` and `/metrics` say which relay answered.

use super::*;
use ponte_relay::RateLimit;
use ponte_webhooks::relay_api::{IngestReply, IngestStatus};
use reqwest::header::HeaderValue;
use std::num::NonZeroU32;

fn with_webhook_id(mut headers: HeaderMap, id: &str) -> HeaderMap {
    headers.insert("webhook-id", HeaderValue::from_str(id).unwrap());
    headers
}

fn reply(answer: &Answer) -> IngestReply {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).unwrap()
}

#[tokio::test]
async fn a_captured_hmac_delivery_replayed_with_new_webhook_ids_is_stored_once() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let captured = body("e-1");
    let headers = signed(
        AuthMode::Hmac,
        &channel.secret,
        "e-1",
        h.clock.now(),
        &captured,
    );
    let first = reply(
        &h.post(&channel.ingest_url, headers.clone(), captured.clone())
            .await,
    );
    assert_eq!(first.status, IngestStatus::Stored);
    for replay in ["r-1", "r-2", "r-3"] {
        let again = reply(
            &h.post(
                &channel.ingest_url,
                with_webhook_id(headers.clone(), replay),
                captured.clone(),
            )
            .await,
        );
        assert_eq!(again.status, IngestStatus::Duplicate, "{replay}");
        assert_eq!(again.event_id.as_deref(), Some("e-1"));
    }
    assert_eq!(h.all_events(&channel).await.len(), 1);
}

#[tokio::test]
async fn a_forged_webhook_id_cannot_make_a_future_event_a_duplicate() {
    let h = start().await;
    for mode in [AuthMode::Hmac, AuthMode::Bearer, AuthMode::UrlToken] {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let decoy = body("decoy");
        let headers = signed(mode, &channel.secret, "decoy", h.clock.now(), &decoy);
        let url = ponte_webhooks::ingest_url(
            &h.relay.base_url(),
            &channel.channel_id,
            mode,
            &channel.secret,
        );
        let forged = reply(
            &h.post(&url, with_webhook_id(headers, "future"), decoy)
                .await,
        );
        assert_eq!(forged.event_id.as_deref(), Some("decoy"), "{mode}");
        let real = reply(&h.deliver(&channel, "future").await);
        assert_eq!(real.status, IngestStatus::Stored, "{mode}");
        assert_eq!(h.all_events(&channel).await.len(), 2, "{mode}");
    }
}

#[tokio::test]
async fn in_standard_mode_the_signed_webhook_id_stays_the_id() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Standard).await;
    let sent = body("in-body");
    let stored = reply(
        &h.deliver_with(&channel, &channel.secret, "msg_1", sent.clone())
            .await,
    );
    assert_eq!(stored.event_id.as_deref(), Some("msg_1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_with_wrong_secrets_gets_429_and_spends_nothing_of_the_channel() {
    let mut config = config();
    config.rate_limit = RateLimit {
        per_second: NonZeroU32::new(1).unwrap(),
        burst: NonZeroU32::new(3).unwrap(),
    };
    config.failed_auth_limit = RateLimit {
        per_second: NonZeroU32::new(1).unwrap(),
        burst: NonZeroU32::new(5).unwrap(),
    };
    let h = start_with(config).await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let wrong = ponte_webhooks::generate_secret(AuthMode::Hmac);
    let mut refused = 0;
    let mut limited = 0;
    for i in 0..30 {
        let answer = h
            .deliver_with(&channel, &wrong, &format!("bad-{i}"), body("bad"))
            .await;
        match answer.status {
            StatusCode::UNAUTHORIZED => refused += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                limited += 1;
                assert_eq!(answer.code(), "rate_limited");
                assert!(answer.headers.contains_key("retry-after"));
            }
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    assert!(refused <= 6, "{refused} failures answered 401");
    assert!(limited >= 24, "only {limited} failures answered 429");
    // The channel's burst of 3 is untouched by the flood.
    for i in 0..3 {
        let good = h.deliver(&channel, &format!("good-{i}")).await;
        assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    }
    assert!(h.all_events(&channel).await.len() == 3);
}

fn nested(depth: usize) -> Vec<u8> {
    format!(
        r#"{{"event_id":"deep","a":{}1{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    )
    .into_bytes()
}

#[tokio::test]
async fn lax_json_is_refused_with_400_in_portuguese_and_nothing_is_stored() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let cases: [(&str, Vec<u8>); 6] = [
        (
            "invalid UTF-8",
            b"{\"event_id\":\"a\",\"x\":\"\xc3\x28\"}".to_vec(),
        ),
        (
            "lone surrogate",
            br#"{"event_id":"b","x":"\ud800"}"#.to_vec(),
        ),
        (
            "overflowing number",
            br#"{"event_id":"c","x":1e999999}"#.to_vec(),
        ),
        ("100,000-deep nesting", nested(100_000)),
        ("one-element array", br#"["d"]"#.to_vec()),
        (
            "two event_id keys",
            br#"{"event_id":"e","event_id":"f"}"#.to_vec(),
        ),
    ];
    for (case, bad) in cases {
        let answer = h.deliver_with(&channel, &channel.secret, "x", bad).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{case}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "not_json", "{case}");
        let message = answer.json()["message"].as_str().unwrap().to_string();
        assert!(
            message.starts_with("O corpo não é JSON"),
            "{case}: {message}"
        );
        assert!(
            !message.contains("expected"),
            "{case}: English leaked: {message}"
        );
    }
    assert!(h.all_events(&channel).await.is_empty());
}

#[tokio::test]
async fn too_many_or_too_large_webhook_headers_get_431_json() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Standard).await;
    let post_with = |extra: Vec<(String, String)>| {
        let sent = body("h-1");
        let mut headers = signed(
            AuthMode::Standard,
            &channel.secret,
            "h-1",
            h.clock.now(),
            &sent,
        );
        for (name, value) in extra {
            headers.insert(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(&value).unwrap(),
            );
        }
        h.post(&channel.ingest_url, headers, sent)
    };
    let many = (0..20)
        .map(|i| (format!("webhook-extra-{i}"), "x".to_string()))
        .collect();
    let one_large = vec![("webhook-extra".to_string(), "x".repeat(3000))];
    for (case, extra) in [("many", many), ("one large", one_large)] {
        let answer = post_with(extra).await;
        assert_eq!(
            answer.status,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "{case}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "headers_too_large", "{case}");
    }
    assert!(h.all_events(&channel).await.is_empty());
    assert_eq!(post_with(Vec::new()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn refusals_outside_the_handlers_are_json_too() {
    let h = start().await;
    let base = h.relay.base_url();
    let get = h
        .http
        .get(format!("{base}/hooks/ch_x"))
        .send()
        .await
        .unwrap();
    let get = answer(get).await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.code(), "method_not_allowed");
    let bad_escape = h
        .post(&format!("{base}/hooks/%FF%FE"), HeaderMap::new(), body("e"))
        .await;
    assert_eq!(
        bad_escape.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_escape.body
    );
    assert_eq!(bad_escape.code(), "invalid_request");
    let ack = h
        .http
        .post(format!("{base}/v1/channels/ch_x/ack"))
        .body("not json")
        .send()
        .await
        .unwrap();
    let ack = answer(ack).await;
    assert!(ack.status.is_client_error());
    assert!(!ack.code().is_empty(), "{}", ack.body);
}

#[tokio::test]
async fn an_unknown_channel_id_is_echoed_cut_short() {
    let h = start().await;
    let long_id = "z".repeat(10_000);
    let answer = h
        .post(
            &format!("{}/hooks/{long_id}", h.relay.base_url()),
            HeaderMap::new(),
            body("e"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let message = answer.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.contains(&format!("{}…", "z".repeat(64))),
        "{message}"
    );
    assert!(!message.contains(&"z".repeat(65)));
}

#[tokio::test]
async fn healthz_reports_the_database_and_metrics_label_the_relay() {
    let mut config = config();
    config.relay_id = "relay-a".to_string();
    let h = start_with(config).await;
    let health = h
        .http
        .get(format!("{}/healthz", h.relay.base_url()))
        .send()
        .await
        .unwrap();
    let health = answer(health).await;
    assert_eq!(health.status, StatusCode::OK);
    let json = health.json();
    assert_eq!(json["relay"], "relay-a");
    assert_eq!(json["database"]["status"], "ok");
    assert!(json["database"]["latency_ms"].as_f64().unwrap() >= 0.0);
    let metrics = h.metrics().await;
    assert!(
        metrics.contains(r#"ponte_relay_pulls_waiting{relay="relay-a"} 0"#),
        "{metrics}"
    );
}
