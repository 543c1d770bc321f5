//! The relay's JSON contract, shared so that the relay, its tests, the sandbox and the
//! desktop's poller read and write the same shapes.
//!
//! - `POST /hooks/{channel}[/{token}]` → 200 [`IngestReply`], or an [`ErrorReply`];
//! - `GET /v1/channels/{channel}/events?after&limit&wait` → [`EventPage`];
//! - `POST /v1/channels/{channel}/ack` with [`AckRequest`] → [`AckReply`];
//! - `POST /v1/channels` with the relay's account token and a [`CreateChannelRequest`] →
//!   201 [`ChannelCredentials`]: how Ponte opens a channel for an integration it adds;
//! - `DELETE /v1/channels/{channel}` with the channel's pull token → 204: how Ponte closes
//!   the channel of an integration it removes;
//! - `PUT /v1/channels/{channel}/keys` with the channel's pull token and a
//!   [`RegisterKeysRequest`] → 200 [`RegisterKeysReply`]: the keys the relay seals the
//!   channel's next events to (the desktop's, and a recovery key), for a channel made by
//!   hand or a desktop that rotated its key.
//!
//! **Sealed events, and the migration to them.** A [`PulledEvent`] carries either the
//! plaintext (`headers` + `body_base64`, as relays before sealing send) or `sealed` (see
//! `seal.rs`). A sealed event still has `headers: {}` and `body_base64: ""` on the wire, so
//! a desktop that predates sealing parses the page and quarantines that one event instead of
//! failing every pull; and both fields default when absent, so a newer relay may drop them.

use crate::error::WebhookError;
use crate::mode::{AuthMode, Provider};
use crate::seal::{Envelope, KeyId, PublicKey, SealContext, SealedContent, SealingKeyPair, open};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every error answer of the relay: a stable code and a pt-BR message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestStatus {
    /// Committed now.
    Stored,
    /// The channel already had this event id; nothing new was stored.
    Duplicate,
}

/// The answer to an accepted webhook, sent only after the commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReply {
    pub status: IngestStatus,
    /// The event's seq (the first one's, for a duplicate).
    pub seq: i64,
    pub event_id: Option<String>,
}

/// One page of a pull.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventPage {
    /// In seq order.
    pub events: Vec<PulledEvent>,
    /// What to pass as `after` next: the last event's seq, or the request's `after`.
    pub next_after: i64,
    /// How far the channel is acknowledged.
    pub acked_seq: i64,
    /// Events after `acked_seq`, this page included.
    pub backlog: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledEvent {
    pub seq: i64,
    /// See `provider_event_id`; `None` for a delivery without one.
    pub event_id: Option<String>,
    /// When the relay received it: the reference instant for re-verifying a timestamp.
    pub received_at: DateTime<Utc>,
    /// The delivery's relevant headers, lowercase names. Never `authorization`. Empty for
    /// a sealed event.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The exact bytes received. Empty for a sealed event.
    #[serde(default)]
    pub body_base64: String,
    /// The headers and body sealed to the channel's keys, for a relay that seals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SealedPayload>,
}

/// An event's payload as a sealing relay stores and serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedPayload {
    /// The recipients' key ids (16 hex digits each), in the envelope's order: for the
    /// relay's records and for messages; opening trusts only the envelope's own, which
    /// its AAD covers.
    pub key_ids: Vec<String>,
    /// The envelope (`seal::Envelope::to_bytes`) in standard base64.
    pub sealed_base64: String,
}

impl SealedPayload {
    pub fn new(envelope: &Envelope) -> SealedPayload {
        SealedPayload {
            key_ids: envelope.key_ids().iter().map(KeyId::to_string).collect(),
            sealed_base64: envelope.to_base64(),
        }
    }
}

impl PulledEvent {
    /// The headers and body, opened with `keys` when the event is sealed (bound to
    /// `channel` and the event's id), or as they came when it is not.
    pub fn content(
        &self,
        channel: &str,
        keys: &[SealingKeyPair],
    ) -> Result<SealedContent, WebhookError> {
        let Some(sealed) = &self.sealed else {
            return Ok(SealedContent {
                headers: self.headers.clone(),
                body: self.body()?,
            });
        };
        let event_id = self.event_id.as_deref().ok_or(WebhookError::Malformed {
            detail: "um evento selado veio sem id",
        })?;
        let envelope = Envelope::from_base64(&sealed.sealed_base64)?;
        let context = SealContext {
            channel_id: channel,
            event_id,
        };
        open(&envelope, &context, keys)
    }

    pub fn body(&self) -> Result<Vec<u8>, WebhookError> {
        STANDARD
            .decode(&self.body_base64)
            .map_err(|_| WebhookError::Malformed {
                detail: "body_base64 não é base64",
            })
    }

