//! `ponte doctor` over a real SQLite file synced from the sandbox over loopback: a clean
//! synced store (with a relay channel on a real relay) gives no problem; seeded problems (a
//! record mirrored twice, two clientes with one CPF, a drifted DRE sum, a stuck run, an
//! orphan link, an unreachable relay) are each found, and `Doctor::fix` repairs the ones it
//! can, after which the mirror equals the sandbox again and the DRE sums are a recount.

use crate::support;

use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::doctor::{Doctor, Finding, FixAction, Severity, has_problem};
use ponte_core::store::RelayChannel;
use ponte_webhooks::AuthMode;
use support::relay::connected_relay;
use support::{
    Harness, assert_dre_sums_are_a_recount, assert_succeeded, fast_settings, harness,
    small_unlimited,
};

fn finding<'f>(findings: &'f [Finding], check: &str) -> &'f Finding {
    findings
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no finding {check} in {findings:#?}"))
}

async fn synced() -> Harness {
    let harness = harness(small_unlimited(17), fast_settings()).await;
    assert_succeeded(&harness.sync().await);
    harness
}

async fn execute(harness: &Harness, sql: &str) {
    sqlx::query(sql)
        .execute(harness.core.store().pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn a_clean_synced_store_with_a_relay_gives_no_problem() {
    let harness = synced().await;
    let relay = connected_relay(&harness, AuthMode::Bearer).await;

    let findings = harness.core.doctor().check().await.expect("checks run");

    assert!(!has_problem(&findings), "{findings:#?}");
    for check in [
        "integridade",
        "chaves_estrangeiras",
        "vinculos_duplicados",
        "eventos_repetidos",
        "vendas_puxadas_e_recebidas",
        "somas_do_dre",
        "somas_do_fluxo_de_caixa",
        "somas_de_vendas_e_vencimentos",
        "vinculos_orfaos",
        "sincronizacoes_presas",
        "alteracoes_aguardando",
        "ultima_sincronizacao",
        "cota_diaria",
        "canal_do_relay",
        "relogio",
    ] {
        assert_eq!(
            finding(&findings, check).severity,
            Severity::Ok,
            "{check}: {findings:#?}"
        );
    }
    assert!(Doctor::offered_fixes(&findings).is_empty());
    relay.relay.shutdown().await;
}

#[tokio::test]
async fn seeded_problems_are_found_and_the_safe_fixes_repair_them() {
    let harness = synced().await;
    let id = harness.integration.id;
    // A venda mirrored a second time, into a row no link points to.
    let columns: String = sqlx::query_scalar(
        "SELECT group_concat(name, ', ') FROM pragma_table_info('vendas') WHERE name <> 'id'",
    )
    .fetch_one(harness.core.store().pool())
    .await
    .expect("columns");
    execute(
        &harness,
        &format!(
            "INSERT INTO vendas ({columns}) SELECT {columns} FROM vendas
             WHERE id = (SELECT min(id) FROM vendas)"
        ),
    )
    .await;
    // Two clientes with one CPF, typed differently.
    execute(
        &harness,
        "UPDATE parties SET cpf = CASE WHEN id = (SELECT min(id) FROM parties WHERE kind = 'cliente')
             THEN '123.456.789-09' ELSE '12345678909' END, cnpj = NULL, documento = NULL
         WHERE id IN (SELECT id FROM parties WHERE kind = 'cliente' ORDER BY id LIMIT 2)",
    )
    .await;
    // A kept DRE sum that drifted from its entries.
    execute(
        &harness,
        "UPDATE dre_monthly SET centavos = centavos + 12345
         WHERE (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) IN
           (SELECT basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id
            FROM dre_monthly WHERE entries > 0 LIMIT 1)",
    )
    .await;
    // A kept daily sum of the fluxo de caixa that drifted, and one no entry makes.
    execute(
        &harness,
        "UPDATE cash_flow_daily SET inflow = inflow + 500
         WHERE (integration_id, conta_bancaria_id, nome_conta_bancaria, day) IN
           (SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day
            FROM cash_flow_daily WHERE entries > 0 LIMIT 1)",
    )
    .await;
    execute(
        &harness,
        &format!(
            "INSERT INTO cash_flow_due_daily (integration_id, day, receivable, payable, entries)
             VALUES ({id}, '1999-01-01', 700, 0, 1)"
        ),
    )
    .await;
    execute(
        &harness,
        &format!(
            "INSERT INTO recebimentos_settled_due_daily (integration_id, day, receivable, entries)
             VALUES ({id}, '1999-01-01', 900, 1)"
        ),
    )
    .await;
    // A run a crashed process left "running", and a link whose row is gone.
    execute(
        &harness,
        &format!(
            "INSERT INTO sync_runs (integration_id, trigger, started_at, outcome)
             VALUES ({id}, 'manual', '2026-01-02T03:04:05Z', 'running')"
        ),
    )
    .await;
    execute(
        &harness,
        &format!(
            "INSERT INTO entity_links (provider, integration_id, entity_type, external_id,
                 local_id, payload_hash, first_seen_at, last_changed_at)
             VALUES ('gestaoclick', {id}, 'venda', 'sumiu-999', 999999999, x'00',
                 '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z')"
        ),
    )
    .await;
    // A relay channel on a closed port.
    harness.core.sync().credentials().hold_relay_in_memory(
        &harness.integration,
        RelaySecrets {
            pull_token: Secret::new("token-de-teste"),
            ingest_secrets: vec![Secret::new("segredo-de-teste")],
        },
    );
    harness
        .core
        .store()
        .set_relay_channel(&RelayChannel {
            integration_id: id,
            relay_url: "http://127.0.0.1:9".into(),
            channel: "canal-fechado".into(),
            auth_mode: AuthMode::Bearer,
            cursor: 0,
        })
        .await
        .expect("channel saved");

    // A change to write back that failed, waiting for the operator.
    sqlx::query(
        "INSERT INTO outbox (integration_id, entity_type, external_id, operation, change, base,
            priority, state, attempts, max_attempts, next_attempt_at, last_error, requested_at)
         VALUES (?, 'recebimento', '1', 'estornar', '{\"liquidado\":\"0\"}',
            '{\"liquidado\":\"1\"}', 10, 'failed', 3, 3, '2026-12-01T00:00:00.000Z',
            'HTTP 500', '2026-12-01T00:00:00.000Z')",
    )
    .bind(id)
    .execute(harness.core.store().pool())
    .await
    .expect("failed change");

    let doctor = harness.core.doctor();
    let findings = doctor.check().await.expect("checks run");

    assert!(has_problem(&findings));
    let expected = [
        (
            "vinculos_duplicados",
            Severity::Problema,
            Some(FixAction::RemoveDuplicateCopies),
        ),
        (
            "somas_do_dre",
            Severity::Problema,
            Some(FixAction::RecountKeptSums),
        ),
        (
            "somas_do_fluxo_de_caixa",
            Severity::Problema,
            Some(FixAction::RecountKeptSums),
        ),
        (
            "somas_de_vendas_e_vencimentos",
            Severity::Problema,
            Some(FixAction::RecountKeptSums),
        ),
        (
            "sincronizacoes_presas",
            Severity::Problema,
            Some(FixAction::FailStuckRuns),
        ),
        (
            "vinculos_orfaos",
            Severity::Aviso,
            Some(FixAction::RemoveOrphanLinks),
        ),
        ("clientes_mesmo_documento", Severity::Aviso, None),
        ("alteracoes_aguardando", Severity::Aviso, None),
        ("canal_do_relay", Severity::Problema, None),
        ("relogio", Severity::Aviso, None),
    ];
    for (check, severity, fix) in expected {
        let found = finding(&findings, check);
        assert_eq!(found.severity, severity, "{found:#?}");
        assert_eq!(found.fix.as_ref().map(|f| f.action), fix, "{found:#?}");
    }
    assert!(
        finding(&findings, "clientes_mesmo_documento")
            .message
            .contains("•••••••8909"),
        "{findings:#?}"
    );
    assert!(
        finding(&findings, "somas_do_dre")
            .message
            .starts_with("1 soma(s)"),
        "{findings:#?}"
    );
    assert!(
        finding(&findings, "somas_do_fluxo_de_caixa")
            .message
            .starts_with("2 soma(s) diária(s)"),
        "{findings:#?}"
    );

    let after = doctor
        .fix(&Doctor::offered_fixes(&findings))
        .await
        .expect("fixes apply");

    for check in [
        "vinculos_duplicados",
        "somas_do_dre",
        "somas_do_fluxo_de_caixa",
        "somas_de_vendas_e_vencimentos",
        "sincronizacoes_presas",
        "vinculos_orfaos",
        "integridade",
        "chaves_estrangeiras",
    ] {
        assert_eq!(
            finding(&after, check).severity,
            Severity::Ok,
            "{check}: {after:#?}"
        );
    }
    // What has no safe fix is still reported.
    assert_eq!(
        finding(&after, "clientes_mesmo_documento").severity,
        Severity::Aviso
    );
    assert_eq!(
        finding(&after, "canal_do_relay").severity,
        Severity::Problema
    );
    harness.assert_mirrors_sandbox().await;
    assert_dre_sums_are_a_recount(harness.core.store().pool()).await;
    let (outcome, reason): (String, Option<String>) = sqlx::query_as(
        "SELECT outcome, error_message FROM sync_runs WHERE started_at = '2026-01-02T03:04:05Z'",
    )
    .fetch_one(harness.core.store().pool())
    .await
    .expect("stuck run");
    assert_eq!(outcome, "failed");
    assert!(reason.is_some_and(|r| r.contains("marcou como falha")));
}
