//! How long the app's writes wait while a backup runs. A writer task makes the write the
//! sync and the relay poller make, one page through `Store::apply_page` (here one new
//! recebimento: its row, link, sync log line and the DRE's triggers), every `PACE`, and
//! times each. It runs during each of a few backups, then alone for as long as they took
//! together (the floor, in the same run); p50, p99 and max of both are printed.

use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_core::Core;
use ponte_core::backups::{BackupKind, Manifest};
use ponte_core::domain::{EntityKind, Scope};
use ponte_core::providers::gestaoclick;
use ponte_core::providers::gestaoclick::mapper::map_record;
use ponte_core::store::{PageWrite, RunTrigger, Store, StoredRecord};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::time::MissedTickBehavior;

/// Between two writes: far more often than a sync writes pages (the provider allows 3
/// requests a second), so that each backup meets hundreds of writes.
const PACE: Duration = Duration::from_millis(10);
/// The goal for the p99 of a write during a backup.
const GOAL: Duration = Duration::from_millis(50);

/// The write latencies during the backups and alone.
pub struct Writes {
    during: Vec<Duration>,
    alone: Vec<Duration>,
    backups: u16,
    backing_up: Duration,
}

/// Where the writer writes: the integration and the sync run its pages belong to.
#[derive(Clone)]
struct Writer {
    store: Store,
    integration_id: i64,
    run_id: i64,
}

pub async fn measure(core: &Core, integration_id: i64, backups: u16) -> Result<Writes, BenchError> {
    let store = core.store().clone();
    let run_id = store.start_run(integration_id, RunTrigger::Manual).await?;
    let writer = Writer {
        store,
        integration_id,
        run_id,
    };
    let mut next_id = 0;
    let (mut during, mut backing_up) = (Vec::new(), Duration::ZERO);
    for _ in 0..backups {
        let stop = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(writer.clone().run(next_id, stop.clone()));
        let started = Instant::now();
        let backup = core.backups().create(BackupKind::Manual).await;
        backing_up += started.elapsed();
        stop.store(true, Ordering::Relaxed);
        let latencies = task.await??;
        let backup = backup?;
        std::fs::remove_file(Manifest::path_for(&backup.path))?;
        std::fs::remove_file(&backup.path)?;
        next_id += latencies.len();
        during.extend(latencies);
    }
    // The floor: the same writes at the same pace, for as long, with no backup running.
    let stop = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(writer.run(next_id, stop.clone()));
    tokio::time::sleep(backing_up).await;
    stop.store(true, Ordering::Relaxed);
    let alone = task.await??;
    Ok(Writes {
        during,
        alone,
        backups,
        backing_up,
    })
}

impl Writer {
    /// Writes one recebimento every `PACE` until `stop` (at least one); returns each write's
    /// latency.
    async fn run(
        self,
        first_id: usize,
        stop: Arc<AtomicBool>,
    ) -> Result<Vec<Duration>, BenchError> {
        let mut pace = tokio::time::interval(PACE);
        pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut latencies = Vec::new();
        for id in first_id.. {
            pace.tick().await;
            let record = recebimento(id)?;
            let started = Instant::now();
            self.store
                .apply_page(PageWrite {
                    integration_id: self.integration_id,
                    provider: gestaoclick::KIND,
                    entity: EntityKind::Recebimento,
                    run_id: self.run_id,
                    scan_id: None,
                    records: std::slice::from_ref(&record),
                    failures: &[],
                    checkpoint: None,
                })
                .await?;
            latencies.push(started.elapsed());
            // Checked after the write: a phase always has a write to report, even when a tiny
            // store's backup ends before this task first runs.
            if stop.load(Ordering::Relaxed) {
                break;
            }
        }
        Ok(latencies)
    }
}

/// A settled Gestão Click recebimento, as the provider sends it.
fn recebimento(id: usize) -> Result<StoredRecord, BenchError> {
    let item = json!({
        "id": format!("w{id}"), "descricao": "Venda", "valor": "100.00", "juros": "0.00",
        "desconto": "0.00", "taxa_banco": "0.00", "taxa_operadora": "2.50",
        "valor_total": "97.50", "liquidado": "1", "data_competencia": "2026-03-10",
        "data_vencimento": "2026-03-10", "data_liquidacao": "2026-03-12",
        "plano_contas_id": "p1", "nome_plano_conta": "Conta 1",
        "conta_bancaria_id": "c1", "nome_conta_bancaria": "Conta Itaú"
    });
    map_record(EntityKind::Recebimento, &item, &Scope::Account).map_err(|failure| {
        BenchError::BackupBench(format!(
            "the mapper refused a recebimento: {}",
            failure.reason
        ))
    })
}

/// The `q` quantile (0 < q ≤ 1) of sorted latencies.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Writes {
    pub fn lines(mut self) -> Vec<Line> {
        self.during.sort();
        self.alone.sort();
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let summary = |sorted: &[Duration]| {
            format!(
                "p50 {}, p99 {}, max {} of {} writes",
                ms(quantile(sorted, 0.5)),
                ms(quantile(sorted, 0.99)),
                ms(quantile(sorted, 1.0)),
                sorted.len()
            )
        };
        let p99 = quantile(&self.during, 0.99);
        let verdict = if p99 < GOAL { "met" } else { "NOT MET" };
        vec![
            line(
                "a write during a backup, p99",
                ms(p99),
                &format!("< {} ms", GOAL.as_millis()),
                format!(
                    "{verdict}; one page of one recebimento every {} ms through Store::apply_page during {} backups ({:.1} s): {}",
                    PACE.as_millis(),
                    self.backups,
                    self.backing_up.as_secs_f64(),
                    summary(&self.during)
                ),
            ),
            line(
                "… the same writes, no backup running",
                ms(quantile(&self.alone, 0.99)),
                "—",
                format!("for as long, in the same run: {}", summary(&self.alone)),
            ),
        ]
    }
}
