//! Unit tests of `verify`, one group per mode: a good delivery passes; a wrong secret, an
//! altered body, a stale timestamp or a missing header does not.

use super::*;
use crate::secret::generate_secret;
use crate::sign::{Outgoing, sign};
use http::HeaderValue;

const BODY: &[u8] = br#"{"event":"sale.created","event_id":"evt-1","data":{"id":"7"}}"#;
const ALTERED: &[u8] = br#"{"event":"sale.created","event_id":"evt-1","data":{"id":"8"}}"#;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

const NOW: i64 = 1_750_000_000;

fn signed(mode: AuthMode, secret: &str, sent_at: i64) -> HeaderMap {
    sign(
        mode,
        secret,
        &Outgoing {
            id: "msg_1",
            timestamp: at(sent_at),
            body: BODY,
        },
    )
    .unwrap()
}

fn check(
    mode: AuthMode,
    secrets: &[&str],
    headers: &HeaderMap,
    body: &[u8],
    url_token: Option<&str>,
) -> Result<(), WebhookError> {
    let delivery = Delivery {
        headers,
        body,
        url_token,
    };
    verify(mode, secrets, &delivery, at(NOW))
}

#[test]
fn bearer_accepts_its_secret_and_refuses_another() {
    let secret = generate_secret(AuthMode::Bearer);
    let headers = signed(AuthMode::Bearer, &secret, NOW);
    assert_eq!(
        check(AuthMode::Bearer, &[&secret], &headers, BODY, None),
        Ok(())
    );
    assert_eq!(
        check(AuthMode::Bearer, &["other"], &headers, BODY, None),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn bearer_scheme_is_case_insensitive_and_required() {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_static("bearer tok"));
    assert_eq!(
        check(AuthMode::Bearer, &["tok"], &headers, BODY, None),
        Ok(())
    );
    headers.insert("authorization", HeaderValue::from_static("Basic tok"));
    assert_eq!(
        check(AuthMode::Bearer, &["tok"], &headers, BODY, None)
            .unwrap_err()
            .code(),
        "malformed"
    );
    assert_eq!(
        check(AuthMode::Bearer, &["tok"], &HeaderMap::new(), BODY, None),
        Err(WebhookError::MissingHeader {
            name: headers::AUTHORIZATION
        })
    );
}

#[test]
fn url_token_accepts_its_secret_only() {
    let none = HeaderMap::new();
    assert_eq!(
        check(AuthMode::UrlToken, &["t0k"], &none, BODY, Some("t0k")),
        Ok(())
    );
    assert_eq!(
        check(AuthMode::UrlToken, &["t0k"], &none, BODY, Some("t0K")),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        check(AuthMode::UrlToken, &["t0k"], &none, BODY, None),
        Err(WebhookError::MissingUrlToken)
    );
}

#[test]
fn hmac_accepts_with_or_without_the_sha256_prefix() {
    let headers = signed(AuthMode::Hmac, "k", NOW);
    assert_eq!(check(AuthMode::Hmac, &["k"], &headers, BODY, None), Ok(()));
    let prefixed = headers[headers::HMAC_SIGNATURE].to_str().unwrap();
    let mut bare = HeaderMap::new();
    let upper = prefixed.trim_start_matches("sha256=").to_ascii_uppercase();
    bare.insert(headers::HMAC_SIGNATURE, upper.parse().unwrap());
    assert_eq!(check(AuthMode::Hmac, &["k"], &bare, BODY, None), Ok(()));
}

#[test]
fn hmac_refuses_a_wrong_secret_an_altered_body_and_a_missing_header() {
    let headers = signed(AuthMode::Hmac, "k", NOW);
    assert_eq!(
        check(AuthMode::Hmac, &["other"], &headers, BODY, None),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        check(AuthMode::Hmac, &["k"], &headers, ALTERED, None),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        check(AuthMode::Hmac, &["k"], &HeaderMap::new(), BODY, None),
        Err(WebhookError::MissingHeader {
            name: headers::HMAC_SIGNATURE
        })
    );
    let mut garbage = HeaderMap::new();
    garbage.insert(
        headers::HMAC_SIGNATURE,
        HeaderValue::from_static("sha256=zz"),
    );
    assert_eq!(
        check(AuthMode::Hmac, &["k"], &garbage, BODY, None)
            .unwrap_err()
            .code(),
        "malformed"
    );
}

#[test]
fn standard_accepts_a_fresh_signature() {
    let secret = generate_secret(AuthMode::Standard);
    let headers = signed(AuthMode::Standard, &secret, NOW - 299);
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, BODY, None),
        Ok(())
    );
}

#[test]
fn standard_refuses_a_wrong_secret_and_an_altered_body() {
    let secret = generate_secret(AuthMode::Standard);
    let other = generate_secret(AuthMode::Standard);
    let headers = signed(AuthMode::Standard, &secret, NOW);
    assert_eq!(
        check(AuthMode::Standard, &[&other], &headers, BODY, None),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, ALTERED, None),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn standard_refuses_timestamps_outside_five_minutes_either_way() {
    let secret = generate_secret(AuthMode::Standard);
    for sent_at in [NOW - 301, NOW + 301] {
        let headers = signed(AuthMode::Standard, &secret, sent_at);
        assert_eq!(
            check(AuthMode::Standard, &[&secret], &headers, BODY, None),
            Err(WebhookError::TimestampOutsideTolerance {
                timestamp: sent_at,
                reference: NOW,
                tolerance_secs: 300
            })
        );
    }
}

#[test]
fn standard_refuses_extreme_timestamps_without_overflowing() {
    let secret = generate_secret(AuthMode::Standard);
    for extreme in [i64::MIN, i64::MAX] {
        let mut headers = signed(AuthMode::Standard, &secret, NOW);
        headers.insert(
            headers::WEBHOOK_TIMESTAMP,
            extreme.to_string().parse().unwrap(),
        );
        assert_eq!(
            check(AuthMode::Standard, &[&secret], &headers, BODY, None)
                .unwrap_err()
                .code(),
            "timestamp_outside_tolerance"
        );
    }
    let mut headers = signed(AuthMode::Standard, &secret, NOW);
    headers.insert(headers::WEBHOOK_TIMESTAMP, HeaderValue::from_static("soon"));
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, BODY, None)
            .unwrap_err()
            .code(),
        "malformed"
    );
}

