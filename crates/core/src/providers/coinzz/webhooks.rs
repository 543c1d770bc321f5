//! Coinzz webhooks → effects on the mirror. Coinzz sends no event type, no event id and
//! no timestamp, so the kind is read from the shape (`docs/providers/coinzz.md#payload-kinds`):
//! a `subscription` object → a subscription; `client` + `order` → an order; a flat
//! `affiliate_request` → an affiliation request, which is not financial and is only
//! recorded. Ponte's own test event (`{"event_id", "event": "ponte.verify"}`) is
//! recorded too.
//!
//! The event id is derived from the state the event carries, as the reference suggests:
//! `order_number|order_status|shipping_status|deleted_at`, or for a subscription
//! `subscription_hash|status|next_charge_date`, followed by `#` and a digest of the mapped
//! content. A redelivery of the same body is then a duplicate in the inbox, whatever its
//! key order; a new state is a new event, ordered by the lifecycle rank; and a re-send of
//! the same state that carries more (a tracking code added) is a new event too, instead of
//! being dropped as a duplicate of the first.

use super::mapper::map_webhook;
use super::payload::Webhook;
use crate::domain::EntityKind;
use crate::providers::DecodedWebhook;
use crate::store::{EventEffect, RecordFailure};
use serde_json::Value;

/// The event as read from its body; never fails (see `Provider::decode_webhook`).
pub fn decode(body: &[u8]) -> DecodedWebhook {
    let payload = String::from_utf8_lossy(body).into_owned();
    let quarantine =
        |event_type: Option<&str>, reason: String, external_id: Option<String>| DecodedWebhook {
            event_type: event_type.map(str::to_string),
            event_id: None,
            effect: EventEffect::Quarantine {
                entity: event_type.map(|_| EntityKind::Venda),
                failure: RecordFailure {
                    external_id,
                    reason,
                    payload: payload.clone(),
                },
            },
        };
    let root: Value = match serde_json::from_slice(body) {
        Ok(Value::Object(root)) => Value::Object(root),
        Ok(_) => return quarantine(None, "corpo não é um objeto JSON".into(), None),
        Err(error) => return quarantine(None, format!("corpo não é JSON: {error}"), None),
    };
    if root.get("event").and_then(Value::as_str) == Some(ponte_webhooks::VERIFY_EVENT) {
        return DecodedWebhook {
            event_type: Some(ponte_webhooks::VERIFY_EVENT.into()),
            event_id: root
                .get("event_id")
                .and_then(Value::as_str)
                .map(str::to_string),
            effect: EventEffect::Acknowledge,
        };
    }
    let event_type = if root.get("subscription").is_some() {
        "subscription"
    } else if root.get("order").is_some() {
        "order"
    } else if root.get("affiliate_request").is_some() {
        return DecodedWebhook {
            event_type: Some("affiliate_request".into()),
            event_id: None,
            effect: EventEffect::Acknowledge,
        };
    } else {
        let reason = "formato de webhook da Coinzz desconhecido (sem order, subscription ou \
                      affiliate_request)"
            .to_string();
        return quarantine(None, reason, None);
    };
    let webhook: Webhook = match serde_json::from_value(root) {
        Ok(webhook) => webhook,
        Err(error) => {
            let reason = format!("webhook da Coinzz com formato inesperado: {error}");
            return quarantine(Some(event_type), reason, None);
        }
    };
    match map_webhook(&webhook) {
        Ok(change) => DecodedWebhook {
            event_type: Some(event_type.into()),
            event_id: Some(event_id(&change)),
            effect: EventEffect::Coinzz(Box::new(change)),
        },
        Err(refusal) => quarantine(Some(event_type), refusal.reason, refusal.order_number),
    }
}

/// The id of the state and content an event carries (see the module doc).
fn event_id(change: &crate::domain::coinzz::CoinzzChange) -> String {
    let detalhe = &change.detalhe;
    // 64 bits of the content's SHA-256: ample to tell one order's re-sends apart.
    let digest = hex::encode(change.payload_hash.get(..8).unwrap_or_default());
    let state = match &change.assinatura {
        Some(assinatura) => format!(
            "coinzz:subscription:{}|{}|{}",
            assinatura.subscription_hash,
            assinatura.status_raw,
            assinatura.next_charge_date.as_deref().unwrap_or_default()
        ),
        None => format!(
            "coinzz:order:{}|{}|{}|{}",
            change.order_number,
            detalhe.order_status_raw,
            detalhe.shipping_status_raw.as_deref().unwrap_or_default(),
            detalhe.deleted_at.as_deref().unwrap_or_default()
        ),
    };
    format!("{state}#{digest}")
}

/// Ponte's test event for a Coinzz channel, as "Verificar" sends it through the relay.
pub fn verify_event(event_id: &str) -> Vec<u8> {
    serde_json::json!({"event_id": event_id, "event": ponte_webhooks::VERIFY_EVENT})
        .to_string()
        .into_bytes()
}
