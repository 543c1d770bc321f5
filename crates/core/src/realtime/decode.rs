//! One pulled event → what the store should do with it: the provider's signature checked
//! again (hmac and standard modes sign the body; bearer and url-token secrets never leave
//! the relay, so there the relay's own check stands), then the provider's decoder.

use crate::providers::Provider;
use crate::store::{EventEffect, RecordFailure, RelayEvent};
use ponte_webhooks::relay_api::PulledEvent;
use ponte_webhooks::{AuthMode, Delivery, verify};

/// The event as the store records it, and its effect. Never fails: what cannot be read
/// or verified is quarantined with its reason.
pub fn decode(
    channel: &str,
    provider: &dyn Provider,
    mode: AuthMode,
    ingest_secrets: &[&str],
    pulled: &PulledEvent,
) -> (RelayEvent, EventEffect) {
    let mut event = RelayEvent {
        seq: pulled.seq,
        // A delivery without a provider id is still unique by its place in the channel.
        event_id: pulled
            .event_id
            .clone()
            .unwrap_or_else(|| format!("relay:{channel}:{}", pulled.seq)),
        event_type: None,
        received_at: pulled.received_at.to_rfc3339(),
    };
    let quarantine = |reason: String, payload: String| EventEffect::Quarantine {
        entity: None,
        failure: RecordFailure {
            external_id: None,
            reason,
            payload,
        },
    };
    let (body, headers) = match (pulled.body(), pulled.header_map()) {
        (Ok(body), Ok(headers)) => (body, headers),
        (Err(error), _) | (_, Err(error)) => {
            let reason = format!("evento ilegível do relay: {error}");
            return (event, quarantine(reason, pulled.body_base64.clone()));
        }
    };
    if matches!(mode, AuthMode::Hmac | AuthMode::Standard) {
        let delivery = Delivery {
            headers: &headers,
            body: &body,
            url_token: None,
        };
        if let Err(error) = verify(mode, ingest_secrets, &delivery, pulled.received_at) {
            let reason = format!("assinatura do provedor não confere ({error})");
            let payload = String::from_utf8_lossy(&body).into_owned();
            return (event, quarantine(reason, payload));
        }
    }
    let decoded = provider.decode_webhook(&body);
    // A provider that sends no id names the event by what its body carries.
    if let (None, Some(derived)) = (&pulled.event_id, decoded.event_id) {
        event.event_id = derived;
    }
    event.event_type = decoded.event_type;
    (event, decoded.effect)
}
