//! Corrigir na origem against the sandbox over loopback: a baixa, a reclassification of
//! the entries behind a DRE cell, conflicts held or merged, faults during sends ending
//! done or failed and never written twice, the provider's validation message, and the
//! setting that keeps writes off.

use crate::support;

use chrono::Datelike;
use ponte_core::Error;
use ponte_core::domain::period::{Month, MonthRange};
use ponte_core::reports::dre::{Basis, Comparison, Dre, DreFilters, DreLine};
use ponte_core::store::{IntegrationSettings, RunTrigger};
use ponte_core::writeback::{
    Baixa, ChangeRequest, ConflictChoice, LancamentoChange, OutboxId, OutboxItem, OutboxState,
    Reclassificacao,
};
use ponte_sandbox::{FaultKind, SandboxConfig};
use serde_json::{Map, Value, json};
use sqlx::Row;
use support::{Harness, assert_succeeded, fast_settings, harness, small_unlimited};

fn writable() -> IntegrationSettings {
    IntegrationSettings {
        allow_writes: true,
        ..fast_settings()
    }
}

fn config() -> SandboxConfig {
    small_unlimited(21)
}

/// A synced harness with `settings`; the sender is not started yet.
async fn synced(settings: IntegrationSettings) -> Harness {
    let harness = harness(config(), settings).await;
    assert_succeeded(&harness.sync().await);
    harness
}

/// A live lançamento of `tipo`, open or settled: (local id, provider id, valor).
async fn lancamento(harness: &Harness, tipo: &str, settled: bool) -> (i64, String, i64) {
    let row = sqlx::query(
        "SELECT id, external_id, valor_centavos FROM lancamentos
         WHERE tipo = ? AND liquidado = ? AND deactivated_at IS NULL AND plano_contas_id <> ''
         ORDER BY id LIMIT 1",
    )
    .bind(tipo)
    .bind(settled)
    .fetch_one(harness.core.store().pool())
    .await
    .expect("a lançamento");
    (
        row.get("id"),
        row.get("external_id"),
        row.get("valor_centavos"),
    )
}

/// The sandbox's record, as `GET /{resource}/{id}` answers it.
async fn upstream(harness: &Harness, resource: &str, id: &str) -> Map<String, Value> {
    let url = format!("{}/{resource}/{id}", harness.sandbox.base_url());
    let config = config();
    let body: Value = reqwest::Client::new()
        .get(url)
        .header("access-token", &config.access_token)
        .header("secret-access-token", &config.secret_token)
        .send()
        .await
        .expect("sandbox answers")
        .json()
        .await
        .expect("json");
    body["data"].as_object().cloned().expect("a record")
}

async fn send_and_settle(harness: &Harness, request: ChangeRequest) -> Vec<OutboxItem> {
    let ids = harness
        .core
        .writeback()
        .request(request)
        .await
        .expect("queued");
    harness.core.writeback().start();
    harness
        .core
        .writeback()
        .settled(&ids)
        .await
        .expect("settled")
}

/// A plano de contas of the mirror other than those in `not`, used by lançamentos of
/// `tipo`.
async fn other_plano(harness: &Harness, tipo: &str, not: &[&str]) -> String {
    let not = serde_json::to_string(not).expect("json");
    sqlx::query_scalar(
        "SELECT plano_contas_id FROM lancamentos
         WHERE tipo = ? AND plano_contas_id <> ''
           AND plano_contas_id NOT IN (SELECT value FROM json_each(?))
         GROUP BY plano_contas_id ORDER BY count(*) DESC LIMIT 1",
    )
    .bind(tipo)
    .bind(not)
    .fetch_one(harness.core.store().pool())
    .await
    .expect("another plano")
}

/// An open lançamento of `tipo` and the busiest other plano de contas to move it to:
/// (local id, provider id, plano).
async fn to_reclassify(harness: &Harness, tipo: &str) -> (i64, String, String) {
    let (id, external_id, _) = lancamento(harness, tipo, false).await;
    let plano = other_plano(harness, tipo, &[&plano_of(harness, id).await]).await;
    (id, external_id, plano)
}

