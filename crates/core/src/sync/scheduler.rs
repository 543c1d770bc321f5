//! Scheduled runs: each integration's interval (default 10 minutes, or off). Due times are
//! computed from the wall clock at every tick, so a machine that slept or was suspended
//! catches up with one run as soon as it wakes, not with a burst of missed ones.

use super::engine::SyncEngine;
use crate::store::{Integration, RunTrigger, SyncRun};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use std::time::Duration;
use tokio::task::JoinHandle;

/// When an integration's next scheduled run is due, from its last run's start. Never for
/// a provider without a query API: a run could only fail.
pub fn next_due(integration: &Integration, last_run: Option<&SyncRun>) -> Option<DateTime<Utc>> {
    let minutes = integration
        .schedule_interval_minutes
        .filter(|_| integration.enabled)
        .filter(|_| !integration.realtime_only)?;
    let Some(last) = last_run else {
        return Some(DateTime::<Utc>::MIN_UTC);
    };
    let started = DateTime::parse_from_rfc3339(&last.started_at)
        .ok()?
        .with_timezone(&Utc);
    Some(started + ChronoDuration::minutes(minutes))
}

impl SyncEngine {
    /// Starts the scheduler; it checks every `tick`, the first time one tick after start so
    /// the app's launch is not competing with a full sync, and stops with the engine's
    /// shutdown.
    pub fn spawn_scheduler(&self, tick: Duration) -> JoinHandle<()> {
        let engine = self.clone();
        let shutdown = self.context().shutdown.clone();
        let tracker = self.context().tasks.clone();
        tracker.spawn(async move {
            let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + tick, tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = interval.tick() => engine.run_due().await,
                }
            }
        })
    }

    /// Runs, one after another, the integrations whose interval has passed.
    async fn run_due(&self) {
        let integrations = match self.store().integrations().await {
            Ok(list) => list,
            Err(error) => {
                tracing::warn!(%error, "agendador: não foi possível ler as integrações");
                return;
            }
        };
        for integration in integrations {
            let last = self
                .store()
                .runs(Some(integration.id), 1)
                .await
                .ok()
                .and_then(|r| r.into_iter().next());
            let due = next_due(&integration, last.as_ref()).is_some_and(|at| at <= Utc::now());
            if !due || self.running(integration.id).is_some() {
                continue;
            }
            match self.start(integration.id, RunTrigger::Scheduled).await {
                Ok(handle) => {
                    tokio::select! {
                        _ = self.context().shutdown.cancelled() => return,
                        _ = handle.wait() => {}
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, integration = integration.name, "agendador: não iniciou")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{coinzz, gestaoclick};
    use crate::store::{IntegrationSettings, RunOutcome};

    fn integration(interval: Option<i64>, enabled: bool) -> Integration {
        Integration {
            id: 1,
            provider: gestaoclick::KIND,
            name: "Loja".into(),
            base_url: "http://127.0.0.1".into(),
            credential_ref: "ref".into(),
            settings: IntegrationSettings::default(),
            schedule_interval_minutes: interval,
            enabled,
            include_in_reports: true,
            realtime_only: false,
            created_at: "2026-11-23T10:00:00Z".into(),
        }
    }

    fn run_started(at: &str) -> SyncRun {
        SyncRun {
            id: 1,
            integration_id: 1,
            trigger: RunTrigger::Manual,
            started_at: at.into(),
            finished_at: None,
            outcome: RunOutcome::Succeeded,
            error_code: None,
            error_message: None,
            requests: 0,
            entities: Vec::new(),
        }
    }

    #[test]
    fn never_synced_is_due_at_once() {
        assert_eq!(
            next_due(&integration(Some(10), true), None),
            Some(DateTime::<Utc>::MIN_UTC)
        );
    }

    #[test]
    fn due_one_interval_after_the_last_start() {
        let last = run_started("2026-11-23T10:00:00Z");
        let due = next_due(&integration(Some(10), true), Some(&last));
        assert_eq!(
            due.map(|d| d.to_rfc3339()),
            Some("2026-11-23T10:10:00+00:00".into())
        );
    }

    #[test]
    fn schedule_off_or_integration_disabled_is_never_due() {
        let last = run_started("2026-11-23T10:00:00Z");
        assert_eq!(next_due(&integration(None, true), Some(&last)), None);
        assert_eq!(next_due(&integration(Some(10), false), Some(&last)), None);
    }

    #[test]
    fn a_provider_without_a_query_api_is_never_due() {
        let coinzz = Integration {
            provider: coinzz::KIND,
            realtime_only: true,
            ..integration(Some(10), true)
        };
        assert_eq!(next_due(&coinzz, None), None);
    }
}
