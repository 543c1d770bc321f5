//! The relay's JSON contract, shared so that the relay, its tests, the sandbox and the
//! desktop's poller read and write the same shapes.
//!
//! - `POST /hooks/{channel}[/{token}]` → 200 [`IngestReply`], or an [`ErrorReply`];
//! - `GET /v1/channels/{channel}/events?after&limit&wait` → [`EventPage`];
//! - `POST /v1/channels/{channel}/ack` with [`AckRequest`] → [`AckReply`];
//! - `POST /v1/channels` with the relay's account token and a [`CreateChannelRequest`] →
//!   201 [`ChannelCredentials`]: how Ponte opens a channel for an integration it adds;
//! - `DELETE /v1/channels/{channel}` with the channel's pull token → 204: how Ponte closes
//!   the channel of an integration it removes.

use crate::error::WebhookError;
use crate::mode::{AuthMode, Provider};
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
    /// The delivery's relevant headers, lowercase names. Never `authorization`.
    pub headers: BTreeMap<String, String>,
    /// The exact bytes received.
    pub body_base64: String,
}

impl PulledEvent {
    pub fn body(&self) -> Result<Vec<u8>, WebhookError> {
        STANDARD
            .decode(&self.body_base64)
            .map_err(|_| WebhookError::Malformed {
                detail: "body_base64 não é base64",
            })
    }

    /// The headers as `verify` and `provider_event_id` take them.
    pub fn header_map(&self) -> Result<HeaderMap, WebhookError> {
        let mut map = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateChannelRequest {
    pub provider: Provider,
    pub auth_mode: AuthMode,
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
    use crate::mode::AuthMode;
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
        };
        assert_eq!(event.body().unwrap_err().code(), "malformed");
        assert_eq!(event.header_map().unwrap_err().code(), "malformed");
    }
}