async fn plano_of(harness: &Harness, id: i64) -> String {
    sqlx::query_scalar("SELECT plano_contas_id FROM lancamentos WHERE id = ?")
        .bind(id)
        .fetch_one(harness.core.store().pool())
        .await
        .expect("its plano")
}

fn reclassify(ids: Vec<i64>, plano: &str) -> ChangeRequest {
    ChangeRequest {
        lancamento_ids: ids,
        change: LancamentoChange::Reclassificar(Reclassificacao {
            plano_contas_id: Some(plano.to_string()),
            centro_custo_id: None,
        }),
        priority: None,
    }
}

/// Queues the reclassification of lançamento `id` (served as `resource`/`external_id`)
/// to `plano`, then changes `field` upstream as the operator would in Gestão Click, then
/// lets the sender go: the queued ids and how they ended.
async fn reclassify_after_an_upstream_edit(
    harness: &Harness,
    (id, resource, external_id): (i64, &str, &str),
    plano: &str,
    (field, value): (&str, &str),
) -> (Vec<OutboxId>, Vec<OutboxItem>) {
    let queued = harness
        .core
        .writeback()
        .request(reclassify(vec![id], plano))
        .await
        .expect("queued");
    let mut edit = Map::new();
    edit.insert(field.into(), json!(value));
    harness
        .sandbox
        .handle()
        .edit_title(resource, external_id, edit)
        .expect("edited upstream");
    harness.core.writeback().start();
    let items = harness
        .core
        .writeback()
        .settled(&queued)
        .await
        .expect("settled");
    (queued, items)
}

async fn dre(harness: &Harness, basis: Basis, month: Month) -> Dre {
    harness
        .core
        .reports()
        .dre(
            MonthRange::new(month, month).expect("range"),
            basis,
            Comparison::PreviousPeriod,
            &DreFilters::default(),
        )
        .await
        .expect("dre")
}

/// Lucro líquido plus what no line took: everything the DRE counts.
fn bottom_line(dre: &Dre) -> i64 {
    [DreLine::LucroLiquido, DreLine::NaoClassificado]
        .iter()
        .filter_map(|line| dre.row(*line))
        .map(|row| row.total)
        .sum()
}

#[tokio::test]
async fn a_baixa_reaches_the_provider_and_moves_the_caixa_dre_by_its_amount() {
    let harness = synced(writable()).await;
    let (id, external_id, valor) = lancamento(&harness, "recebimento", false).await;
    let (conta, forma): (String, String) = sqlx::query_as(
        "SELECT (SELECT external_id FROM contas_bancarias LIMIT 1),
                (SELECT external_id FROM formas_pagamento LIMIT 1)",
    )
    .fetch_one(harness.core.store().pool())
    .await
    .expect("references");
    let today = config().today;
    let month = Month::new(today.year(), today.month()).expect("month");
    let before = bottom_line(&dre(&harness, Basis::Caixa, month).await);

    let items = send_and_settle(
        &harness,
        ChangeRequest {
            lancamento_ids: vec![id],
            change: LancamentoChange::Baixar(Baixa {
                data_liquidacao: today.format("%Y-%m-%d").to_string(),
                conta_bancaria_id: conta.clone(),
                forma_pagamento_id: forma,
                juros_centavos: 0,
                desconto_centavos: 0,
                taxa_banco_centavos: 0,
                taxa_operadora_centavos: 0,
            }),
            priority: None,
        },
    )
    .await;
    assert_eq!(items[0].state, OutboxState::Done, "{:?}", items[0]);

    let record = upstream(&harness, "recebimentos", &external_id).await;
    assert_eq!(record["liquidado"], "1");
    assert_eq!(record["conta_bancaria_id"], conta.as_str());
    let mirrored: (bool, Option<String>) =
        sqlx::query_as("SELECT liquidado, data_liquidacao FROM lancamentos WHERE id = ?")
            .bind(id)
            .fetch_one(harness.core.store().pool())
            .await
            .expect("mirror");
    assert_eq!(mirrored, (true, Some(today.format("%Y-%m-%d").to_string())));
    let after = bottom_line(&dre(&harness, Basis::Caixa, month).await);
    assert_eq!(
        after - before,
        valor,
        "the caixa DRE moves by exactly the título"
    );
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("recebimentos", &external_id),
        1
    );
    let audit: String = sqlx::query_scalar(
        "SELECT detail FROM sync_log WHERE outbox_id = ? AND action = 'written'",
    )
    .bind(items[0].id)
    .fetch_one(harness.core.store().pool())
    .await
    .expect("audit line");
    assert!(audit.starts_with("Baixa gravada na origem"), "{audit}");
}

