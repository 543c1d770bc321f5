//! What an ingest refuses before storing: bodies over 1 MiB (413), bodies that are not
//! JSON (400), unknown channels (404), floods (429 with Retry-After). Each answer is a
//! small JSON body.

use super::*;
use ponte_relay::{MAX_BODY_BYTES, RateLimit};
use std::num::NonZeroU32;

/// A JSON body of exactly `len` bytes.
fn json_of_len(len: usize) -> Vec<u8> {
    let frame = r#"{"event_id":"big","pad":""}"#;
    let pad = "a".repeat(len - frame.len());
    format!(r#"{{"event_id":"big","pad":"{pad}"}}"#).into_bytes()
}

#[tokio::test]
async fn a_body_of_exactly_one_mebibyte_is_stored() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let body = json_of_len(MAX_BODY_BYTES);
    let answer = h
        .deliver_with(&channel, &channel.secret, "big", body.clone())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(h.opened(&channel).await[0].body, body);
}

#[tokio::test]
async fn a_body_over_one_mebibyte_gets_413_and_is_not_stored() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let answer = h
        .deliver_with(
            &channel,
            &channel.secret,
            "big",
            json_of_len(MAX_BODY_BYTES + 1),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.body
    );
    assert_eq!(answer.code(), "body_too_large");
    assert!(h.all_events(&channel).await.is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_400_and_is_not_stored() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    for bad in [&b"event_id=1"[..], b"", b"{\"a\":1} trailing", b"\xff\xfe"] {
        let answer = h
            .deliver_with(&channel, &channel.secret, "x", bad.to_vec())
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{bad:?}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "not_json");
    }
    assert!(h.all_events(&channel).await.is_empty());
}

#[tokio::test]
async fn an_unauthenticated_body_is_refused_before_its_content_is_judged() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let answer = h
        .post(&channel.ingest_url, HeaderMap::new(), b"not json".to_vec())
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
}

#[tokio::test]
async fn an_unknown_channel_gets_404() {
    let h = start().await;
    let url = format!("{}/hooks/ch_000000000000000000000000", h.relay.base_url());
    let answer = h.post(&url, HeaderMap::new(), body("e")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    assert_eq!(answer.code(), "unknown_channel");
    let elsewhere = h
        .post(
            &format!("{}/nowhere", h.relay.base_url()),
            HeaderMap::new(),
            vec![],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(elsewhere.code(), "not_found");
}

#[tokio::test]
async fn a_flood_on_one_channel_gets_429_with_retry_after_and_spares_the_others() {
    let mut config = config();
    config.rate_limit = RateLimit {
        per_second: NonZeroU32::new(1).unwrap(),
        burst: NonZeroU32::new(3).unwrap(),
    };
    let h = Arc::new(start_with(config).await);
    let flooded = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let calm = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;

    let sends = (0..20).map(|i| {
        let (h, channel) = (h.clone(), flooded.clone());
        tokio::spawn(async move { h.deliver(&channel, &format!("flood-{i}")).await })
    });
    let mut stored = 0;
    let mut limited = 0;
    for send in sends {
        let answer = send.await.unwrap();
        match answer.status {
            StatusCode::OK => stored += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                limited += 1;
                assert_eq!(answer.code(), "rate_limited");
                let retry_after: u64 = answer.headers["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(retry_after >= 1);
            }
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    assert!(
        limited > 0,
        "20 requests against a burst of 3 were all admitted"
    );
    assert_eq!(h.all_events(&flooded).await.len(), stored);
    assert_eq!(h.deliver(&calm, "calm-1").await.status, StatusCode::OK);
    assert_eq!(
        h.metric(r#"ponte_relay_ingests_total{outcome="rate_limited"}"#)
            .await,
        Some(f64::from(limited))
    );
}