#[test]
fn standard_refuses_a_delivery_missing_any_of_its_three_headers() {
    let secret = generate_secret(AuthMode::Standard);
    for name in [
        headers::WEBHOOK_ID,
        headers::WEBHOOK_TIMESTAMP,
        headers::WEBHOOK_SIGNATURE,
    ] {
        let mut headers = signed(AuthMode::Standard, &secret, NOW);
        headers.remove(name);
        assert_eq!(
            check(AuthMode::Standard, &[&secret], &headers, BODY, None),
            Err(WebhookError::MissingHeader { name })
        );
    }
}

#[test]
fn standard_accepts_when_any_of_several_signatures_matches() {
    let secret = generate_secret(AuthMode::Standard);
    let mut headers = signed(AuthMode::Standard, &secret, NOW);
    let good = headers[headers::WEBHOOK_SIGNATURE]
        .to_str()
        .unwrap()
        .to_string();
    let several = format!("v1,bm9wZQ== v1a,AAAA {good} v1,!!notbase64");
    headers.insert(headers::WEBHOOK_SIGNATURE, several.parse().unwrap());
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, BODY, None),
        Ok(())
    );

    headers.insert(
        headers::WEBHOOK_SIGNATURE,
        HeaderValue::from_static("v1,bm9wZQ== v2,AAAA"),
    );
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, BODY, None),
        Err(WebhookError::BadSignature)
    );
    headers.insert(
        headers::WEBHOOK_SIGNATURE,
        HeaderValue::from_static("v2,AAAA"),
    );
    assert_eq!(
        check(AuthMode::Standard, &[&secret], &headers, BODY, None)
            .unwrap_err()
            .code(),
        "malformed"
    );
}

#[test]
fn during_a_rotation_either_secret_is_accepted() {
    let old = generate_secret(AuthMode::Standard);
    let new = generate_secret(AuthMode::Standard);
    for secret in [&old, &new] {
        let headers = signed(AuthMode::Standard, secret, NOW);
        assert_eq!(
            check(AuthMode::Standard, &[&old, &new], &headers, BODY, None),
            Ok(())
        );
    }
    let bearer = signed(AuthMode::Bearer, "old", NOW);
    assert_eq!(
        check(AuthMode::Bearer, &["new", "old"], &bearer, BODY, None),
        Ok(())
    );
}

#[test]
fn a_channel_without_valid_secrets_accepts_nothing() {
    let headers = signed(AuthMode::Bearer, "tok", NOW);
    assert_eq!(
        check(AuthMode::Bearer, &[], &headers, BODY, None),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn the_spec_test_vector_verifies_at_its_own_time() {
    let mut headers = HeaderMap::new();
    headers.insert(
        headers::WEBHOOK_ID,
        HeaderValue::from_static("msg_p5jXN8AQM9LWM0D4loKWxJek"),
    );
    headers.insert(
        headers::WEBHOOK_TIMESTAMP,
        HeaderValue::from_static("1614265330"),
    );
    headers.insert(
        headers::WEBHOOK_SIGNATURE,
        HeaderValue::from_static("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
    );
    let delivery = Delivery {
        headers: &headers,
        body: br#"{"test": 2432232314}"#,
        url_token: None,
    };
    let secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"];
    assert_eq!(
        verify(AuthMode::Standard, &secrets, &delivery, at(1614265330)),
        Ok(())
    );
    assert_eq!(
        verify(AuthMode::Standard, &secrets, &delivery, at(NOW))
            .unwrap_err()
            .code(),
        "timestamp_outside_tolerance"
    );
}

#[test]
fn a_held_digest_verifies_bearer_and_url_token_but_never_a_signature() {
    let secret = generate_secret(AuthMode::Bearer);
    let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
    let held = [HeldSecret::Sha256(&digest)];
    let check_held = |mode, headers: &HeaderMap, url_token| {
        let delivery = Delivery {
            headers,
            body: BODY,
            url_token,
        };
        verify_held(mode, &held, &delivery, at(NOW))
    };
    let bearer = signed(AuthMode::Bearer, &secret, NOW);
    assert_eq!(check_held(AuthMode::Bearer, &bearer, None), Ok(()));
    let other = signed(AuthMode::Bearer, "other", NOW);
    assert_eq!(
        check_held(AuthMode::Bearer, &other, None),
        Err(WebhookError::BadSignature)
    );
    let empty = HeaderMap::new();
    assert_eq!(
        check_held(AuthMode::UrlToken, &empty, Some(&secret)),
        Ok(())
    );
    assert_eq!(
        check_held(AuthMode::UrlToken, &empty, Some("other")),
        Err(WebhookError::BadSignature)
    );
    // Signed with the digest's own secret, an HMAC still fails: the key is not held.
    let hmac = signed(AuthMode::Hmac, &secret, NOW);
    assert_eq!(
        check_held(AuthMode::Hmac, &hmac, None),
        Err(WebhookError::BadSignature)
    );
    assert!(held[0] == secret.as_str());
    assert!(held[0] != "other");
}
