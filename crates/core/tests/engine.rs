//! The engine's run discipline: one run per integration, a second request joins it, and a
//! manual request preempts a scheduled run, which the manual one then completes.

use crate::support;

use ponte_core::store::{RunOutcome, RunTrigger};
use ponte_sandbox::Faults;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

fn slowed() -> ponte_sandbox::SandboxConfig {
    let mut config = small_unlimited(7);
    config.faults = Faults {
        latency_ms: 10,
        ..Faults::default()
    };
    config
}

#[tokio::test]
async fn a_second_request_joins_the_run_in_progress() {
    let h = harness(slowed(), fast_settings()).await;
    let engine = h.core.sync();
    let first = engine
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    let second = engine
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("joins");
    let scheduled = engine
        .start(h.integration.id, RunTrigger::Scheduled)
        .await
        .expect("joins");
    assert_eq!(first.run_id, second.run_id);
    assert_eq!(first.run_id, scheduled.run_id);
    assert_eq!(second.wait().await.outcome, RunOutcome::Succeeded);
    assert_eq!(
        h.core
            .store()
            .runs(Some(h.integration.id), 10)
            .await
            .expect("runs")
            .len(),
        1
    );
}

#[tokio::test]
async fn manual_preempts_scheduled_and_finishes_the_mirror() {
    let h = harness(slowed(), fast_settings()).await;
    let engine = h.core.sync();
    let scheduled = engine
        .start(h.integration.id, RunTrigger::Scheduled)
        .await
        .expect("starts");
    let manual = engine
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("preempts");
    assert_ne!(scheduled.run_id, manual.run_id);
    assert_eq!(scheduled.wait().await.outcome, RunOutcome::Cancelled);
    let result = manual.wait().await;
    assert_succeeded(&result);
    h.assert_mirrors_sandbox().await;
}

#[tokio::test]
async fn cancel_stops_the_run_and_says_so() {
    let h = harness(slowed(), fast_settings()).await;
    let engine = h.core.sync();
    let run = engine
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert!(engine.cancel(h.integration.id));
    assert_eq!(run.wait().await.outcome, RunOutcome::Cancelled);
    assert!(engine.running(h.integration.id).is_none());
    let row = h.core.store().run(run.run_id).await.expect("run row");
    assert_eq!(row.outcome, RunOutcome::Cancelled);
}