    /// The headers as `verify` and `provider_event_id` take them.
    pub fn header_map(&self) -> Result<HeaderMap, WebhookError> {
        header_map(&self.headers)
    }
}

impl SealedContent {
    /// The headers as `verify` and `provider_event_id` take them.
    pub fn header_map(&self) -> Result<HeaderMap, WebhookError> {
        header_map(&self.headers)
    }
}

fn header_map(headers: &BTreeMap<String, String>) -> Result<HeaderMap, WebhookError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let name = HeaderName::try_from(name.as_str());
        let value = HeaderValue::try_from(value.as_str());
        let (Ok(name), Ok(value)) = (name, value) else {
            return Err(WebhookError::Malformed {
                detail: "um cabeçalho guardado não é um cabeçalho HTTP válido",
            });
        };
        map.insert(name, value);
    }
    Ok(map)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckRequest {
    /// Acknowledge every event of the channel up to this seq, inclusive.
    pub up_to: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckReply {
    pub acked_seq: i64,
    pub backlog: u64,
}

/// A channel for one provider account, asked for by a desktop holding the account token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateChannelRequest {
    pub provider: Provider,
    pub auth_mode: AuthMode,
    /// The keys to seal the channel's events to. Empty from a desktop that predates
    /// sealing: a sealing relay then stores nothing for the channel until a
    /// [`RegisterKeysRequest`] gives it keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sealing_keys: Vec<RecipientKey>,
}

/// Whose key a recipient is: the desktop's own, or the operator's recovery key, kept in
/// a file, that opens the events of a desktop whose key is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    Desktop,
    Recovery,
}

/// One public key to seal to, with its id so that the relay and the desktop agree on
/// which key is meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientKey {
    /// 16 hex digits: `seal::KeyId` of the key.
    pub key_id: String,
    /// The 32-byte X25519 public key in standard base64.
    pub public_key: String,
    pub role: KeyRole,
}

impl RecipientKey {
    pub fn new(key: &PublicKey, role: KeyRole) -> RecipientKey {
        RecipientKey {
            key_id: key.id().to_string(),
            public_key: key.to_base64(),
            role,
        }
    }

    /// The key, checked against its stated id (a key pasted with the wrong id is refused
    /// rather than sealed to).
    pub fn public_key(&self) -> Result<PublicKey, WebhookError> {
        let key = PublicKey::from_base64(&self.public_key)?;
        if KeyId::parse(&self.key_id)? != key.id() {
            return Err(WebhookError::InvalidSealingKey {
                detail: "o id informado não é o desta chave pública",
            });
        }
        Ok(key)
    }
}

/// The channel's whole set of recipients from now on (at most `seal::MAX_RECIPIENTS`, one
/// of them the desktop's). Events already sealed keep their keys: the desktop keeps the
/// secrets of the keys it rotated away from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterKeysRequest {
    pub keys: Vec<RecipientKey>,
}

/// The key ids the channel seals to now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterKeysReply {
    pub key_ids: Vec<String>,
}

/// A new channel's address and secrets, given once: the relay keeps only the pull token's
/// hash, so neither its logs nor a later request can show the token again.
#[derive(Clone, Serialize, Deserialize)]
pub struct ChannelCredentials {
    pub channel_id: String,
    pub provider: Provider,
    pub auth_mode: AuthMode,
    /// The URL to paste into the provider's panel.
    pub ingest_url: String,
    pub secret: String,
    /// For the desktop's `Authorization: Bearer` on pull and ack.
    pub pull_token: String,
}

