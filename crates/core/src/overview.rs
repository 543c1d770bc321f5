//! The Painel's view of each integration: its state, its last finished run, when the
//! next scheduled run is due, the daily request budget, and the last error with what to
//! do about it (the error messages already end with the next step). A provider without a
//! query API (Coinzz) has no sync to show: its card says so and shows the last event
//! received in real time instead.

use crate::core::Core;
use crate::domain::SyncRunId;
use crate::error::Result;
use crate::store::{EntityCounts, Integration, LastEvent, RunOutcome, SyncRun};
use crate::sync::next_due;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// How many recent runs to look through for the last finished one; a run in progress
/// and the one it preempted come before it.
const RECENT_RUNS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationState {
    /// Added, with nothing pulled yet: not "OK" before anything was checked.
    NeverSynced,
    Ok,
    Syncing,
    Error,
    Disabled,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IntegrationCard {
    pub integration: Integration,
    pub state: IntegrationState,
    /// The run in progress, if any.
    pub running_run_id: Option<SyncRunId>,
    /// The newest run that has ended, whatever its outcome.
    pub last_run: Option<SyncRun>,
    /// Its counts summed over every entity.
    pub last_run_totals: Option<EntityCounts>,
    /// The newest successful run's end, UTC RFC 3339.
    pub last_success_at: Option<String>,
    /// UTC RFC 3339; `None` when the schedule is off or the integration is disabled.
    pub next_sync_at: Option<String>,
    pub requests_today: u32,
    pub daily_request_limit: u32,
    pub open_quarantine: u64,
    /// Live records mirrored, all entities together.
    pub records: u64,
    /// The newest event received through the relay, if any.
    pub last_event: Option<LastEvent>,
}

impl Core {
    /// One card per integration, in the order they were added.
    pub async fn overview(&self) -> Result<Vec<IntegrationCard>> {
        let mut cards = Vec::new();
        for integration in self.store().integrations().await? {
            cards.push(self.card(integration).await?);
        }
        Ok(cards)
    }

    async fn card(&self, integration: Integration) -> Result<IntegrationCard> {
        let store = self.store();
        let recent = store.runs(Some(integration.id), RECENT_RUNS).await?;
        let last_run = recent
            .iter()
            .find(|run| run.outcome != RunOutcome::Running)
            .cloned();
        let last_success_at = store.last_success_at(integration.id).await?;
        let running_run_id = self.sync().running(integration.id).map(|run| run.run_id);
        let state = match (&last_run, running_run_id) {
            _ if !integration.enabled => IntegrationState::Disabled,
            (_, Some(_)) => IntegrationState::Syncing,
            // One without a query API never syncs; its card shows the real-time events.
            (None, None) if !integration.realtime_only => IntegrationState::NeverSynced,
            (Some(run), None)
                if matches!(run.outcome, RunOutcome::Failed | RunOutcome::Interrupted) =>
            {
                IntegrationState::Error
            }
            _ => IntegrationState::Ok,
        };
        // A never-synced integration is due at once; say "now" rather than year 1.
        let next_sync_at = next_due(&integration, recent.first())
            .map(|at| at.max(Utc::now()))
            .map(|at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true));
        let status = store.integration_status(integration.clone()).await?;
        let last_event = store.last_relay_event(integration.id).await?;
        Ok(IntegrationCard {
            state,
            running_run_id,
            last_run_totals: last_run.as_ref().map(SyncRun::totals),
            last_run,
            last_success_at,
            next_sync_at,
            requests_today: status.requests_today,
            daily_request_limit: integration.settings.daily_request_limit,
            open_quarantine: status.open_quarantine,
            records: status.totals.values().map(|t| t.count).sum(),
            last_event,
            integration,
        })
    }
}
