//! HTTP to the relay: one long-poll for the next events of a channel, and the ack that
//! lets the relay retire them. The pull token goes in the header and nowhere else. A
//! channel the relay does not have, a refused token and a relay that is down are three
//! different errors (`relay_errors.rs`).

use super::relay_errors::{status_error, transport_error};
use crate::credentials::Secret;
use crate::error::Result;
use ponte_webhooks::relay_api::{AckReply, AckRequest, EventPage};
use std::time::Duration;

/// Room over the long-poll's own wait before the request counts as hung.
const WAIT_MARGIN: Duration = Duration::from_secs(15);

pub struct RelayClient {
    http: reqwest::Client,
    base_url: String,
    channel: String,
    pull_token: Secret,
}

impl RelayClient {
    pub fn new(base_url: &str, channel: &str, pull_token: Secret) -> Result<RelayClient> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(transport_error)?;
        Ok(RelayClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            channel: channel.to_string(),
            pull_token,
        })
    }

    /// Events after `after`: at once when there are some, else when one arrives or after
    /// `wait`, whichever is first.
    pub async fn pull(&self, after: i64, limit: u32, wait: Duration) -> Result<EventPage> {
        let url = format!("{}/v1/channels/{}/events", self.base_url, self.channel);
        let response = self
            .http
            .get(url)
            .query(&[
                ("after", after.to_string()),
                ("limit", limit.to_string()),
                ("wait", wait.as_secs().to_string()),
            ])
            .bearer_auth(self.pull_token.expose())
            .timeout(wait + WAIT_MARGIN)
            .send()
            .await
            .map_err(transport_error)?;
        self.read(response).await
    }

    /// Lets the relay retire every event up to `up_to`: call only after they are committed.
    pub async fn ack(&self, up_to: i64) -> Result<AckReply> {
        let url = format!("{}/v1/channels/{}/ack", self.base_url, self.channel);
        let response = self
            .http
            .post(url)
            .bearer_auth(self.pull_token.expose())
            .json(&AckRequest { up_to })
            .timeout(WAIT_MARGIN)
            .send()
            .await
            .map_err(transport_error)?;
        self.read(response).await
    }

    async fn read<T: serde::de::DeserializeOwned>(&self, response: reqwest::Response) -> Result<T> {
        let status = response.status();
        if !status.is_success() {
            return Err(status_error(status, &self.channel));
        }
        response.json().await.map_err(transport_error)
    }
}
