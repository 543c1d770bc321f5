//! After creates, updates and deletes upstream, an incremental sync finds all of them:
//! reading only the newest page of each list when nothing vanished, and reconciling with a full scan of
//! the affected lists when something did. Vanished records are deactivated, not deleted,
//! and local-only fields survive provider updates.

use crate::support;

use ponte_core::domain::EntityKind;
use ponte_core::store::RunOutcome;
use ponte_sandbox::{Mutation, MutationEntity};
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

#[tokio::test]
async fn creates_and_updates_cost_a_few_requests() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);
    let full_requests = h.sandbox.handle().request_count();
    let sandbox = h.sandbox.handle();
    for entity in [
        MutationEntity::Cliente,
        MutationEntity::Fornecedor,
        MutationEntity::Venda,
        MutationEntity::Recebimento,
        MutationEntity::Pagamento,
    ] {
        sandbox.apply(Mutation::Create(entity)).expect("create");
    }
    let updated_cliente = first_external_id(&h, EntityKind::Cliente).await;
    sandbox
        .apply(Mutation::Update(
            MutationEntity::Cliente,
            updated_cliente.clone(),
        ))
        .expect("update");
    sandbox.reset_request_counts();

    let result = h.sync().await;
    assert_succeeded(&result);
    h.assert_mirrors_sandbox().await;
    let run = h.core.store().run(result.run_id).await.expect("run row");
    let counts = run.totals();
    assert_eq!(counts.created, 5, "{run:?}");
    assert_eq!(counts.updated, 1, "{run:?}");
    // Six changes fit in the first page of each list: one request per list.
    let lists = 7 + 3 * h.totals().await[&EntityKind::Loja].count;
    let requests = sandbox.request_count();
    assert!(
        requests <= lists,
        "incremental used {requests} requests for {lists} lists (the full sync {full_requests})"
    );
}

#[tokio::test]
async fn deletes_deactivate_the_local_record() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);
    let outcomes = h.sandbox.handle().apply_random(3, 4, 6, 5);
    assert_eq!(outcomes.len(), 15);

    let result = h.sync().await;
    assert_succeeded(&result);
    h.assert_mirrors_sandbox().await;
    let run = h.core.store().run(result.run_id).await.expect("run row");
    assert_eq!(run.totals().deactivated, 5, "{run:?}");
    let kept: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM entity_links WHERE integration_id = ? AND active = 0",
    )
    .bind(h.integration.id)
    .fetch_one(h.core.store().pool())
    .await
    .expect("count");
    assert_eq!(kept, 5, "deactivated links are kept");
}

#[tokio::test]
async fn provider_updates_keep_local_only_fields() {
    let h = harness(small_unlimited(7), fast_settings()).await;
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);
    let external_id = first_external_id(&h, EntityKind::Cliente).await;
    let pool = h.core.store().pool();
    let local_id: i64 = sqlx::query_scalar(
        "SELECT local_id FROM entity_links WHERE entity_type = 'cliente' AND external_id = ?",
    )
    .bind(&external_id)
    .fetch_one(pool)
    .await
    .expect("link");
    sqlx::query("UPDATE parties SET nota = 'ligar antes de cobrar' WHERE id = ?")
        .bind(local_id)
        .execute(pool)
        .await
        .expect("local note");
    let before: String = sqlx::query_scalar("SELECT modificado_em FROM parties WHERE id = ?")
        .bind(local_id)
        .fetch_one(pool)
        .await
        .expect("row");

    h.sandbox
        .handle()
        .apply(Mutation::Update(MutationEntity::Cliente, external_id))
        .expect("update");
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);

    let (nota, after): (Option<String>, String) =
        sqlx::query_as("SELECT nota, modificado_em FROM parties WHERE id = ?")
            .bind(local_id)
            .fetch_one(pool)
            .await
            .expect("row");
    assert!(after > before, "the provider's update was applied");
    assert_eq!(nota.as_deref(), Some("ligar antes de cobrar"));
}

async fn first_external_id(h: &support::Harness, entity: EntityKind) -> String {
    sqlx::query_scalar(
        "SELECT external_id FROM entity_links WHERE integration_id = ? AND entity_type = ?
         ORDER BY local_id LIMIT 1",
    )
    .bind(h.integration.id)
    .bind(entity.as_str())
    .fetch_one(h.core.store().pool())
    .await
    .expect("a mirrored record")
}
