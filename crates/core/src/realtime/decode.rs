//! One pulled event → what the store should do with it: opened first when the relay sealed
//! it to this install's keys, then the provider's signature checked again (hmac and
//! standard modes sign the body; bearer and url-token secrets never leave the relay, so
//! there the relay's own check stands), then the provider's decoder.

use crate::providers::Provider;
use crate::store::{EventEffect, RecordFailure, RelayEvent};
use ponte_webhooks::relay_api::PulledEvent;
use ponte_webhooks::seal::{SealingKeyPair, is_unnamed_event_id};
use ponte_webhooks::{AuthMode, Delivery, verify};

/// The event as the store records it, and its effect. Never fails: what cannot be opened,
/// read or verified is quarantined with its reason.
pub fn decode(
    channel: &str,
    provider: &dyn Provider,
    mode: AuthMode,
    ingest_secrets: &[&str],
    keys: &[SealingKeyPair],
    pulled: &PulledEvent,
) -> (RelayEvent, EventEffect) {
    // The id a sealing relay drew for a delivery without one only binds its envelope: the
    // event is named as an unnamed one, so a repeat the body names the same way is still
    // recognised as one.
    let provider_id = pulled
        .event_id
        .clone()
        .filter(|id| !is_unnamed_event_id(id));
    let mut event = RelayEvent {
        seq: pulled.seq,
        // A delivery without a provider id is still unique by its place in the channel.
        event_id: provider_id
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
    let opened = pulled
        .content(channel, keys)
        .and_then(|content| Ok((content.header_map()?, content.body)));
    let (headers, body) = match (opened, &pulled.sealed) {
        (Ok(opened), _) => opened,
        // The ciphertext is what is kept: never plaintext, and what "Reprocessar" would
        // open again with a restored key.
        (Err(error), Some(sealed)) => {
            let reason = unreadable_sealed(provider, pulled, &error.to_string());
            return (event, quarantine(reason, sealed.sealed_base64.clone()));
        }
        (Err(error), None) => {
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
    if let (None, Some(derived)) = (&provider_id, decoded.event_id) {
        event.event_id = derived;
    }
    event.event_type = decoded.event_type;
    (event, decoded.effect)
}

/// Why a sealed event is unreadable, which one it is, and what brings its data back.
fn unreadable_sealed(provider: &dyn Provider, pulled: &PulledEvent, error: &str) -> String {
    let which = match &pulled.event_id {
        Some(id) => format!("O evento {} (id {id})", pulled.seq),
        None => format!("O evento {}", pulled.seq),
    };
    let recovers = if provider.has_query_api() {
        format!(
            "Uma sincronização completa de {} traz de volta os dados que ele carregava.",
            provider.display_name()
        )
    } else {
        format!(
            "{} não tem API de consulta: sem a chave de recuperação, confira no painel do provedor o que este evento trazia.",
            provider.display_name()
        )
    };
    format!("{which} chegou selado e não pode ser aberto: {error} {recovers}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{coinzz, gestaoclick, provider_for};
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use chrono::DateTime;
    use ponte_webhooks::relay_api::SealedPayload;
    use ponte_webhooks::seal::{Envelope, SealContext, SealedContent, seal};
    use ponte_webhooks::{Outgoing, generate_secret, sign};
    use std::collections::BTreeMap;

    const CHANNEL: &str = "ch_a";
    const EVENT: &str = "evt-1";

    /// A Standard-signed "Verificar" event as the relay would serve it: sealed to `keys`
    /// for `CHANNEL`, or in the clear when `keys` is empty.
    fn pulled(secret: &str, keys: &[&SealingKeyPair]) -> PulledEvent {
        pulled_as(secret, keys, EVENT)
    }

    /// The same, served under `relay_id`: the provider's id, or one the relay drew.
    fn pulled_as(secret: &str, keys: &[&SealingKeyPair], relay_id: &str) -> PulledEvent {
        let received_at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let body = gestaoclick::webhooks::verify_event(EVENT, "2023-11-14T22:13:20Z");
        let signed = sign(
            AuthMode::Standard,
            secret,
            &Outgoing {
                id: EVENT,
                timestamp: received_at,
                body: &body,
            },
        )
        .unwrap();
        let headers: BTreeMap<String, String> = signed
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
            .collect();
        let mut event = PulledEvent {
            seq: 7,
            event_id: Some(relay_id.to_string()),
            received_at,
            headers: headers.clone(),
            body_base64: STANDARD.encode(&body),
            sealed: None,
        };
        if !keys.is_empty() {
            let recipients: Vec<_> = keys.iter().map(|k| k.public().clone()).collect();
            let context = SealContext {
                channel_id: CHANNEL,
                event_id: relay_id,
            };
            let envelope = seal(&SealedContent { headers, body }, &context, &recipients).unwrap();
            event.headers = BTreeMap::new();
            event.body_base64 = String::new();
            event.sealed = Some(SealedPayload::new(&envelope));
        }
        event
    }

    fn run(
        provider: &dyn Provider,
        channel: &str,
        secret: &str,
        keys: &[SealingKeyPair],
        event: &PulledEvent,
    ) -> (RelayEvent, EventEffect) {
        decode(
            channel,
            provider,
            AuthMode::Standard,
            &[secret],
            keys,
            event,
        )
    }

    fn reason(effect: &EventEffect) -> (&str, &str) {
        match effect {
            EventEffect::Quarantine { failure, .. } => (&failure.reason, &failure.payload),
            other => panic!("expected a quarantine, got {other:?}"),
        }
    }

    fn gestaoclick() -> &'static dyn Provider {
        provider_for(&gestaoclick::KIND).unwrap()
    }

    #[test]
    fn a_sealed_event_opens_and_verifies_like_a_plain_one() {
        let secret = generate_secret(AuthMode::Standard);
        let desktop = SealingKeyPair::generate();
        let sealed = pulled(&secret, &[&desktop]);
        let (event, effect) = run(gestaoclick(), CHANNEL, &secret, &[desktop], &sealed);
        assert_eq!(event.event_id, EVENT);
        assert!(matches!(effect, EventEffect::Acknowledge), "{effect:?}");
        // And a relay from before sealing still works.
        let plain = pulled(&secret, &[]);
        let (_, effect) = run(gestaoclick(), CHANNEL, &secret, &[], &plain);
        assert!(matches!(effect, EventEffect::Acknowledge), "{effect:?}");
    }

    #[test]
    fn an_id_the_relay_drew_opens_the_event_but_does_not_name_it() {
        let secret = generate_secret(AuthMode::Standard);
        let desktop = SealingKeyPair::generate();
        let drawn = ponte_webhooks::seal::unnamed_event_id();
        let sealed = pulled_as(&secret, &[&desktop], &drawn);
        let (event, effect) = run(gestaoclick(), CHANNEL, &secret, &[desktop], &sealed);
        assert!(matches!(effect, EventEffect::Acknowledge), "{effect:?}");
        // Named as a delivery without an id always was (by its body when the provider's
        // decoder finds an id there, else by its place in the channel), never by the
        // drawn id.
        assert_eq!(event.event_id, format!("relay:{CHANNEL}:7"));
    }

    #[test]
    fn the_recovery_key_alone_opens_it() {
        let secret = generate_secret(AuthMode::Standard);
        let (desktop, recovery) = (SealingKeyPair::generate(), SealingKeyPair::generate());
        let sealed = pulled(&secret, &[&desktop, &recovery]);
        let (_, effect) = run(gestaoclick(), CHANNEL, &secret, &[recovery], &sealed);
        assert!(matches!(effect, EventEffect::Acknowledge), "{effect:?}");
    }

    #[test]
    fn another_key_quarantines_it_and_says_a_sync_recovers_it() {
        let secret = generate_secret(AuthMode::Standard);
        let desktop = SealingKeyPair::generate();
        let sealed = pulled(&secret, &[&desktop]);
        let (event, effect) = run(
            gestaoclick(),
            CHANNEL,
            &secret,
            &[SealingKeyPair::generate()],
            &sealed,
        );
        assert_eq!(event.event_id, EVENT);
        let (reason, payload) = reason(&effect);
        assert!(reason.contains("O evento 7 (id evt-1)"), "{reason}");
        assert!(reason.contains(&desktop.id().to_string()), "{reason}");
        assert!(reason.contains("sincronização completa"), "{reason}");
        // What the inbox keeps is the ciphertext, not the body.
        assert_eq!(payload, sealed.sealed.as_ref().unwrap().sealed_base64);
        assert!(!payload.contains("ponte.verify"));
    }

    #[test]
    fn a_provider_without_a_query_api_points_to_its_panel() {
        let secret = generate_secret(AuthMode::Standard);
        let sealed = pulled(&secret, &[&SealingKeyPair::generate()]);
        let coinzz = provider_for(&coinzz::KIND).unwrap();
        let (_, effect) = run(coinzz, CHANNEL, &secret, &[], &sealed);
        let (reason, _) = reason(&effect);
        assert!(
            reason.contains("Coinzz não tem API de consulta"),
            "{reason}"
        );
    }

    #[test]
    fn a_tampered_or_moved_event_is_quarantined() {
        let secret = generate_secret(AuthMode::Standard);
        let desktop = SealingKeyPair::generate();
        let sealed = pulled(&secret, &[&desktop]);
        let keys = [desktop];

        let mut tampered = sealed.clone();
        let payload = tampered.sealed.as_mut().unwrap();
        let mut bytes = Envelope::from_base64(&payload.sealed_base64)
            .unwrap()
            .to_bytes();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        payload.sealed_base64 = STANDARD.encode(&bytes);
        let (_, effect) = run(gestaoclick(), CHANNEL, &secret, &keys, &tampered);
        assert!(reason(&effect).0.contains("alterado ou movido"));

        // Into another channel, or into the row of another event.
        let (_, effect) = run(gestaoclick(), "ch_b", &secret, &keys, &sealed);
        assert!(reason(&effect).0.contains("alterado ou movido"));
        let mut moved = sealed.clone();
        moved.event_id = Some("evt-2".into());
        let (_, effect) = run(gestaoclick(), CHANNEL, &secret, &keys, &moved);
        assert!(reason(&effect).0.contains("alterado ou movido"));

        // Garbage where the envelope should be.
        let mut garbage = sealed;
        garbage.sealed.as_mut().unwrap().sealed_base64 = "***".into();
        let (_, effect) = run(gestaoclick(), CHANNEL, &secret, &keys, &garbage);
        assert!(reason(&effect).0.contains("chegou selado"));
    }

    #[test]
    fn an_opened_event_still_needs_the_providers_signature() {
        let secret = generate_secret(AuthMode::Standard);
        let desktop = SealingKeyPair::generate();
        let sealed = pulled(&secret, &[&desktop]);
        let other = generate_secret(AuthMode::Standard);
        let (_, effect) = run(gestaoclick(), CHANNEL, &other, &[desktop], &sealed);
        assert!(reason(&effect).0.contains("assinatura do provedor"));
    }
}