impl std::fmt::Debug for ChannelCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelCredentials")
            .field("channel_id", &self.channel_id)
            .field("provider", &self.provider)
            .field("auth_mode", &self.auth_mode)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Outgoing, sign};
    use crate::verify::{Delivery, verify};

    #[test]
    fn a_pulled_event_verifies_against_its_received_at() {
        let secret = crate::generate_secret(AuthMode::Standard);
        let sent_at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let body = br#"{"event_id":"e1"}"#;
        let signed = sign(
            AuthMode::Standard,
            &secret,
            &Outgoing {
                id: "e1",
                timestamp: sent_at,
                body,
            },
        )
        .unwrap();
        let event = PulledEvent {
            seq: 1,
            event_id: Some("e1".into()),
            received_at: sent_at + chrono::TimeDelta::seconds(2),
            headers: signed
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
                .collect(),
            body_base64: STANDARD.encode(body),
            sealed: None,
        };
        let headers = event.header_map().unwrap();
        let body = event.body().unwrap();
        let delivery = Delivery {
            headers: &headers,
            body: &body,
            url_token: None,
        };
        // Hours after the fact, against the relay's received_at rather than now.
        assert_eq!(
            verify(AuthMode::Standard, &[&secret], &delivery, event.received_at),
            Ok(())
        );
    }

    #[test]
    fn a_corrupt_pulled_event_is_malformed_not_a_panic() {
        let event = PulledEvent {
            seq: 1,
            event_id: None,
            received_at: DateTime::from_timestamp(0, 0).unwrap(),
            headers: BTreeMap::from([("bad name".to_string(), "x".to_string())]),
            body_base64: "***".into(),
            sealed: None,
        };
        assert_eq!(event.body().unwrap_err().code(), "malformed");
        assert_eq!(event.header_map().unwrap_err().code(), "malformed");
    }

    fn sealed_event(channel: &str, event_id: &str, keys: &[&SealingKeyPair]) -> PulledEvent {
        let content = SealedContent {
            headers: BTreeMap::from([("webhook-id".to_string(), event_id.to_string())]),
            body: br#"{"event_id":"e1"}"#.to_vec(),
        };
        let recipients: Vec<PublicKey> = keys.iter().map(|k| k.public().clone()).collect();
        let context = SealContext {
            channel_id: channel,
            event_id,
        };
        let envelope = crate::seal::seal(&content, &context, &recipients).unwrap();
        PulledEvent {
            seq: 1,
            event_id: Some(event_id.to_string()),
            received_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            headers: BTreeMap::new(),
            body_base64: String::new(),
            sealed: Some(SealedPayload::new(&envelope)),
        }
    }

    #[test]
    fn a_sealed_pulled_event_opens_to_its_headers_and_body() {
        let desktop = SealingKeyPair::generate();
        let event = sealed_event("ch_a", "e1", &[&desktop]);
        let sealed = event.sealed.as_ref().unwrap();
        assert_eq!(sealed.key_ids, vec![desktop.id().to_string()]);
        let content = event
            .content("ch_a", std::slice::from_ref(&desktop))
            .unwrap();
        assert_eq!(content.body, br#"{"event_id":"e1"}"#);
        assert_eq!(content.header_map().unwrap()["webhook-id"], "e1");
        assert_eq!(
            event
                .content("ch_b", std::slice::from_ref(&desktop))
                .unwrap_err()
                .code(),
            "seal_broken"
        );
        let mut anonymous = event.clone();
        anonymous.event_id = None;
        assert_eq!(
            anonymous.content("ch_a", &[desktop]).unwrap_err().code(),
            "malformed"
        );
    }

    #[test]
    fn plaintext_and_sealed_pages_read_both_ways() {
        // A relay from before sealing: no `sealed` field at all.
        let old = r#"{"seq":3,"event_id":"e3","received_at":"2026-01-02T03:04:05Z",
            "headers":{"webhook-id":"e3"},"body_base64":"e30="}"#;
        let event: PulledEvent = serde_json::from_str(old).unwrap();
        assert_eq!(event.sealed, None);
        assert_eq!(event.content("ch", &[]).unwrap().body, b"{}");
        // A sealing relay may leave the plaintext fields out.
        let desktop = SealingKeyPair::generate();
        let sealed = sealed_event("ch", "e1", &[&desktop]);
        let mut json = serde_json::to_value(&sealed).unwrap();
        let object = json.as_object_mut().unwrap();
        // What this side sends keeps them, empty, for desktops from before sealing.
        assert_eq!(object["body_base64"], "");
        object.remove("headers");
        object.remove("body_base64");
        let back: PulledEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, sealed);
    }

    #[test]
    fn a_recipient_key_must_match_its_id() {
        let desktop = SealingKeyPair::generate();
        let other = SealingKeyPair::generate();
        let good = RecipientKey::new(desktop.public(), KeyRole::Desktop);
        assert_eq!(good.public_key().unwrap(), *desktop.public());
        let wrong = RecipientKey {
            key_id: other.id().to_string(),
            ..good.clone()
        };
        assert_eq!(
            wrong.public_key().unwrap_err().code(),
            "invalid_sealing_key"
        );
        // A desktop from before sealing sends no keys; the field stays off its JSON.
        let request = CreateChannelRequest {
            provider: Provider::Coinzz,
            auth_mode: AuthMode::UrlToken,
            sealing_keys: Vec::new(),
        };
        let json = serde_json::to_value(&request).unwrap();
        assert!(json.get("sealing_keys").is_none());
        let with_keys = CreateChannelRequest {
            sealing_keys: vec![good],
            ..request
        };
        let text = serde_json::to_string(&with_keys).unwrap();
        assert_eq!(
            serde_json::from_str::<CreateChannelRequest>(&text).unwrap(),
            with_keys
        );
    }
}
