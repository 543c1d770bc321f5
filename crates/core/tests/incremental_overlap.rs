//! The incremental read goes back past the watermark by the integration's overlap: an edit
//! stamped at the watermark's second, or an hour before it (a provider clock in another
//! Brazilian zone), is still found, and the watermark never moves back. A sync with nothing
//! changed still costs one request per list, as it did without the overlap.

use crate::support;

use chrono::{NaiveDateTime, TimeDelta};
use ponte_core::domain::{EntityKind, Scope};
use ponte_core::store::{EntityCounts, IntegrationSettings};
use ponte_core::sync::RunResult;
use ponte_sandbox::{Mutation, MutationEntity, MutationOutcome};
use serde_json::json;
use support::{Harness, assert_succeeded, fast_settings, harness, small_unlimited};

const STAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Clientes created just before the first sync, one second apart: more than a page (100)
/// stamped after the hour before the watermark, so an edit dated an hour back sits past the
/// first page of the incremental read.
const RECENT_CLIENTES: u64 = 150;

#[tokio::test]
async fn edits_stamped_at_or_an_hour_before_the_watermark_are_picked_up() {
    let scenario = Scenario::run(fast_settings()).await;
    let h = &scenario.harness;
    h.assert_mirrors_sandbox().await;
    let clientes = scenario.clientes_counts().await;
    assert_eq!(
        (clientes.created, clientes.updated, clientes.deactivated),
        (0, 2, 0),
        "{clientes:?}"
    );
    // What the overlap read back besides the two edits was recognized as unchanged.
    assert!(clientes.unchanged >= RECENT_CLIENTES, "{clientes:?}");
    assert!(
        h.sandbox.handle().requests_by_resource()["clientes"] >= 2,
        "the hour-old edit is past the first page"
    );
    assert_eq!(
        stored_stamp(h, &scenario.same_second.id).await,
        scenario.watermark
    );
    assert_eq!(
        stored_stamp(h, &scenario.hour_old.id).await,
        scenario.hour_old.modificado_em.clone().expect("stamped")
    );
    assert_eq!(
        clientes_watermark(h).await,
        scenario.watermark,
        "the watermark does not move back"
    );
}

/// The control for the test above: with no overlap the read stops on the first page, so
/// the same edit an hour back is never seen. The edits sit where the overlap is needed.
#[tokio::test]
async fn without_an_overlap_the_hour_old_edit_is_missed() {
    let scenario = Scenario::run(IntegrationSettings {
        incremental_overlap_minutes: 0,
        ..fast_settings()
    })
    .await;
    let h = &scenario.harness;
    let clientes = scenario.clientes_counts().await;
    assert_eq!(clientes.updated, 1, "{clientes:?}");
    assert_eq!(h.sandbox.handle().requests_by_resource()["clientes"], 1);
    assert_eq!(
        stored_stamp(h, &scenario.same_second.id).await,
        scenario.watermark
    );
    assert_ne!(
        Some(stored_stamp(h, &scenario.hour_old.id).await),
        scenario.hour_old.modificado_em
    );
}

#[tokio::test]
async fn a_sync_with_nothing_changed_costs_one_request_per_list_as_without_the_overlap() {
    let mut requests = Vec::new();
    for overlap in [
        0,
        IntegrationSettings::default().incremental_overlap_minutes,
    ] {
        let settings = IntegrationSettings {
            incremental_overlap_minutes: overlap,
            ..fast_settings()
        };
        let h = harness(small_unlimited(7), settings).await;
        assert_succeeded(&h.sync().await);
        let lojas = h.totals().await[&EntityKind::Loja].count;
        h.sandbox.handle().reset_request_counts();

        let result = h.sync().await;
        assert_succeeded(&result);
        let run = h.core.store().run(result.run_id).await.expect("run row");
        let totals = run.totals();
        assert_eq!(
            (totals.created, totals.updated, totals.deactivated),
            (0, 0, 0),
            "overlap {overlap} min: {run:?}"
        );
        let by_resource = h.sandbox.handle().requests_by_resource();
        assert_eq!(
            by_resource.len(),
            10,
            "every list was read: {by_resource:?}"
        );
        for (resource, count) in &by_resource {
            let lists = match resource.as_str() {
                "vendas" | "recebimentos" | "pagamentos" => lojas,
                _ => 1,
            };
            assert_eq!(
                *count, lists,
                "overlap {overlap} min, {resource}: {count} requests for {lists} list(s)"
            );
        }
        requests.push(by_resource);
    }
    assert_eq!(requests[0], requests[1]);
}

