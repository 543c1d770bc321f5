//! Catching up with the relay from the cursors the store holds, at once and without a
//! long-poll: what a restore needs. A restored store has older cursors; the relay keeps
//! acknowledged events for its retention period and serves every event after `after`,
//! acknowledged or not, so pulling from the restored cursor brings back what arrived since
//! the backup. The inbox drops what the store already had (unique provider + event id).

use super::client::RelayClient;
use super::decode::decode;
use super::sealing::OpeningKeys;
use super::service::Realtime;
use crate::credentials::Secret;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::providers::provider_for;
use crate::store::{EventOutcome, RelayChannel};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Events asked for per pull while catching up.
const PAGE: u32 = 500;

/// What catching up did for one integration's channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CaughtUp {
    #[specta(type = f64)]
    pub integration_id: IntegrationId,
    pub integration: String,
    /// The cursor the store held before, and the one it holds now.
    #[specta(type = f64)]
    pub from_cursor: i64,
    #[specta(type = f64)]
    pub to_cursor: i64,
    /// Events the relay served again after `from_cursor`.
    #[specta(type = f64)]
    pub pulled: u64,
    /// Of those, the ones that changed the store (created, updated, deactivated).
    #[specta(type = f64)]
    pub applied: u64,
    /// Of those, the ones the inbox already had.
    #[specta(type = f64)]
    pub duplicates: u64,
    /// Why this channel could not catch up (relay down, token refused), in pt-BR; the
    /// poller pulls the same events from the same cursor when it starts.
    pub error: Option<String>,
}

impl Realtime {
    /// Pulls every channel's events after its stored cursor until the relay has none
    /// left, applying each page like the poller does (inbox, effects, cursor in one
    /// transaction), then acknowledges. Run it before the pollers start. One channel
    /// that cannot be reached does not stop the others: its `error` says why.
    pub async fn catch_up(&self) -> Result<Vec<CaughtUp>> {
        let mut caught_up = Vec::new();
        for channel in self.store().relay_channels().await? {
            let integration = self.store().integration(channel.integration_id).await?;
            let mut report = CaughtUp {
                integration_id: integration.id,
                integration: integration.name.clone(),
                from_cursor: channel.cursor,
                to_cursor: channel.cursor,
                pulled: 0,
                applied: 0,
                duplicates: 0,
                error: None,
            };
            if let Err(error) = self.catch_up_channel(channel, &mut report).await {
                tracing::warn!(integration_id = integration.id, %error, "tempo real: eventos não puxados de novo");
                report.error = Some(error.to_string());
            }
            caught_up.push(report);
        }
        Ok(caught_up)
    }

    async fn catch_up_channel(
        &self,
        mut channel: RelayChannel,
        report: &mut CaughtUp,
    ) -> Result<()> {
        let connected = self.connected(channel.integration_id).await?;
        let provider = provider_for(&connected.integration.provider)?;
        let client = RelayClient::new(
            &channel.relay_url,
            &channel.channel,
            connected.secrets.pull_token.clone(),
        )?;
        let keys = OpeningKeys::new(self.credentials().clone());
        let secrets: Vec<&str> = connected
            .secrets
            .ingest_secrets
            .iter()
            .map(Secret::expose)
            .collect();
        loop {
            let page = client.pull(channel.cursor, PAGE, Duration::ZERO).await?;
            if page.events.is_empty() {
                break;
            }
            let opening = keys.for_page(&page).await?;
            let decoded: Vec<_> = page
                .events
                .iter()
                .map(|pulled| {
                    decode(
                        &channel.channel,
                        provider,
                        channel.auth_mode,
                        &secrets,
                        &opening,
                        pulled,
                    )
                })
                .collect();
            let outcomes = self
                .store()
                .apply_relay_events(&channel, &connected.integration.provider, &decoded)
                .await?;
            report.pulled += decoded.len() as u64;
            report.applied += outcomes
                .iter()
                .filter(|o| {
                    matches!(
                        o,
                        EventOutcome::Created | EventOutcome::Updated | EventOutcome::Deactivated
                    )
                })
                .count() as u64;
            report.duplicates += outcomes
                .iter()
                .filter(|o| **o == EventOutcome::Duplicate)
                .count() as u64;
            channel.cursor = channel.cursor.max(page.next_after);
            report.to_cursor = channel.cursor;
        }
        // Committed here: the relay may retire them (it clamps to what it already has).
        if channel.cursor > 0
            && let Err(error) = client.ack(channel.cursor).await
        {
            tracing::debug!(%error, "relay: confirmação depois da recuperação não entregue");
        }
        Ok(())
    }
}
