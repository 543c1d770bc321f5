//! The DRE's monthly sums and the fluxo de caixa's daily ones are kept by triggers on every
//! write to `lancamentos`; here they always equal a recount from scratch: after a full
//! sync, after random changes in the sandbox synced incrementally, and after random writes
//! of every kind straight to the table (new values, dates, settlement, settlement parts
//! with and without the `valor_total` identity, plano, loja, conta bancária, due date,
//! deactivation and back, a move to another integration, deletes, inserts). The vendas'
//! monthly sums and the settled recebimentos' sums by due date (migration 00019) likewise,
//! with random writes to `vendas` too. Real-time writes are checked in
//! `realtime_equivalence`.

use crate::support;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use support::{
    assert_dre_sums_are_a_recount, assert_succeeded, fast_settings, harness, small_unlimited,
};

/// Printed on failure, so a run can be replayed.
const SEED: u64 = 0x00d2_e5a1;

#[tokio::test(flavor = "multi_thread")]
async fn kept_sums_equal_a_recount_after_syncs_and_random_writes() {
    let h = harness(small_unlimited(11), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let pool = h.core.store().pool().clone();
    assert_kept_sums_are_a_recount(&pool).await;

    for round in 0..3 {
        h.sandbox.handle().apply_random(SEED + round, 15, 40, 10);
        assert_succeeded(&h.sync().await);
        assert_kept_sums_are_a_recount(&pool).await;
    }
    // Another integration, for entries moved to it.
    let other: i64 = sqlx::query_scalar(
        "INSERT INTO integrations (provider, name, base_url, credential_ref, created_at)
         VALUES ('gestaoclick', 'Outra', 'http://127.0.0.1:9', 'outra', '2026-01-01T00:00:00Z')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .expect("another integration");

    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM lancamentos")
        .fetch_all(&pool)
        .await
        .expect("ids");
    let planos: Vec<Option<String>> =
        sqlx::query_scalar("SELECT DISTINCT plano_contas_id FROM lancamentos")
            .fetch_all(&pool)
            .await
            .expect("planos");
    for step in 0..300 {
        let id = ids[rng.random_range(0..ids.len())];
        let month = format!(
            "2026-{:02}-{:02}",
            rng.random_range(1..=12),
            rng.random_range(1..=28)
        );
        let plano = planos[rng.random_range(0..planos.len())].clone();
        let conta = [Some("c1"), Some("c2"), None][rng.random_range(0..3)];
        let conta_nome = rng
            .random_bool(0.8)
            .then(|| format!("Conta {}", conta.unwrap_or("sem id")));
        let write = match rng.random_range(0..13) {
            0 => sqlx::query("UPDATE lancamentos SET valor_centavos = ?, valor_total_centavos = ? WHERE id = ?")
                .bind(rng.random_range(1..1_000_000_i64))
                .bind(rng.random_range(1..1_000_000_i64))
                .bind(id),
            1 => sqlx::query("UPDATE lancamentos SET data_competencia = ? WHERE id = ?").bind(month).bind(id),
            2 => sqlx::query(
                "UPDATE lancamentos SET liquidado = 1 - liquidado,
                    data_liquidacao = CASE liquidado WHEN 1 THEN NULL ELSE ? END WHERE id = ?",
            )
            .bind(month)
            .bind(id),
            3 => sqlx::query("UPDATE lancamentos SET plano_contas_id = ? WHERE id = ?").bind(plano).bind(id),
            4 => sqlx::query(
                "UPDATE lancamentos SET deactivated_at = CASE WHEN deactivated_at IS NULL
                    THEN '2026-11-01T00:00:00Z' END WHERE id = ?",
            )
            .bind(id),
            5 => sqlx::query("UPDATE lancamentos SET loja_id = ?, tipo = CASE tipo WHEN 'recebimento' THEN 'pagamento' ELSE 'recebimento' END WHERE id = ?")
                .bind(format!("{}", rng.random_range(1..4)))
                .bind(id),
            6 => sqlx::query("DELETE FROM lancamentos WHERE id = ?").bind(id),
            // Another conta (or none, or only a name), as a transfer leg would name it.
            9 => sqlx::query(
                "UPDATE lancamentos SET conta_bancaria_id = ?, nome_conta_bancaria = ? WHERE id = ?",
            )
            .bind(conta)
            .bind(conta_nome)
            .bind(id),
            10 => sqlx::query("UPDATE lancamentos SET data_vencimento = nullif(?, '2026-01-01') WHERE id = ?")
                .bind(month)
                .bind(id),
            11 => sqlx::query("UPDATE lancamentos SET integration_id = ? WHERE id = ?")
                .bind(other)
                .bind(id),
            12 => sqlx::query("UPDATE lancamentos SET data_liquidacao = ? WHERE id = ? AND liquidado = 1")
                .bind(month)
                .bind(id),
            // A settlement's parts, sometimes breaking the valor_total identity.
            7 => sqlx::query(
                "UPDATE lancamentos SET juros_centavos = ?, desconto_centavos = ?,
                    taxa_banco_centavos = ?, taxa_operadora_centavos = ?,
                    valor_total_centavos = valor_centavos + ? WHERE id = ?",
            )
            .bind(rng.random_range(0..3_000_i64))
            .bind(rng.random_range(0..2_000_i64))
            .bind(rng.random_range(0..400_i64))
            .bind(rng.random_range(0..5_000_i64))
            .bind(rng.random_range(-5_000..5_000_i64))
            .bind(id),
            _ => sqlx::query(
                "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos, juros_centavos,
                    desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos,
                    data_competencia, data_liquidacao, liquidado, plano_contas_id, loja_id, centro_custo_id)
                 SELECT integration_id, external_id || '-copy-' || ?, tipo, valor_centavos, juros_centavos,
                    desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos, ?, data_liquidacao, liquidado, plano_contas_id, loja_id, centro_custo_id
                 FROM lancamentos WHERE id = ?",
            )
            .bind(step)
            .bind(month)
            .bind(id),
        };
        write.execute(&pool).await.expect("write");
    }
    random_vendas_writes(&pool, &mut rng, other).await;
    eprintln!("seed {SEED:#x}");
    assert_kept_sums_are_a_recount(&pool).await;
}

/// Writes of every kind straight to `vendas`: date (with a time of day, or none), situação
/// (cancelled or not, or none), amounts, loja, centro de custo, deactivation and back, a
/// move to another integration, deletes, inserts.
async fn random_vendas_writes(pool: &sqlx::SqlitePool, rng: &mut ChaCha8Rng, other: i64) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM vendas")
        .fetch_all(pool)
        .await
        .expect("venda ids");
    assert!(!ids.is_empty(), "the sync brought vendas");
    for step in 0..200 {
        let id = ids[rng.random_range(0..ids.len())];
        let day = format!(
            "2026-{:02}-{:02}{}",
            rng.random_range(1..=12),
            rng.random_range(1..=28),
            if rng.random_bool(0.3) {
                " 10:30:00"
            } else {
                ""
            }
        );
        let write = match rng.random_range(0..9) {
            0 => sqlx::query("UPDATE vendas SET data = nullif(?, '2026-01-01') WHERE id = ?")
                .bind(day)
                .bind(id),
            1 => sqlx::query("UPDATE vendas SET nome_situacao = ? WHERE id = ?")
                .bind(
                    [
                        Some("Cancelado"),
                        Some("Venda cancelada"),
                        Some("Concretizada"),
                        None,
                    ][rng.random_range(0..4)],
                )
                .bind(id),
            2 => sqlx::query(
                "UPDATE vendas SET valor_total_centavos = ?, valor_custo_centavos = ? WHERE id = ?",
            )
            .bind(rng.random_range(0..1_000_000_i64))
            .bind(rng.random_range(0..500_000_i64))
            .bind(id),
            3 => sqlx::query("UPDATE vendas SET loja_id = ?, centro_custo_id = ? WHERE id = ?")
                .bind([Some("1"), Some("2"), None][rng.random_range(0..3)])
                .bind([Some("7"), None][rng.random_range(0..2)])
                .bind(id),
            4 => sqlx::query(
                "UPDATE vendas SET deactivated_at = CASE WHEN deactivated_at IS NULL
                    THEN '2026-11-01T00:00:00Z' END WHERE id = ?",
            )
            .bind(id),
            5 => sqlx::query("UPDATE vendas SET integration_id = ? WHERE id = ?")
                .bind(other)
                .bind(id),
            6 => sqlx::query("DELETE FROM vendas WHERE id = ?").bind(id),
            _ => sqlx::query(
                "INSERT INTO vendas (integration_id, external_id, data, nome_situacao,
                    valor_total_centavos, valor_frete_centavos, valor_custo_centavos, loja_id,
                    centro_custo_id, situacao_financeiro, situacao_estoque, deactivated_at)
                 SELECT integration_id, external_id || '-copy-' || ?, ?, nome_situacao,
                    valor_total_centavos, valor_frete_centavos, valor_custo_centavos, loja_id,
                    centro_custo_id, situacao_financeiro, situacao_estoque, deactivated_at
                 FROM vendas WHERE id = ?",
            )
            .bind(step)
            .bind(day)
            .bind(id),
        };
        write.execute(pool).await.expect("venda write");
    }
}

