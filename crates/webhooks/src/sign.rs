//! Signing: the headers a sender attaches to a body in each mode, for the sandbox and for
//! tests. The MACs here are the ones `verify` recomputes.

use crate::error::WebhookError;
use crate::headers;
use crate::mode::AuthMode;
use crate::secret::standard_key;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A webhook about to be sent.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The message id. Standard Webhooks signs it and sends it as `webhook-id`; the other
    /// modes carry no id of their own (a sender puts one in the body or adds `webhook-id`).
    pub id: &'a str,
    /// When the message is sent. Standard Webhooks signs it; the other modes ignore it.
    pub timestamp: DateTime<Utc>,
    /// The exact bytes that go on the wire.
    pub body: &'a [u8],
}

/// The headers that authenticate `message` with `secret` in `mode`. A url-token delivery
/// needs none: its secret is in the URL.
pub fn sign(
    mode: AuthMode,
    secret: &str,
    message: &Outgoing<'_>,
) -> Result<HeaderMap, WebhookError> {
    let mut map = HeaderMap::new();
    match mode {
        AuthMode::Bearer => insert(&mut map, headers::AUTHORIZATION, format!("Bearer {secret}"))?,
        AuthMode::Hmac => insert(
            &mut map,
            headers::HMAC_SIGNATURE,
            format!(
                "sha256={}",
                hex::encode(hmac_sha256(secret.as_bytes(), &[message.body]))
            ),
        )?,
        AuthMode::Standard => {
            let key = standard_key(secret)?;
            let timestamp = message.timestamp.timestamp();
            let signature = standard_signature(&key, message.id, timestamp, message.body);
            insert(&mut map, headers::WEBHOOK_ID, message.id.to_string())?;
            insert(&mut map, headers::WEBHOOK_TIMESTAMP, timestamp.to_string())?;
            insert(
                &mut map,
                headers::WEBHOOK_SIGNATURE,
                format!("v1,{}", STANDARD.encode(signature)),
            )?;
        }
        AuthMode::UrlToken => {}
    }
    Ok(map)
}

fn insert(map: &mut HeaderMap, name: &'static str, value: String) -> Result<(), WebhookError> {
    let value = HeaderValue::try_from(value).map_err(|_| WebhookError::InvalidSecret {
        detail: "o segredo ou o id têm caracteres que não cabem num cabeçalho HTTP",
    })?;
    map.insert(HeaderName::from_static(name), value);
    Ok(())
}

/// HMAC-SHA256 of the concatenation of `parts`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Standard Webhooks signs `{id}.{timestamp}.{body}`.
pub(crate) fn standard_signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> [u8; 32] {
    let prefix = format!("{id}.{timestamp}.");
    hmac_sha256(key, &[prefix.as_bytes(), body])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_signature_matches_the_spec_example() {
        // The example of the Standard Webhooks spec (spec/standard-webhooks.md).
        let key = standard_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let signature = standard_signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(
            STANDARD.encode(signature),
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn hmac_mode_sends_a_prefixed_hex_digest() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let map = sign(
            AuthMode::Hmac,
            "s3cret",
            &Outgoing {
                id: "1",
                timestamp: at,
                body: b"{}",
            },
        )
        .unwrap();
        let value = map[headers::HMAC_SIGNATURE].to_str().unwrap();
        let digest = value.strip_prefix("sha256=").unwrap();
        assert_eq!(digest.len(), 64);
        assert!(digest.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn a_secret_with_a_newline_cannot_sign_a_header() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let message = Outgoing {
            id: "1",
            timestamp: at,
            body: b"{}",
        };
        assert_eq!(
            sign(AuthMode::Bearer, "a\nb", &message).unwrap_err().code(),
            "invalid_secret"
        );
        assert!(sign(AuthMode::UrlToken, "x", &message).unwrap().is_empty());
    }
}