#[tokio::test]
async fn reclassifying_the_entries_behind_a_dre_cell_moves_them_and_keeps_the_result() {
    let harness = synced(writable()).await;
    // The cell: one plano de contas of pagamentos in one month of competência.
    let cell = sqlx::query(
        "SELECT plano_contas_id, substr(data_competencia, 1, 7) AS month, count(*) AS n
         FROM lancamentos WHERE tipo = 'pagamento' AND deactivated_at IS NULL
           AND plano_contas_id <> '' AND data_competencia IS NOT NULL
         GROUP BY 1, 2 HAVING n >= 2 ORDER BY n DESC LIMIT 1",
    )
    .fetch_one(harness.core.store().pool())
    .await
    .expect("a cell");
    let from: String = cell.get("plano_contas_id");
    let month_text: String = cell.get("month");
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM lancamentos WHERE tipo = 'pagamento' AND deactivated_at IS NULL
           AND plano_contas_id = ? AND substr(data_competencia, 1, 7) = ?",
    )
    .bind(&from)
    .bind(&month_text)
    .fetch_all(harness.core.store().pool())
    .await
    .expect("the cell's entries");
    let to = other_plano(&harness, "pagamento", &[&from]).await;
    let month = Month::new(
        month_text[..4].parse().expect("year"),
        month_text[5..].parse().expect("month"),
    )
    .expect("month");
    let account = |dre: &Dre, plano: &str| -> i64 {
        dre.rows
            .iter()
            .filter(|row| row.plano_external_id.as_deref() == Some(plano))
            .map(|row| row.total)
            .sum()
    };
    let before = dre(&harness, Basis::Competencia, month).await;

    let items = send_and_settle(&harness, reclassify(ids.clone(), &to)).await;
    assert!(
        items.iter().all(|item| item.state == OutboxState::Done),
        "{items:?}"
    );

    let after = dre(&harness, Basis::Competencia, month).await;
    let moved = account(&before, &from) - account(&after, &from);
    assert_ne!(moved, 0, "the cell had an amount");
    assert_eq!(account(&after, &from), 0, "the cell is empty");
    assert_eq!(account(&after, &to) - account(&before, &to), moved);
    assert_eq!(
        bottom_line(&after),
        bottom_line(&before),
        "the result holds"
    );
}

#[tokio::test]
async fn the_same_field_changed_upstream_is_held_and_can_be_applied_again() {
    let harness = synced(writable()).await;
    let (id, external_id, _) = lancamento(&harness, "recebimento", false).await;
    let current = plano_of(&harness, id).await;
    let wanted = other_plano(&harness, "recebimento", &[&current]).await;
    let theirs = other_plano(&harness, "recebimento", &[&current, &wanted]).await;
    let (queued, held) = reclassify_after_an_upstream_edit(
        &harness,
        (id, "recebimentos", &external_id),
        &wanted,
        ("plano_contas_id", &theirs),
    )
    .await;
    assert_eq!(held[0].state, OutboxState::Conflict);
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("recebimentos", &external_id),
        0
    );
    let field = &held[0].fields[0];
    assert!(field.conflicting);
    assert!(
        field
            .upstream
            .as_deref()
            .is_some_and(|v| v.contains(&theirs)),
        "{field:?}"
    );
    assert!(field.requested.contains(&wanted), "{field:?}");
    let notifications = harness
        .core
        .notifications()
        .list(None, 10)
        .await
        .expect("notifications");
    assert!(
        notifications
            .iter()
            .any(|n| n.title.ends_with("1 alteração em conflito")),
        "{notifications:?}"
    );

    harness
        .core
        .writeback()
        .resolve_conflict(queued[0], ConflictChoice::ApplyAgain)
        .await
        .expect("applied again");
    let done = harness
        .core
        .writeback()
        .settled(&queued)
        .await
        .expect("settled");
    assert_eq!(done[0].state, OutboxState::Done, "{:?}", done[0]);
    assert_eq!(
        upstream(&harness, "recebimentos", &external_id).await["plano_contas_id"],
        wanted.as_str()
    );
}