/// A first sync over `RECENT_CLIENTES` fresh clientes, then two edits of old clientes
/// stamped at the watermark and an hour before it, then the incremental sync under test.
struct Scenario {
    harness: Harness,
    /// The clientes' watermark after the first sync.
    watermark: String,
    same_second: MutationOutcome,
    hour_old: MutationOutcome,
    result: RunResult,
}

impl Scenario {
    async fn run(settings: IntegrationSettings) -> Scenario {
        let harness = harness(small_unlimited(7), settings).await;
        let sandbox = harness.sandbox.handle();
        for _ in 0..RECENT_CLIENTES {
            sandbox
                .apply(Mutation::Create(MutationEntity::Cliente))
                .expect("create");
        }
        assert_succeeded(&harness.sync().await);
        let watermark = clientes_watermark(&harness).await;
        let known = NaiveDateTime::parse_from_str(&watermark, STAMP_FORMAT).expect("a stamp");
        let an_hour_before = (known - TimeDelta::hours(1))
            .format(STAMP_FORMAT)
            .to_string();
        let [first, second] = oldest_clientes(&harness).await;
        let same_second = update_stamped(&harness, &first, &watermark).await;
        let hour_old = update_stamped(&harness, &second, &an_hour_before).await;
        sandbox.reset_request_counts();
        let result = harness.sync().await;
        assert_succeeded(&result);
        Scenario {
            harness,
            watermark,
            same_second,
            hour_old,
            result,
        }
    }

    async fn clientes_counts(&self) -> EntityCounts {
        let run = self
            .harness
            .core
            .store()
            .run(self.result.run_id)
            .await
            .expect("run row");
        run.entities
            .iter()
            .find(|(entity, _)| *entity == EntityKind::Cliente)
            .map(|(_, counts)| *counts)
            .unwrap_or_default()
    }
}

async fn clientes_watermark(h: &Harness) -> String {
    h.core
        .store()
        .checkpoint(h.integration.id, EntityKind::Cliente, &Scope::Account)
        .await
        .expect("checkpoint")
        .watermark
        .expect("a watermark after a sync")
}

/// The two clientes with the oldest stamps: an edit dated near the watermark is newer
/// than what is stored for them, as a real edit is.
async fn oldest_clientes(h: &Harness) -> [String; 2] {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT external_id FROM entity_links WHERE integration_id = ? AND entity_type = 'cliente'
         ORDER BY provider_modified_at, local_id LIMIT 2",
    )
    .bind(h.integration.id)
    .fetch_all(h.core.store().pool())
    .await
    .expect("clientes");
    ids.try_into().expect("two clientes")
}

async fn stored_stamp(h: &Harness, external_id: &str) -> String {
    sqlx::query_scalar(
        "SELECT provider_modified_at FROM entity_links
         WHERE integration_id = ? AND entity_type = 'cliente' AND external_id = ?",
    )
    .bind(h.integration.id)
    .bind(external_id)
    .fetch_one(h.core.store().pool())
    .await
    .expect("a stored cliente")
}

/// Edits cliente `id` in the sandbox, dated `modificado_em`, through its admin route.
async fn update_stamped(h: &Harness, id: &str, modificado_em: &str) -> MutationOutcome {
    let url = format!("http://{}/__sandbox/records/update", h.sandbox.addr());
    let body = json!({"entity": "cliente", "id": id, "modificado_em": modificado_em});
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("the sandbox answers");
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.expect("the change's outcome")
}
