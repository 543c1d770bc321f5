//! The provider event id of a delivery: what makes a retried webhook recognisable, so the
//! relay stores it once and the desktop's inbox applies it once.
//!
//! The rule, first match wins:
//! 1. the `webhook-id` header, whatever the provider and mode: Standard Webhooks always
//!    sends it, and any sender (the sandbox included) may add it in the other modes;
//! 2. **Gestão Click:** a top-level `"event_id"` in the JSON body, a string or an integer.
//!    The webhook payload schema is not documented
//!    (`docs/providers/gestaoclick.md#webhooks`), so this is Ponte's convention for
//!    senders. A top-level `"id"` is deliberately not used: in an
//!    unknown schema it may well be the record's own id, and deduplicating on it would
//!    drop every later update of that record;
//! 3. **Coinzz:** nothing. Its payloads carry no event id and no send time
//!    (`docs/providers/coinzz.md#event-ids-and-re-delivery`), and two deliveries with
//!    identical bodies can be two real transitions (A → B → A), so the relay keeps every
//!    delivery and the desktop's upsert by `order_number` makes repeats harmless.

use crate::error::WebhookError;
use crate::headers;
use crate::mode::Provider;
use http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;

/// Longer ids are refused: they are no one's real ids, and they would bloat the indexes.
pub const MAX_EVENT_ID_LEN: usize = 256;

#[derive(Deserialize)]
struct GestaoClickEnvelope {
    #[serde(default)]
    event_id: Option<Value>,
}

/// The event id of a delivery by the rule in the module doc; `None` when it has none.
/// A body that is not a JSON object has no body id (the relay refuses non-JSON bodies
/// before asking).
pub fn provider_event_id(
    provider: Provider,
    map: &HeaderMap,
    body: &[u8],
) -> Result<Option<String>, WebhookError> {
    if let Some(value) = map.get(headers::WEBHOOK_ID) {
        let id = value.to_str().map_err(|_| WebhookError::Malformed {
            detail: "webhook-id tem caracteres que não são ASCII",
        })?;
        return checked(id.trim().to_string()).map(Some);
    }
    match provider {
        Provider::GestaoClick => gestaoclick_body_id(body),
        Provider::Coinzz => Ok(None),
    }
}

fn gestaoclick_body_id(body: &[u8]) -> Result<Option<String>, WebhookError> {
    let Ok(envelope) = serde_json::from_slice::<GestaoClickEnvelope>(body) else {
        return Ok(None);
    };
    match envelope.event_id {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) => checked(id).map(Some),
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

    fn with_webhook_id(id: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(headers::WEBHOOK_ID, HeaderValue::from_static(id));
        map
    }

    #[test]
    fn the_webhook_id_header_wins_for_every_provider() {
        let body = br#"{"event_id":"from-body"}"#;
        for provider in Provider::ALL {
            assert_eq!(
                provider_event_id(provider, &with_webhook_id("msg_9"), body),
                Ok(Some("msg_9".to_string()))
            );
        }
    }

    #[test]
    fn gestaoclick_reads_event_id_from_the_body_as_text_or_integer() {
        let none = HeaderMap::new();
        let id = |body: &[u8]| provider_event_id(Provider::GestaoClick, &none, body);
        assert_eq!(
            id(br#"{"event_id":"e-1","id":"7"}"#),
            Ok(Some("e-1".into()))
        );
        assert_eq!(id(br#"{"event_id":42}"#), Ok(Some("42".into())));
        assert_eq!(id(br#"{"id":"7","event":"sale.updated"}"#), Ok(None));
        assert_eq!(id(br#"{"event_id":null}"#), Ok(None));
        assert_eq!(id(br#"[1,2]"#), Ok(None));
        assert_eq!(id(br#"{"event_id":1.5}"#).unwrap_err().code(), "malformed");
        assert_eq!(id(br#"{"event_id":""}"#).unwrap_err().code(), "malformed");
    }

    #[test]
    fn coinzz_bodies_have_no_event_id() {
        let body = br#"{"order":{"order_number":"ordqvtpk"},"event_id":"x"}"#;
        assert_eq!(
            provider_event_id(Provider::Coinzz, &HeaderMap::new(), body),
            Ok(None)
        );
    }

    #[test]
    fn an_oversized_id_is_refused() {
        let long = format!(r#"{{"event_id":"{}"}}"#, "x".repeat(MAX_EVENT_ID_LEN + 1));
        assert_eq!(
            provider_event_id(Provider::GestaoClick, &HeaderMap::new(), long.as_bytes())
                .unwrap_err()
                .code(),
            "malformed"
        );
    }
}
