//! "Verificar" (and `ponte relay verify`): a round trip through the relay. Ponte signs a
//! test event the way the provider would, posts it to the channel's ingest URL, and waits
//! until a poller has committed it to the inbox; the time between is what the operator
//! sees. It proves the relay URL, the channel, the ingest secret, the pull token and the
//! poller in one go.

use super::relay_errors::{status_error, transport_error};
use super::service::Realtime;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::providers::provider_for;
use chrono::Utc;
use ponte_webhooks::{Outgoing, ingest_url, random_token, sign};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;

/// How long the test event may take to come back.
const VERIFY_TIMEOUT: Duration = Duration::from_secs(15);
/// How often the inbox is read again besides this process's own batch reports: the
/// poller that takes the event may run in another process (the desktop, `ponte follow`).
const INBOX_RECHECK: Duration = Duration::from_millis(100);

/// A test event's trip: posted to the relay, pulled, checked and committed here.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RelayRoundTrip {
    pub event_id: String,
    pub round_trip_ms: u64,
}

impl Realtime {
    pub async fn verify_relay(&self, integration_id: IntegrationId) -> Result<RelayRoundTrip> {
        let connected = self.connected(integration_id).await?;
        let (integration, channel, mode) =
            (&connected.integration, &connected.channel, connected.mode);
        let secret = connected.ingest_secret()?.expose();
        let event_id = format!("ponte-verify-{}", random_token());
        let body = provider_for(&integration.provider)?.verify_event(&event_id);
        let outgoing = Outgoing {
            id: &event_id,
            timestamp: Utc::now(),
            body: &body,
        };
        let mut headers = sign(mode, secret, &outgoing).map_err(|error| Error::InvalidInput {
            field: "segredo de ingestão do relay",
            detail: error.to_string(),
        })?;
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let url = ingest_url(&channel.relay_url, &channel.channel, mode, secret);

        let mut reports = self.subscribe();
        let started = Instant::now();
        let response = reqwest::Client::new()
            .post(url)
            .headers(headers)
            .body(body)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND || status.is_server_error() {
            return Err(status_error(status, &channel.channel));
        }
        if !status.is_success() {
            return Err(Error::RelayIngestRejected {
                detail: format!("código {}", status.as_u16()),
            });
        }
        loop {
            if self
                .store()
                .inbox_has_event(&integration.provider, &event_id)
                .await?
            {
                return Ok(RelayRoundTrip {
                    event_id,
                    round_trip_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                });
            }
            let left = VERIFY_TIMEOUT.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(Error::RelayVerifyTimeout {
                    secs: VERIFY_TIMEOUT.as_secs(),
                });
            }
            let wait = left.min(INBOX_RECHECK);
            if let Ok(Err(RecvError::Closed)) = tokio::time::timeout(wait, reports.recv()).await {
                tokio::time::sleep(wait).await;
            }
        }
    }
}
