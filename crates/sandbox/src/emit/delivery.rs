//! Delivering one webhook: sign it, POST it, and retry what may succeed later (no answer,
//! a timeout, 5xx, 429) with exponential backoff and jitter. Every attempt carries the
//! same event id and the same body bytes, so a receiver that committed an earlier attempt
//! recognises the repeat; only the standard-mode timestamp is signed afresh, so a late
//! retry is not refused as a replay.

use super::envelope::WebhookEvent;
use super::target::WebhookTarget;
use crate::error::SandboxError;
use backon::{ExponentialBuilder, Retryable};
use chrono::Utc;
use ponte_webhooks::relay_api::{ErrorReply, IngestReply, IngestStatus};
use ponte_webhooks::{Outgoing, sign};
use reqwest::{StatusCode, header};
use std::error::Error as _;
use std::time::Duration;

const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// Six retries over about six seconds: enough for a relay restart or a burst of 429s.
const BACKOFF: ExponentialBuilder = ExponentialBuilder::new()
    .with_min_delay(Duration::from_millis(100))
    .with_max_delay(Duration::from_secs(5))
    .with_max_times(6)
    .with_jitter();

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accepted {
    Stored,
    /// The receiver already had this event id.
    Duplicate,
}

#[derive(Debug, Clone)]
pub(crate) struct Refused {
    pub status: Option<u16>,
    pub reason: String,
    retryable: bool,
}

/// How a delivery ended, after how many repeated attempts.
#[derive(Debug)]
pub(crate) struct Attempts {
    pub result: Result<Accepted, Refused>,
    pub retries: u64,
}

pub(crate) struct WebhookClient {
    http: reqwest::Client,
    target: WebhookTarget,
}

impl WebhookClient {
    /// Refuses a target that could not deliver anything: a URL that is not http(s), or a
    /// secret its mode cannot sign with.
    pub fn new(target: WebhookTarget) -> Result<WebhookClient, SandboxError> {
        let url = reqwest::Url::parse(&target.ingest_url).ok();
        if !url.is_some_and(|url| matches!(url.scheme(), "http" | "https")) {
            return Err(SandboxError::InvalidIngestUrl);
        }
        let probe = Outgoing {
            id: "probe",
            timestamp: Utc::now(),
            body: b"{}",
        };
        sign(target.mode, &target.secret, &probe).map_err(SandboxError::CannotSign)?;
        let http = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            .user_agent(concat!("ponte-sandbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(SandboxError::HttpClientUnavailable)?;
        Ok(WebhookClient { http, target })
    }

    pub async fn deliver(&self, event: &WebhookEvent) -> Attempts {
        let mut retries = 0;
        let result = (|| self.attempt(event))
            .retry(BACKOFF)
            .when(|refused: &Refused| refused.retryable)
            .notify(|refused: &Refused, after: Duration| {
                retries += 1;
                tracing::debug!(
                    event_id = %event.event_id,
                    status = ?refused.status,
                    reason = %refused.reason,
                    retry_in_ms = after.as_millis(),
                    "webhook do sandbox sem sucesso, nova tentativa"
                );
            })
            .await;
        Attempts { result, retries }
    }

    async fn attempt(&self, event: &WebhookEvent) -> Result<Accepted, Refused> {
        let message = Outgoing {
            id: &event.event_id,
            timestamp: Utc::now(),
            body: &event.body,
        };
        let signed =
            sign(self.target.mode, &self.target.secret, &message).map_err(|error| Refused {
                status: None,
                reason: error.to_string(),
                retryable: false,
            })?;
        let response = self
            .http
            .post(&self.target.ingest_url)
            .headers(signed)
            .header(header::CONTENT_TYPE, "application/json")
            .body(event.body.clone())
            .send()
            .await
            .map_err(|error| Refused {
                status: None,
                reason: without_url(error),
                retryable: true,
            })?;
        let status = response.status();
        // The relay answers 2xx only after its commit: the status alone says "stored", the
        // body only tells a repeat apart.
        let text = response.text().await.unwrap_or_default();
        if status.is_success() {
            let duplicate = serde_json::from_str::<IngestReply>(&text)
                .is_ok_and(|reply| reply.status == IngestStatus::Duplicate);
            return Ok(if duplicate {
                Accepted::Duplicate
            } else {
                Accepted::Stored
            });
        }
        let reason = serde_json::from_str::<ErrorReply>(&text).map_or_else(
            |_| {
                status
                    .canonical_reason()
                    .unwrap_or("resposta sem descrição")
                    .to_string()
            },
            |reply| reply.message,
        );
        Err(Refused {
            status: Some(status.as_u16()),
            reason,
            retryable: status.is_server_error()
                || status == StatusCode::TOO_MANY_REQUESTS
                || status == StatusCode::REQUEST_TIMEOUT,
        })
    }
}

/// The error and its causes, without the URL: in url-token mode the URL holds the secret.
fn without_url(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}
