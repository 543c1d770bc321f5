//! A first sync over loopback mirrors the sandbox's dataset exactly, whatever `meta`
//! variant and item wrapping the provider uses, and a second sync with nothing changed
//! costs about one request per list.

use crate::support;

use ponte_core::domain::EntityKind;
use ponte_core::store::RunOutcome;
use ponte_sandbox::MetaVariant;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

#[tokio::test]
async fn full_sync_mirrors_the_sandbox_exactly() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    let result = h.sync().await;
    assert_succeeded(&result);
    h.assert_mirrors_sandbox().await;

    let run = h.core.store().run(result.run_id).await.expect("run row");
    let totals = h.totals().await;
    for (kind, counts) in &run.entities {
        assert_eq!(counts.created, totals[kind].count, "created {kind:?}");
        assert_eq!(counts.failed, 0, "failed {kind:?}");
    }
    assert_eq!(
        run.requests,
        h.sandbox.handle().request_count(),
        "every request is counted"
    );
}

#[tokio::test]
async fn both_meta_variants_and_wrapped_items_mirror_alike() {
    for (meta, wrapped) in [(MetaVariant::ForceA, true), (MetaVariant::ForceB, false)] {
        let mut config = small_unlimited(11);
        config.meta_variant = meta;
        config.wrapped_items = wrapped;
        let h = harness(config, fast_settings()).await;
        let result = h.sync().await;
        assert_eq!(
            result.outcome,
            RunOutcome::Succeeded,
            "{meta:?}: {:?}",
            result.error_message
        );
        h.assert_mirrors_sandbox().await;
    }
}

#[tokio::test]
async fn second_sync_with_nothing_changed_reads_one_page_per_list() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);
    let lojas = h.totals().await[&EntityKind::Loja].count;
    h.sandbox.handle().reset_request_counts();

    let result = h.sync().await;
    assert_succeeded(&result);
    let by_resource = h.sandbox.handle().requests_by_resource();
    for (resource, requests) in &by_resource {
        let lists = match resource.as_str() {
            "vendas" | "recebimentos" | "pagamentos" => lojas,
            _ => 1,
        };
        assert!(
            *requests <= lists,
            "{resource}: {requests} requests for {lists} list(s)"
        );
    }
    let run = h.core.store().run(result.run_id).await.expect("run row");
    let totals = run.totals();
    assert_eq!(
        (totals.created, totals.updated, totals.deactivated),
        (0, 0, 0)
    );
    h.assert_mirrors_sandbox().await;
}
