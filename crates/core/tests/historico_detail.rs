//! The Histórico's run detail against the sandbox, counted by hand: every record read lands
//! in exactly one of novos, atualizados, sem mudança or falhas; each audit line names its
//! record and says what changed; a failed run still counts the requests it sent; and the
//! progress says which step of the run it is in, with a fraction that never goes back.

use crate::support;

use ponte_core::domain::EntityKind;
use ponte_core::store::{RunOutcome, RunTrigger};
use ponte_core::sync::{RunResult, SyncEvent};
use ponte_sandbox::{FaultKind, Mutation, MutationEntity};
use support::{
    Harness, assert_succeeded, fast_settings, harness, harness_with_credentials, resource,
    small_unlimited,
};

/// Every line of a run's log, at once.
const ALL_LINES: u32 = 100_000;

/// A manual sync, with the progress events it sent.
async fn sync_watching(h: &Harness) -> (RunResult, Vec<SyncEvent>) {
    let mut events = h.core.sync().subscribe();
    let handle = h
        .core
        .sync()
        .start(h.integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    let mut seen = Vec::new();
    while let Ok(event) = events.recv().await {
        let finished =
            matches!(&event, SyncEvent::Finished { run_id, .. } if *run_id == handle.run_id);
        seen.push(event);
        if finished {
            break;
        }
    }
    (handle.wait().await, seen)
}

/// The records the run's pages carried, as its last progress event counts them.
fn records_read(events: &[SyncEvent]) -> u64 {
    events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Progress { records, .. } => Some(*records),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn the_first_sync_creates_what_the_sandbox_holds_and_its_counts_add_up() {
    let h = harness(small_unlimited(21), fast_settings()).await;
    let (result, events) = sync_watching(&h).await;
    assert_succeeded(&result);
    let summary = h.sandbox.handle().summary();
    let in_sandbox: u64 = EntityKind::ALL
        .iter()
        .map(|kind| summary.entities[resource(*kind)].count)
        .sum();

    let detail = h
        .core
        .sync()
        .run_detail(result.run_id, ALL_LINES)
        .await
        .expect("detail");
    let totals = detail.run.totals();
    assert_eq!(totals.created, in_sandbox, "{totals:?}");
    assert_eq!(
        (
            totals.updated,
            totals.unchanged,
            totals.deactivated,
            totals.failed
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(
        totals.read(),
        records_read(&events),
        "each record read is counted once"
    );
    // One line per record created: the log and the summary tell the same story.
    assert_eq!(detail.log_total, totals.created);
    assert_eq!(detail.log.len() as u64, detail.log_total);
    for kind in EntityKind::ALL {
        let lines = detail.log.iter().filter(|l| l.entity == kind).count() as u64;
        assert_eq!(lines, summary.entities[resource(kind)].count, "{kind:?}");
    }
    for line in &detail.log {
        assert_eq!(line.action, "created");
        assert!(line.detail.starts_with("novo no Ponte"), "{line:?}");
        let name = line.name.as_deref().unwrap_or_default();
        assert!(!name.is_empty(), "a record without a name: {line:?}");
        assert_ne!(name, line.external_id, "{line:?}");
    }
    let venda = detail
        .log
        .iter()
        .find(|l| l.entity == EntityKind::Venda)
        .expect("a venda");
    assert!(
        venda
            .name
            .as_deref()
            .unwrap_or_default()
            .starts_with("Venda "),
        "{venda:?}"
    );
    h.core.shutdown().await;
}

#[tokio::test]
async fn an_update_names_the_record_and_the_fields_that_changed() {
    let h = harness(small_unlimited(22), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let cliente = first(&h, EntityKind::Cliente).await;
    let venda = first(&h, EntityKind::Venda).await;
    let sandbox = h.sandbox.handle();
    sandbox
        .apply(Mutation::Update(MutationEntity::Cliente, cliente.clone()))
        .expect("cliente updated");
    sandbox
        .apply(Mutation::Update(MutationEntity::Venda, venda.clone()))
        .expect("venda updated");

    let (result, events) = sync_watching(&h).await;
    assert_succeeded(&result);
    let detail = h
        .core
        .sync()
        .run_detail(result.run_id, ALL_LINES)
        .await
        .expect("detail");
    let totals = detail.run.totals();
    assert_eq!((totals.created, totals.updated), (0, 2), "{totals:?}");
    assert_eq!(
        totals.read(),
        records_read(&events),
        "each record read is counted once"
    );
    assert_eq!(detail.log_total, 2, "{:?}", detail.log);

    let line = |id: &str| {
        detail
            .log
            .iter()
            .find(|l| l.external_id == id)
            .unwrap_or_else(|| panic!("no line for {id}: {:?}", detail.log))
    };
    let cliente_line = line(&cliente);
    assert_eq!(cliente_line.action, "updated");
    assert_eq!(cliente_line.entity, EntityKind::Cliente);
    let nome: String = sqlx::query_scalar(
        "SELECT p.nome FROM parties p JOIN entity_links k ON k.local_id = p.id
         WHERE k.entity_type = 'cliente' AND k.external_id = ?",
    )
    .bind(&cliente)
    .fetch_one(h.core.store().pool())
    .await
    .expect("cliente row");
    assert_eq!(cliente_line.name.as_deref(), Some(nome.as_str()));
    // The sandbox's edit always gives a cliente a new celular.
    assert!(
        cliente_line.detail.contains("celular: ") && cliente_line.detail.contains(" → "),
        "{cliente_line:?}"
    );
    let venda_line = line(&venda);
    assert!(venda_line.detail.contains(" → "), "{venda_line:?}");
    assert!(
        venda_line
            .name
            .as_deref()
            .unwrap_or_default()
            .starts_with("Venda "),
        "{venda_line:?}"
    );
    h.core.shutdown().await;
}

#[tokio::test]
async fn a_run_refused_for_its_tokens_counts_the_request_it_sent() {
    let config = small_unlimited(23);
    let wrong = ponte_core::credentials::Credentials::new("errado", "errado").expect("tokens");
    let h = harness_with_credentials(config, fast_settings(), wrong).await;
    let result = h.sync().await;
    assert_eq!(result.outcome, RunOutcome::Failed);
    assert_eq!(result.error_code.as_deref(), Some("invalid_credentials"));

    let run = h.core.store().run(result.run_id).await.expect("run");
    assert_eq!(run.requests, 1, "{run:?}");
    assert_eq!(run.totals().requests, 1, "{run:?}");
    let card = h
        .core
        .overview()
        .await
        .expect("painel")
        .into_iter()
        .find(|c| c.integration.id == h.integration.id)
        .expect("card");
    assert_eq!(card.requests_today, 1, "the quota");
    assert_eq!(
        card.last_run_totals.map(|t| t.requests),
        Some(1),
        "the card's last sync agrees with the quota"
    );
    h.core.shutdown().await;
}

#[tokio::test]
async fn a_run_that_gives_up_after_retries_counts_every_attempt() {
    let h = harness(small_unlimited(24), fast_settings()).await;
    let attempts = fast_settings().max_attempts;
    h.sandbox
        .handle()
        .fail_next(attempts, FaultKind::ServerError);
    let result = h.sync().await;
    assert_eq!(result.outcome, RunOutcome::Failed, "{result:?}");

    let run = h.core.store().run(result.run_id).await.expect("run");
    assert_eq!(run.requests, u64::from(attempts), "{run:?}");
    assert_eq!(run.requests, h.sandbox.handle().request_count());
    h.core.shutdown().await;
}

#[tokio::test]
async fn progress_counts_steps_and_its_fraction_never_goes_back() {
    let h = harness(small_unlimited(25), fast_settings()).await;
    let (result, events) = sync_watching(&h).await;
    assert_succeeded(&result);
    let pages: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Progress {
                entity, step, done, ..
            } => Some((*entity, step.expect("a step"), done.expect("a fraction"))),
            _ => None,
        })
        .collect();
    assert!(!pages.is_empty());
    assert!(pages.iter().all(|(_, step, _)| step.count == 10));
    for pair in pages.windows(2) {
        assert!(pair[0].1.index <= pair[1].1.index, "{pair:?}");
        assert!(pair[0].2 <= pair[1].2, "the bar went back: {pair:?}");
    }
    let steps_of = |kind: EntityKind| {
        pages
            .iter()
            .find(|(entity, _, _)| *entity == kind)
            .map(|(_, step, _)| step.index)
    };
    assert_eq!(steps_of(EntityKind::Loja), Some(1));
    assert_eq!(steps_of(EntityKind::PlanoConta), Some(2));
    assert_eq!(steps_of(EntityKind::Pagamento), Some(10));
    let lojas = h.totals().await[&EntityKind::Loja].count as u32;
    assert!(
        pages
            .iter()
            .filter(|(entity, _, _)| *entity == EntityKind::Venda)
            .all(|(_, step, _)| step.parts == lojas),
        "one part per loja"
    );
    assert_eq!(pages.last().map(|(_, _, done)| *done), Some(1.0));
    h.core.shutdown().await;
}

async fn first(h: &Harness, entity: EntityKind) -> String {
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
