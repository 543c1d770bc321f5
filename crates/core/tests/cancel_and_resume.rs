//! A cancelled sync keeps every committed page, and the next one resumes from the
//! checkpoint instead of reading the list again. The same holds for a process killed
//! mid-run: its run is marked interrupted at the next start.

use crate::support;

use ponte_core::domain::EntityKind;
use ponte_core::store::RunOutcome;
use ponte_sandbox::Faults;
use support::{PAGE_SIZE, assert_succeeded, fast_settings, harness, open_core, small_unlimited};

fn pages(records: u64) -> u64 {
    records.div_ceil(PAGE_SIZE).max(1)
}

#[tokio::test]
async fn cancelled_sync_resumes_from_the_checkpoint() {
    let mut config = small_unlimited(7);
    config.faults = Faults {
        latency_ms: 20,
        ..Faults::default()
    };
    let h = harness(config, fast_settings()).await;

    let cancelled = h
        .sync_acting_after(EntityKind::Venda, 2, |_, run| run.cancel())
        .await;
    assert_eq!(cancelled.outcome, RunOutcome::Cancelled);
    h.assert_whole_pages().await;
    let committed = h.totals().await[&EntityKind::Venda].count;
    assert!(
        committed >= 2 * PAGE_SIZE,
        "two pages were committed before the cancel"
    );

    h.sandbox.handle().reset_request_counts();
    let resumed = h.sync().await;
    assert_succeeded(&resumed);
    h.assert_mirrors_sandbox().await;

    let summary = h.sandbox.handle().summary();
    let full_vendas_pages: u64 = summary.entities["vendas"]
        .per_loja
        .values()
        .map(|l| pages(l.count))
        .sum();
    let vendas_requests = h.sandbox.handle().requests_by_resource()["vendas"];
    assert!(
        vendas_requests <= full_vendas_pages - committed / PAGE_SIZE + 1,
        "the resume read {vendas_requests} vendas pages of {full_vendas_pages}, after {committed} committed records"
    );
}

#[tokio::test]
async fn a_run_left_unfinished_by_a_dead_process_is_marked_interrupted() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    let run_id = h
        .core
        .store()
        .start_run(h.integration.id, ponte_core::store::RunTrigger::Manual)
        .await
        .expect("run row");
    h.core.shutdown().await;

    let reopened = open_core(&h.dir, Default::default()).await;
    let run = reopened.store().run(run_id).await.expect("run row");
    assert_eq!(run.outcome, RunOutcome::Interrupted);
    assert!(run.finished_at.is_some());
    reopened.shutdown().await;
}