#[tokio::test]
async fn another_field_changed_upstream_is_merged() {
    let harness = synced(writable()).await;
    let (id, external_id, wanted) = to_reclassify(&harness, "pagamento").await;
    let centro: String = sqlx::query_scalar("SELECT external_id FROM centros_custos LIMIT 1")
        .fetch_one(harness.core.store().pool())
        .await
        .expect("a centro");
    let (_, items) = reclassify_after_an_upstream_edit(
        &harness,
        (id, "pagamentos", &external_id),
        &wanted,
        ("centro_custo_id", &centro),
    )
    .await;
    assert_eq!(items[0].state, OutboxState::Done, "{:?}", items[0]);
    let record = upstream(&harness, "pagamentos", &external_id).await;
    assert_eq!(record["plano_contas_id"], wanted.as_str());
    assert_eq!(
        record["centro_custo_id"],
        centro.as_str(),
        "their change is kept"
    );
}

#[tokio::test]
async fn a_write_whose_answer_is_lost_is_not_written_twice() {
    let harness = synced(writable()).await;
    let (id, external_id, wanted) = to_reclassify(&harness, "recebimento").await;
    harness
        .sandbox
        .handle()
        .fail_next_write(1, FaultKind::DropAnswerAfterWrite);
    let items = send_and_settle(&harness, reclassify(vec![id], &wanted)).await;
    assert_eq!(items[0].state, OutboxState::Done, "{:?}", items[0]);
    assert_eq!(items[0].attempts, 2, "the second try found it written");
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("recebimentos", &external_id),
        1
    );
}

#[tokio::test]
async fn faults_during_sends_end_done_and_written_once() {
    for fault in [
        FaultKind::ServerError,
        FaultKind::TooManyRequests {
            retry_after_secs: Some(1),
        },
        // Past the client's 2 s timeout.
        FaultKind::Delay { ms: 3_000 },
    ] {
        let harness = synced(writable()).await;
        let (id, external_id, wanted) = to_reclassify(&harness, "recebimento").await;
        harness.sandbox.handle().fail_next_write(1, fault);
        let items = send_and_settle(&harness, reclassify(vec![id], &wanted)).await;
        assert_eq!(
            items[0].state,
            OutboxState::Done,
            "{fault:?}: {:?}",
            items[0]
        );
        assert_eq!(
            harness
                .sandbox
                .handle()
                .write_count("recebimentos", &external_id),
            1,
            "{fault:?}"
        );
        assert_eq!(
            upstream(&harness, "recebimentos", &external_id).await["plano_contas_id"],
            wanted.as_str()
        );
    }
}

#[tokio::test]
async fn server_errors_past_the_attempts_end_failed_and_nothing_written() {
    let harness = synced(writable()).await;
    let (id, external_id, wanted) = to_reclassify(&harness, "recebimento").await;
    harness
        .sandbox
        .handle()
        .fail_next_write(3, FaultKind::ServerError);
    let items = send_and_settle(&harness, reclassify(vec![id], &wanted)).await;
    assert_eq!(items[0].state, OutboxState::Failed, "{:?}", items[0]);
    assert_eq!(items[0].attempts, 3);
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("recebimentos", &external_id),
        0
    );

    harness
        .core
        .writeback()
        .retry(items[0].id)
        .await
        .expect("retried");
    let retried = harness
        .core
        .writeback()
        .settled(&[items[0].id])
        .await
        .expect("settled");
    assert_eq!(retried[0].state, OutboxState::Done);
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("recebimentos", &external_id),
        1
    );
}

