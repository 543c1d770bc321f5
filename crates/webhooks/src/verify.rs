//! Verification: does a delivery carry a valid proof for one of a channel's secrets, in
//! the channel's mode? Every comparison of a secret or a MAC runs in constant time.
//!
//! The reference instant is a parameter: the relay passes its clock, the desktop passes
//! the relay's `received_at`, so a backlog drained hours later still verifies.

use crate::error::WebhookError;
use crate::headers;
use crate::mode::AuthMode;
use crate::secret::standard_key;
use crate::sign::{hmac_sha256, standard_signature};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use http::HeaderMap;
use sha2::{Digest, Sha256};
use std::fmt;
use subtle::{Choice, ConstantTimeEq};

/// Standard Webhooks' replay window: a timestamp further than this from the reference
/// instant, either way, is refused.
pub const TIMESTAMP_TOLERANCE_SECS: i64 = 300;

/// A delivery as it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub headers: &'a HeaderMap,
    /// The exact bytes received.
    pub body: &'a [u8],
    /// The token segment of a url-token ingest URL, when the URL had one.
    pub url_token: Option<&'a str>,
}

/// A channel's secret as a verifier holds it. HMAC and Standard Webhooks need the key
/// itself; Bearer and url-token only compare what the request carries, so the SHA-256 of
/// the secret is enough (what the relay keeps at rest).
#[derive(Clone, Copy)]
pub enum HeldSecret<'a> {
    Clear(&'a str),
    Sha256(&'a [u8; 32]),
}

/// Never prints the secret, so a stray `{:?}` cannot leak it into a log.
impl fmt::Debug for HeldSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeldSecret::Clear(_) => "HeldSecret::Clear(<redacted>)",
            HeldSecret::Sha256(_) => "HeldSecret::Sha256(<redacted>)",
        })
    }
}

/// Whether this is the held form of `secret` (a digest equals the secret it digests). For
/// tests and checks; not constant time.
impl PartialEq<&str> for HeldSecret<'_> {
    fn eq(&self, secret: &&str) -> bool {
        match self {
            HeldSecret::Clear(held) => held == secret,
            HeldSecret::Sha256(digest) => Sha256::digest(secret.as_bytes()).as_slice() == *digest,
        }
    }
}

/// Checks `delivery` against the channel's `secrets` (several during a rotation overlap:
/// any one of them is enough). `reference` is "now" for the timestamp window.
pub fn verify<S: AsRef<str>>(
    mode: AuthMode,
    secrets: &[S],
    delivery: &Delivery<'_>,
    reference: DateTime<Utc>,
) -> Result<(), WebhookError> {
    let held: Vec<HeldSecret<'_>> = secrets
        .iter()
        .map(|secret| HeldSecret::Clear(secret.as_ref()))
        .collect();
    verify_held(mode, &held, delivery, reference)
}

/// `verify` for secrets as the relay holds them: digests for Bearer and url-token, keys for
/// HMAC and Standard. A digest can never match in HMAC or Standard mode.
pub fn verify_held(
    mode: AuthMode,
    secrets: &[HeldSecret<'_>],
    delivery: &Delivery<'_>,
    reference: DateTime<Utc>,
) -> Result<(), WebhookError> {
    let keys: Vec<&str> = secrets
        .iter()
        .filter_map(|secret| match secret {
            HeldSecret::Clear(key) => Some(*key),
            HeldSecret::Sha256(_) => None,
        })
        .collect();
    let matched = match mode {
        AuthMode::Bearer => {
            let value = header(delivery.headers, headers::AUTHORIZATION)?;
            let presented = bearer_token(value).ok_or(WebhookError::Malformed {
                detail: "o cabeçalho Authorization não é \"Bearer <segredo>\"",
            })?;
            any_secret_equals(secrets, presented)
        }
        AuthMode::UrlToken => {
            let presented = delivery.url_token.ok_or(WebhookError::MissingUrlToken)?;
            any_secret_equals(secrets, presented)
        }
        AuthMode::Hmac => verify_hmac(&keys, delivery)?,
        AuthMode::Standard => verify_standard(&keys, delivery, reference)?,
    };
    if bool::from(matched) {
        Ok(())
    } else {
        Err(WebhookError::BadSignature)
    }
}

/// The token of an `Authorization: Bearer <token>` value, the scheme case-insensitive
/// (RFC 9110 §11.1). The relay reads its pull tokens with it too.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn header<'h>(map: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let value = map.get(name).ok_or(WebhookError::MissingHeader { name })?;
    value.to_str().map_err(|_| WebhookError::Malformed {
        detail: "um cabeçalho de autenticação tem caracteres que não são ASCII",
    })
}

