//! "Reprocessar": the real-time quarantine of an integration tried again. Each event is
//! pulled again from the relay, which keeps acknowledged events for replay, so its exact
//! bytes and headers are verified again (a quarantined payload is never applied
//! unverified), then decoded by the current code: after an upgrade that knows a new event
//! type, or once the operator has fixed a wrong ingest secret.

use super::fetcher::Fetcher;
use super::sealing::OpeningKeys;
use super::service::Realtime;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::providers::provider_for;
use crate::store::{EventOutcome, QuarantineSource};
use serde::Serialize;

/// What a reprocessing did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct ReprocessReport {
    /// Applied now, and out of quarantine.
    pub resolved: u64,
    /// Still not applicable: kept, with the new reason.
    pub still_quarantined: u64,
    /// No longer on the relay (past its retention, or from a channel since replaced).
    pub unavailable: u64,
}

impl Realtime {
    pub async fn reprocess_quarantine(
        &self,
        integration_id: IntegrationId,
    ) -> Result<ReprocessReport> {
        let connected = self.connected(integration_id).await?;
        let (integration, channel) = (&connected.integration, &connected.channel);
        let items = self
            .store()
            .open_quarantine(integration_id, QuarantineSource::Relay, u32::MAX)
            .await?;
        let mut report = ReprocessReport::default();
        if items.is_empty() {
            return Ok(report);
        }
        let provider = provider_for(&integration.provider)?;
        let keys = OpeningKeys::new(self.credentials().clone());
        let fetcher = Fetcher::new(
            channel,
            provider,
            connected.mode,
            connected.secrets.clone(),
            keys,
        )?;
        // Oldest first, as they arrived.
        for item in items.iter().rev() {
            let seq = match (&item.relay_channel, item.relay_seq) {
                (Some(from), Some(seq)) if *from == channel.channel => seq,
                _ => {
                    report.unavailable += 1;
                    continue;
                }
            };
            let Some((event, effect)) = fetcher.fetch_seq(seq).await? else {
                report.unavailable += 1;
                continue;
            };
            let outcome = self
                .store()
                .reapply_quarantined(channel, &integration.provider, item.id, &event, &effect)
                .await?;
            if outcome == EventOutcome::Quarantined {
                report.still_quarantined += 1;
            } else {
                report.resolved += 1;
            }
        }
        // A reprocessed event may carry something the provider has to tell the operator
        // about (a Coinzz status label Ponte does not know).
        provider
            .after_realtime_batch(self.store(), self.notifier(), integration)
            .await?;
        tracing::info!(
            integration = integration.name,
            resolved = report.resolved,
            still_quarantined = report.still_quarantined,
            unavailable = report.unavailable,
            "quarentena do tempo real reprocessada"
        );
        Ok(report)
    }
}
