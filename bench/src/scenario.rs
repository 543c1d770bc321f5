//! The sync benchmark scenarios: a sandbox and a core in a temp dir, one sync measured, and
//! the rows of the table they print.

use crate::error::BenchError;
use crate::raw_floor::bulk_insert;
use crate::report::{Report, line};
use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::domain::EntityKind;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{IntegrationSettings, NewIntegration, RunOutcome, RunTrigger};
use ponte_core::{Core, CoreOptions};
use ponte_sandbox::{RunningSandbox, Sandbox, SandboxConfig, Scale};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The provider's published limit.
pub const PROVIDER_RPS: u32 = 3;

/// A sandbox, and a core in a temp dir with one integration for it.
pub struct Setup {
    pub sandbox: RunningSandbox,
    pub core: Core,
    pub integration_id: i64,
    pub dir: TempDir,
}

/// The provider's settings at `rps` requests per second.
pub fn at_rate(rps: u32) -> IntegrationSettings {
    IntegrationSettings {
        requests_per_second: rps,
        ..IntegrationSettings::default()
    }
}

pub async fn setup(
    seed: u64,
    scale: Scale,
    enforce_limits: bool,
    settings: IntegrationSettings,
) -> Result<Setup, BenchError> {
    let mut config = SandboxConfig::new(seed, scale);
    config.enforce_limits = enforce_limits;
    let credentials = Credentials::new(&config.access_token, &config.secret_token)?;
    let sandbox = Sandbox::start(config, ([127, 0, 0, 1], 0).into()).await?;
    let dir = tempfile::tempdir()?;
    let core = Core::open(CoreOptions {
        data_dir: dir.path().to_path_buf(),
        credentials: CredentialStore::default().with_override(credentials),
    })
    .await?;
    let integration = core
        .integrations()
        .add(
            NewIntegration {
                provider: gestaoclick::KIND,
                name: "bench".into(),
                base_url: sandbox.base_url(),
                settings,
                schedule_interval_minutes: None,
            },
            None,
        )
        .await?;
    Ok(Setup {
        sandbox,
        core,
        integration_id: integration.id,
        dir,
    })
}

impl Setup {
    pub async fn timed_sync(&self) -> Result<Duration, BenchError> {
        let started = Instant::now();
        let handle = self
            .core
            .sync()
            .start(self.integration_id, RunTrigger::Manual)
            .await?;
        let result = handle.wait().await;
        let elapsed = started.elapsed();
        if result.outcome != RunOutcome::Succeeded {
            return Err(BenchError::SyncFailed(
                result.error_message.unwrap_or_default(),
            ));
        }
        Ok(elapsed)
    }

    async fn records(&self) -> Result<u64, BenchError> {
        let totals = self.core.store().entity_totals(self.integration_id).await?;
        Ok(totals.values().map(|t| t.count).sum())
    }

    async fn lojas(&self) -> Result<u64, BenchError> {
        let totals = self.core.store().entity_totals(self.integration_id).await?;
        Ok(totals.get(&EntityKind::Loja).map_or(0, |t| t.count))
    }
}

/// Full sync against a strict provider: the sandbox admitting at most 3 requests in any
/// window of one second (both ends included) and 30,000 a day.
pub async fn rate_limited(seed: u64, scale: Scale) -> Result<Report, BenchError> {
    let setup = setup(seed, scale, true, at_rate(PROVIDER_RPS)).await?;
    let elapsed = setup.timed_sync().await?;
    let pages = setup.sandbox.handle().request_count();
    let floor = pages as f64 / f64::from(PROVIDER_RPS);
    let records = setup.records().await?;
    let report = Report(vec![
        line(
            "strict provider sync: elapsed ÷ (pages ÷ 3 s)",
            format!("{:.3}", elapsed.as_secs_f64() / floor),
            "≤ 1.05",
            format!(
                "{records} records, {pages} requests, {:.1} s vs {floor:.1} s; at most 3 in any 1 s window",
                elapsed.as_secs_f64()
            ),
        ),
        line(
            "strict provider sync: 429 answers",
            setup.sandbox.handle().rate_limited_count().to_string(),
            "0",
            String::new(),
        ),
    ]);
    setup.core.shutdown().await;
    Ok(report)
}

/// Full sync with the limits lifted, against the raw insert floor; then a sync with
/// nothing changed.
pub async fn unlimited(seed: u64, scale: Scale) -> Result<Report, BenchError> {
    let setup = setup(seed, scale, false, at_rate(100_000)).await?;
    let elapsed = setup.timed_sync().await?;
    let records = setup.records().await?;
    let synced_rate = records as f64 / elapsed.as_secs_f64();

    let (raw_elapsed, raw_rows) = bulk_insert(
        setup.core.store().pool(),
        &setup.dir.path().join("floor.db"),
    )
    .await?;
    let raw_rate = records as f64 / raw_elapsed.as_secs_f64();

    setup.sandbox.handle().reset_request_counts();
    setup.timed_sync().await?;
    let by_resource = setup.sandbox.handle().requests_by_resource();
    let lojas = setup.lojas().await?;
    let lists_of = |resource: &str| match resource {
        "vendas" | "recebimentos" | "pagamentos" => lojas,
        _ => 1,
    };
    let worst = by_resource
        .iter()
        .map(|(resource, requests)| *requests as f64 / lists_of(resource) as f64)
        .fold(0.0, f64::max);
    let per_resource: BTreeMap<_, _> = by_resource.iter().collect();

    let report = Report(vec![
        line(
            "unlimited full sync: records/s ÷ raw insert",
            format!("{:.3}", synced_rate / raw_rate),
            "≥ 0.5",
            format!(
                "{records} records in {:.2} s = {synced_rate:.0}/s; raw insert of its {raw_rows} rows {:.2} s = {raw_rate:.0} records/s",
                elapsed.as_secs_f64(),
                raw_elapsed.as_secs_f64()
            ),
        ),
        line(
            "nothing changed: requests per list (worst)",
            format!("{worst:.2}"),
            "≤ 1",
            format!("{lojas} lojas; requests by resource {per_resource:?}"),
        ),
    ]);
    setup.core.shutdown().await;
    Ok(report)
}