/// Compares digests rather than the strings, so the time taken says nothing about the
/// secret's length either; a held digest is compared as it is.
fn any_secret_equals(secrets: &[HeldSecret<'_>], presented: &str) -> Choice {
    let presented = Sha256::digest(presented.as_bytes());
    secrets.iter().fold(Choice::from(0), |found, secret| {
        let held: [u8; 32] = match secret {
            HeldSecret::Clear(secret) => Sha256::digest(secret.as_bytes()).into(),
            HeldSecret::Sha256(digest) => **digest,
        };
        found | held.as_slice().ct_eq(presented.as_slice())
    })
}

fn verify_hmac<S: AsRef<str>>(
    secrets: &[S],
    delivery: &Delivery<'_>,
) -> Result<Choice, WebhookError> {
    let value = header(delivery.headers, headers::HMAC_SIGNATURE)?.trim();
    let digest = value.strip_prefix("sha256=").unwrap_or(value);
    let presented: [u8; 32] = hex::decode(digest)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(WebhookError::Malformed {
            detail: "X-Webhook-Signature não é um HMAC-SHA256 em hexadecimal",
        })?;
    Ok(secrets.iter().fold(Choice::from(0), |found, secret| {
        found
            | hmac_sha256(secret.as_ref().as_bytes(), &[delivery.body])
                .as_slice()
                .ct_eq(presented.as_slice())
    }))
}

fn verify_standard<S: AsRef<str>>(
    secrets: &[S],
    delivery: &Delivery<'_>,
    reference: DateTime<Utc>,
) -> Result<Choice, WebhookError> {
    let id = header(delivery.headers, headers::WEBHOOK_ID)?;
    let timestamp_text = header(delivery.headers, headers::WEBHOOK_TIMESTAMP)?;
    let signatures = header(delivery.headers, headers::WEBHOOK_SIGNATURE)?;
    let timestamp: i64 = timestamp_text
        .trim()
        .parse()
        .map_err(|_| WebhookError::Malformed {
            detail: "webhook-timestamp não é um número de segundos",
        })?;
    let reference = reference.timestamp();
    // abs_diff: a hostile timestamp near i64::MIN cannot overflow the subtraction.
    if timestamp.abs_diff(reference) > TIMESTAMP_TOLERANCE_SECS.unsigned_abs() {
        return Err(WebhookError::TimestampOutsideTolerance {
            timestamp,
            reference,
            tolerance_secs: TIMESTAMP_TOLERANCE_SECS,
        });
    }
    // `v1,<base64>` entries separated by spaces; other versions (v1a is the asymmetric
    // scheme) and undecodable entries are skipped, as the reference libraries do.
    let presented: Vec<Vec<u8>> = signatures
        .split_whitespace()
        .filter_map(|entry| entry.strip_prefix("v1,"))
        .filter_map(|encoded| STANDARD.decode(encoded).ok())
        .collect();
    if presented.is_empty() {
        return Err(WebhookError::Malformed {
            detail: "webhook-signature não tem nenhuma assinatura v1",
        });
    }
    let mut found = Choice::from(0);
    for secret in secrets {
        // A channel's own secret that is not valid base64 can match nothing.
        let Ok(key) = standard_key(secret.as_ref()) else {
            continue;
        };
        let expected = standard_signature(&key, id, timestamp, delivery.body);
        for signature in &presented {
            found |= expected.as_slice().ct_eq(signature.as_slice());
        }
    }
    Ok(found)
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