async fn assert_kept_sums_are_a_recount(pool: &sqlx::SqlitePool) {
    assert_dre_sums_are_a_recount(pool).await;
    assert_cash_flow_sums_are_a_recount(pool).await;
    assert_report_sums_are_a_recount(pool).await;
}

/// The vendas per month, loja, centro de custo and situação, and the settled recebimentos
/// per due day, equal a recount from the live rows; a kept row at zero holds zero centavos.
async fn assert_report_sums_are_a_recount(pool: &sqlx::SqlitePool) {
    type Vendas = (String, i64, String, String, String, i64, i64, i64);
    let kept: Vec<Vendas> = sqlx::query_as(
        "SELECT month, integration_id, loja_id, centro_custo_id, nome_situacao, vendas, revenue,
                cost
         FROM vendas_monthly WHERE vendas <> 0 OR revenue <> 0 OR cost <> 0
         ORDER BY 1, 2, 3, 4, 5",
    )
    .fetch_all(pool)
    .await
    .expect("kept vendas sums");
    let recount: Vec<Vendas> = sqlx::query_as(
        "SELECT coalesce(substr(data, 1, 7), ''), integration_id, coalesce(loja_id, ''),
                coalesce(centro_custo_id, ''), coalesce(nome_situacao, ''), count(*),
                sum(valor_total_centavos), sum(valor_custo_centavos)
         FROM vendas WHERE deactivated_at IS NULL
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
    )
    .fetch_all(pool)
    .await
    .expect("recounted vendas sums");
    assert!(!recount.is_empty(), "some vendas are live");
    assert_eq!(kept, recount, "vendas per month, loja and situação");

    type Due = (i64, String, i64, i64);
    let kept: Vec<Due> = sqlx::query_as(
        "SELECT integration_id, day, receivable, entries FROM recebimentos_settled_due_daily
         WHERE entries <> 0 OR receivable <> 0 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("kept settled due sums");
    let recount: Vec<Due> = sqlx::query_as(
        "SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), ''),
                sum(valor_centavos), count(*)
         FROM lancamentos
         WHERE deactivated_at IS NULL AND liquidado <> 0 AND tipo = 'recebimento'
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("recounted settled due sums");
    assert!(!recount.is_empty(), "some recebimentos are settled");
    assert_eq!(kept, recount, "settled recebimentos per due day");
}

/// The fluxo de caixa's daily sums, settled per conta and day and open per due day, equal
/// a recount from the live entries; a kept row at zero entries holds zero centavos.
async fn assert_cash_flow_sums_are_a_recount(pool: &sqlx::SqlitePool) {
    type Daily = (i64, String, String, String, i64, i64, i64);
    let kept: Vec<Daily> = sqlx::query_as(
        "SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day, inflow, outflow,
                entries
         FROM cash_flow_daily WHERE entries <> 0 OR inflow <> 0 OR outflow <> 0
         ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(pool)
    .await
    .expect("kept daily sums");
    let recount: Vec<Daily> = sqlx::query_as(
        "SELECT integration_id, coalesce(conta_bancaria_id, ''), coalesce(nome_conta_bancaria, ''),
                coalesce(substr(data_liquidacao, 1, 10), ''),
                sum(CASE WHEN tipo = 'recebimento' THEN valor_total_centavos ELSE 0 END),
                sum(CASE WHEN tipo = 'pagamento' THEN valor_total_centavos ELSE 0 END), count(*)
         FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(pool)
    .await
    .expect("recounted daily sums");
    assert!(!recount.is_empty(), "some entries are settled");
    assert_eq!(kept, recount, "settled per conta and day");

    type Due = (i64, String, i64, i64, i64);
    let kept: Vec<Due> = sqlx::query_as(
        "SELECT integration_id, day, receivable, payable, entries FROM cash_flow_due_daily
         WHERE entries <> 0 OR receivable <> 0 OR payable <> 0 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("kept due sums");
    let recount: Vec<Due> = sqlx::query_as(
        "SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), ''),
                sum(CASE WHEN tipo = 'recebimento' THEN valor_centavos ELSE 0 END),
                sum(CASE WHEN tipo = 'pagamento' THEN valor_centavos ELSE 0 END), count(*)
         FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 0
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("recounted due sums");
    assert!(!recount.is_empty(), "some entries are open");
    assert_eq!(kept, recount, "open per due day");
}
