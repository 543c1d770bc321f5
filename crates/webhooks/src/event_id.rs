//! The provider event id of a delivery: what makes a retried webhook recognisable, so the
//! relay stores it once and the desktop's inbox applies it once.
//!
//! Only signed data may name an event. An id from an unsigned header would let anyone
//! who captured one delivery replay it under new ids (stored again each time), or claim a
//! future event's id so that the real event is dropped as a duplicate. The rule, by the
//! channel's auth mode and provider:
//! 1. **Standard Webhooks:** the `webhook-id` header. The signature covers it, and the
//!    mode requires it;
//! 2. **HMAC, bearer and url-token, Gestão Click:** a top-level `"event_id"` in the JSON
//!    body, a string or an integer; the `webhook-id` header is ignored (HMAC signs only
//!    the body, and bearer and url-token sign nothing). The webhook payload schema is not
//!    documented (`docs/providers/gestaoclick.md#webhooks`), so this is Ponte's
//!    convention for senders. A top-level `"id"` is deliberately not used: in an unknown
//!    schema it may well be the record's own id, and deduplicating on it would drop every
//!    later update of that record;
//! 3. **Coinzz, outside Standard Webhooks:** nothing. Its payloads carry no event id and
//!    no send time (`docs/providers/coinzz.md#event-ids-and-re-delivery`), and two
//!    deliveries with identical bodies can be two real transitions (A → B → A), so the
//!    relay keeps every delivery and the desktop's upsert by `order_number` makes
//!    repeats harmless.
//!
//! The body is parsed once, by the caller (the relay's strict parse), which hands over
//! the top-level `event_id` it found.

use crate::error::WebhookError;
use crate::headers;
use crate::mode::{AuthMode, Provider};
use http::HeaderMap;
use serde_json::Value;

/// Longer ids are refused: they are no one's real ids, and they would bloat the indexes.
pub const MAX_EVENT_ID_LEN: usize = 256;

/// The event id of a verified delivery by the rule in the module doc; `None` when it has
/// none. `body_event_id` is the body's top-level `event_id` (`None` when absent).
pub fn provider_event_id(
    provider: Provider,
    mode: AuthMode,
    map: &HeaderMap,
    body_event_id: Option<&Value>,
) -> Result<Option<String>, WebhookError> {
    if mode == AuthMode::Standard
        && let Some(value) = map.get(headers::WEBHOOK_ID)
    {
        let id = value.to_str().map_err(|_| WebhookError::Malformed {
            detail: "webhook-id tem caracteres que não são ASCII",
        })?;
        return checked(id.trim().to_string()).map(Some);
    }
    match provider {
        Provider::GestaoClick => gestaoclick_body_id(body_event_id),
        Provider::Coinzz => Ok(None),
    }
}

fn gestaoclick_body_id(event_id: Option<&Value>) -> Result<Option<String>, WebhookError> {
    match event_id {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) => checked(id.clone()).map(Some),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(_) => Err(WebhookError::Malformed {
            detail: "event_id não é um texto nem um número inteiro",
        }),
    }
}

fn checked(id: String) -> Result<String, WebhookError> {
    if id.is_empty() {
        return Err(WebhookError::Malformed {
            detail: "o id do evento está vazio",
        });
    }
    if id.len() > MAX_EVENT_ID_LEN {
        return Err(WebhookError::Malformed {
            detail: "o id do evento passa de 256 bytes",
        });
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use serde_json::json;

    fn with_webhook_id(id: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(headers::WEBHOOK_ID, HeaderValue::from_static(id));
        map
    }

    #[test]
    fn in_standard_mode_the_signed_webhook_id_header_is_the_id() {
        let body_id = json!("from-body");
        for provider in Provider::ALL {
            assert_eq!(
                provider_event_id(
                    provider,
                    AuthMode::Standard,
                    &with_webhook_id("msg_9"),
                    Some(&body_id)
                ),
                Ok(Some("msg_9".to_string()))
            );
        }
    }

    #[test]
    fn in_the_other_modes_the_unsigned_header_is_ignored() {
        let body_id = json!("from-body");
        for mode in [AuthMode::Hmac, AuthMode::Bearer, AuthMode::UrlToken] {
            let id = |provider| {
                provider_event_id(provider, mode, &with_webhook_id("forged"), Some(&body_id))
            };
            assert_eq!(
                id(Provider::GestaoClick),
                Ok(Some("from-body".into())),
                "{mode}"
            );
            assert_eq!(id(Provider::Coinzz), Ok(None), "{mode}");
        }
    }

    #[test]
    fn gestaoclick_reads_event_id_from_the_body_as_text_or_integer() {
        let none = HeaderMap::new();
        let id = |value: Option<Value>| {
            provider_event_id(Provider::GestaoClick, AuthMode::Hmac, &none, value.as_ref())
        };
        assert_eq!(id(Some(json!("e-1"))), Ok(Some("e-1".into())));
        assert_eq!(id(Some(json!(42))), Ok(Some("42".into())));
        assert_eq!(id(None), Ok(None));
        assert_eq!(id(Some(Value::Null)), Ok(None));
        for bad in [json!(1.5), json!(""), json!([1]), json!({"a": 1})] {
            assert_eq!(id(Some(bad)).unwrap_err().code(), "malformed");
        }
    }

    #[test]
    fn coinzz_bodies_have_no_event_id() {
        assert_eq!(
            provider_event_id(
                Provider::Coinzz,
                AuthMode::Hmac,
                &HeaderMap::new(),
                Some(&json!("x"))
            ),
            Ok(None)
        );
    }

    #[test]
    fn an_oversized_id_is_refused() {
        let long = json!("x".repeat(MAX_EVENT_ID_LEN + 1));
        assert_eq!(
            provider_event_id(
                Provider::GestaoClick,
                AuthMode::Bearer,
                &HeaderMap::new(),
                Some(&long)
            )
            .unwrap_err()
            .code(),
            "malformed"
        );
    }
}