#[tokio::test]
async fn a_validation_error_fails_at_once_with_the_providers_message() {
    let harness = synced(writable()).await;
    let (id, external_id, _) = lancamento(&harness, "pagamento", false).await;
    // A plano the mirror has but Gestão Click no longer does.
    sqlx::query(
        "INSERT INTO planos_contas (integration_id, external_id, nome, tipo)
         VALUES (?, '999999', 'Plano apagado no Gestão Click', 'D')",
    )
    .bind(harness.integration.id)
    .execute(harness.core.store().pool())
    .await
    .expect("plano");
    let items = send_and_settle(&harness, reclassify(vec![id], "999999")).await;
    assert_eq!(items[0].state, OutboxState::Failed);
    assert_eq!(items[0].attempts, 1, "a validation error is not retried");
    assert_eq!(
        items[0].last_error_code.as_deref(),
        Some("provider_validation")
    );
    let message = items[0].last_error.as_deref().unwrap_or_default();
    assert!(message.contains("Gestão Click recusou"), "{message}");
    assert!(message.to_lowercase().contains("plano"), "{message}");
    assert_eq!(
        harness
            .sandbox
            .handle()
            .write_count("pagamentos", &external_id),
        0
    );
}

#[tokio::test]
async fn writes_stay_off_until_the_setting_is_on() {
    let harness = synced(fast_settings()).await;
    let (id, _, wanted) = to_reclassify(&harness, "recebimento").await;
    let refused = harness
        .core
        .writeback()
        .request(reclassify(vec![id], &wanted))
        .await
        .expect_err("writes are off");
    assert!(matches!(refused, Error::WritesDisabled { .. }), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("Permitir alterações no Gestão Click")
    );
    assert_eq!(
        harness
            .core
            .writeback()
            .counts()
            .await
            .expect("counts")
            .pending,
        0
    );
    assert!(harness.sandbox.handle().writes().is_empty());
}

#[tokio::test]
async fn a_manual_write_takes_the_next_slot_of_a_running_scheduled_sync() {
    // The provider's strict 3 requests/s, on both sides.
    let settings = IntegrationSettings {
        requests_per_second: 3,
        ..writable()
    };
    let harness = harness(
        SandboxConfig::new(21, ponte_sandbox::Scale::Small),
        settings,
    )
    .await;
    assert_succeeded(&harness.sync().await);
    let (id, external_id, wanted) = to_reclassify(&harness, "recebimento").await;
    harness.core.writeback().start();
    let sandbox = harness.sandbox.handle();
    sandbox.reset_request_counts();
    let run = harness
        .core
        .sync()
        .start(harness.integration.id, RunTrigger::Scheduled)
        .await
        .expect("scheduled run");
    // Let the scheduled run take a few slots first (it makes dozens of requests).
    for _ in 0..1_000 {
        if sandbox.request_log().len() >= 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let queued_at = sandbox.request_log().len();
    let queued = harness
        .core
        .writeback()
        .request(reclassify(vec![id], &wanted))
        .await
        .expect("queued");
    let items = harness
        .core
        .writeback()
        .settled(&queued)
        .await
        .expect("settled");
    assert_eq!(items[0].state, OutboxState::Done, "{:?}", items[0]);
    let result = run.wait().await;
    assert_succeeded(&result);

    let log = sandbox.request_log();
    let read = log
        .iter()
        .position(|r| r.method == "GET" && r.id.as_deref() == Some(external_id.as_str()))
        .expect("the write's read");
    let write = log
        .iter()
        .position(|r| r.method == "PUT")
        .expect("the write");
    let sync_before = log[queued_at..read].len();
    let sync_between = log[read + 1..write].len();
    let sync_after = log[write + 1..].iter().filter(|r| r.id.is_none()).count();
    assert!(
        sync_before <= 3 && sync_between <= 3,
        "the write waited behind the sync: {sync_before} sync requests before its read, \
         {sync_between} between its read and its write"
    );
    assert!(
        sync_after > 0,
        "the scheduled run was still running when the write went"
    );
    assert_eq!(sandbox.rate_limited_count(), 0, "answered 429");
}
