//! The headers an ingest keeps with the event: what the desktop needs to verify again
//! and to understand the body. `Authorization` is never kept: in bearer mode its value is
//! the channel's secret. Every `webhook-*` header is kept (Standard Webhooks may add
//! more), within caps: one delivery once kept 380 KB of them.

use crate::error::RelayError;
use crate::store::KeptHeaders;
use axum::http::{HeaderMap, HeaderName, header};

/// Kept headers per event. Standard Webhooks sends three; a sender may add a few.
pub(super) const MAX_KEPT: usize = 16;
/// Bytes of one kept value: a `webhook-signature` with several signatures fits easily.
pub(super) const MAX_VALUE_BYTES: usize = 2 * 1024;
/// Bytes of all kept names and values together.
pub(super) const MAX_TOTAL_BYTES: usize = 8 * 1024;

/// The kept headers, or 431 when they pass a cap.
pub(super) fn kept_headers(headers: &HeaderMap) -> Result<KeptHeaders, RelayError> {
    let mut kept = KeptHeaders::new();
    let mut total = 0;
    for name in headers.keys().filter(|name| is_kept(name)) {
        // A header repeated keeps its first value, as `verify` reads it.
        let Some(value) = headers.get(name) else {
            continue;
        };
        let too_large = |detail: String| RelayError::HeadersTooLarge { detail };
        if value.len() > MAX_VALUE_BYTES {
            return Err(too_large(format!(
                "{name} passa de {MAX_VALUE_BYTES} bytes"
            )));
        }
        total += name.as_str().len() + value.len();
        if total > MAX_TOTAL_BYTES {
            return Err(too_large(format!(
                "juntos passam de {MAX_TOTAL_BYTES} bytes"
            )));
        }
        if kept.len() == MAX_KEPT {
            return Err(too_large(format!("mais de {MAX_KEPT}")));
        }
        // A value that is not text is not kept: the desktop could not read it either.
        if let Ok(value) = value.to_str() {
            kept.insert(name.as_str().to_string(), value.to_string());
        }
    }
    Ok(kept)
}

fn is_kept(name: &HeaderName) -> bool {
    *name == header::CONTENT_TYPE
        || *name == header::USER_AGENT
        || *name == ponte_webhooks::headers::HMAC_SIGNATURE
        || name.as_str().starts_with("webhook-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn map(pairs: &[(&str, String)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    #[test]
    fn only_the_relevant_headers_are_kept_and_never_authorization() {
        let headers = map(&[
            ("authorization", "Bearer s3cret".into()),
            ("content-type", "application/json".into()),
            ("user-agent", "Coinzz".into()),
            ("webhook-id", "msg_1".into()),
            ("webhook-signature", "v1,abc".into()),
            ("x-webhook-signature", "sha256=00".into()),
            ("cookie", "session=1".into()),
            ("x-forwarded-for", "10.0.0.1".into()),
        ]);
        let kept = kept_headers(&headers).unwrap();
        assert_eq!(
            kept.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "content-type",
                "user-agent",
                "webhook-id",
                "webhook-signature",
                "x-webhook-signature"
            ]
        );
        assert!(!kept.values().any(|value| value.contains("s3cret")));
    }

    #[test]
    fn the_caps_are_enforced() {
        let code = |headers: &HeaderMap| kept_headers(headers).unwrap_err().code();
        let many: Vec<(String, String)> = (0..=MAX_KEPT)
            .map(|i| (format!("webhook-x{i}"), "v".to_string()))
            .collect();
        let many: Vec<(&str, String)> = many.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        assert_eq!(code(&map(&many)), "headers_too_large");
        let one_big = map(&[("webhook-x", "v".repeat(MAX_VALUE_BYTES + 1))]);
        assert_eq!(code(&one_big), "headers_too_large");
        let five_large: Vec<(String, String)> = (0..5)
            .map(|i| (format!("webhook-x{i}"), "v".repeat(MAX_VALUE_BYTES)))
            .collect();
        let five_large: Vec<(&str, String)> = five_large
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect();
        assert_eq!(code(&map(&five_large)), "headers_too_large");
        let fits = map(&[("webhook-x", "v".repeat(MAX_VALUE_BYTES))]);
        assert_eq!(kept_headers(&fits).unwrap().len(), 1);
    }
}
