//! Secrets: generating them, and the key bytes each mode signs with.

use crate::error::WebhookError;
use crate::mode::AuthMode;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngCore;

/// Standard Webhooks secrets are `whsec_` + base64 of the key bytes.
pub(crate) const STANDARD_SECRET_PREFIX: &str = "whsec_";

/// 256 bits: as strong as the HMAC-SHA256 key it becomes.
const SECRET_BYTES: usize = 32;

/// A fresh ingest secret for `mode`: `whsec_<base64>` for Standard Webhooks, otherwise a
/// URL-safe token that also fits in a header and in a URL path.
pub fn generate_secret(mode: AuthMode) -> String {
    let bytes = random_bytes();
    match mode {
        AuthMode::Standard => format!("{STANDARD_SECRET_PREFIX}{}", STANDARD.encode(bytes)),
        AuthMode::Bearer | AuthMode::Hmac | AuthMode::UrlToken => URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// A random URL-safe token of 256 bits (43 characters), e.g. a relay pull token.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes())
}

fn random_bytes() -> [u8; SECRET_BYTES] {
    let mut bytes = [0u8; SECRET_BYTES];
    // ThreadRng is a CSPRNG seeded from the OS.
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The HMAC key of a Standard Webhooks secret: the base64 after `whsec_`. A bare base64
/// secret is accepted too, as the spec's reference libraries do.
pub(crate) fn standard_key(secret: &str) -> Result<Vec<u8>, WebhookError> {
    let encoded = secret
        .strip_prefix(STANDARD_SECRET_PREFIX)
        .unwrap_or(secret);
    match STANDARD.decode(encoded) {
        Ok(key) if !key.is_empty() => Ok(key),
        _ => Err(WebhookError::InvalidSecret {
            detail: "um segredo Standard Webhooks é whsec_ seguido de base64",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_secrets_are_whsec_base64_of_32_bytes() {
        let secret = generate_secret(AuthMode::Standard);
        assert!(secret.starts_with("whsec_"), "{secret}");
        assert_eq!(standard_key(&secret).unwrap().len(), 32);
    }

    #[test]
    fn other_secrets_are_url_safe_and_distinct() {
        for mode in [AuthMode::Bearer, AuthMode::Hmac, AuthMode::UrlToken] {
            let (a, b) = (generate_secret(mode), generate_secret(mode));
            assert_ne!(a, b);
            assert_eq!(a.len(), 43);
            assert!(
                a.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
                "{a}"
            );
        }
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn a_standard_key_that_is_not_base64_is_refused() {
        assert!(standard_key("whsec_not base64!").is_err());
        assert!(standard_key("whsec_").is_err());
    }
}
