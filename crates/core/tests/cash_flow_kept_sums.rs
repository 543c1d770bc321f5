//! The fluxo de caixa read from the kept daily sums (no loja or centro de custo filter) is
//! the fluxo read from the entries (with a filter): with every entry in one loja, the two
//! agree to the centavo, per day, week and month, per conta and in total, with transfers
//! by plano, legs without a plano paired across contas, entries without a conta or a
//! date, and open items due before, in and after the range.

use crate::support;

use ponte_core::reports::dre::AccountClass;
use ponte_core::reports::{Granularity, Month, MonthRange, ReportScope};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use support::{assert_succeeded, fast_settings, harness, small_unlimited};

/// Printed on failure, so a run can be replayed.
const SEED: u64 = 0x00ca_5f10;

#[tokio::test(flavor = "multi_thread")]
async fn the_kept_sums_give_the_fluxo_the_entries_give() {
    let h = harness(small_unlimited(5), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let pool = h.core.store().pool().clone();
    let reports = h.core.reports();
    let integration_id = h.integration.id;

    // A plano the operator calls a transfer.
    let transfer: String = sqlx::query_scalar(
        "SELECT plano_contas_id FROM lancamentos WHERE liquidado = 1 AND plano_contas_id IS NOT NULL
         GROUP BY 1 ORDER BY count(*) LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a plano");
    reports
        .set_dre_choice(integration_id, &transfer, Some(AccountClass::Transfer))
        .await
        .expect("transfer plano");

    // Legs without a plano: settled entries moved to c1, each with its other leg in c2;
    // some without a conta, some without a date.
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let settled: Vec<i64> = sqlx::query_scalar("SELECT id FROM lancamentos WHERE liquidado = 1")
        .fetch_all(&pool)
        .await
        .expect("settled ids");
    for step in 0..60 {
        let id = settled[rng.random_range(0..settled.len())];
        let write = match step % 4 {
            0 | 1 => {
                sqlx::query(
                    "UPDATE lancamentos SET plano_contas_id = NULL, conta_bancaria_id = 'c1',
                        nome_conta_bancaria = 'Conta 1' WHERE id = ?",
                )
                .bind(id)
                .execute(&pool)
                .await
                .expect("leg");
                sqlx::query(
                    "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos,
                        juros_centavos, desconto_centavos, taxa_banco_centavos,
                        taxa_operadora_centavos, valor_total_centavos, data_competencia,
                        data_liquidacao, liquidado, conta_bancaria_id, nome_conta_bancaria)
                     SELECT integration_id, external_id || '-leg-' || ?,
                        CASE tipo WHEN 'recebimento' THEN 'pagamento' ELSE 'recebimento' END,
                        valor_centavos, 0, 0, 0, 0, valor_total_centavos, data_competencia,
                        data_liquidacao, 1, 'c2', 'Conta 2'
                     FROM lancamentos WHERE id = ?",
                )
                .bind(step)
                .bind(id)
            }
            2 => sqlx::query(
                "UPDATE lancamentos SET conta_bancaria_id = NULL, nome_conta_bancaria = ?
                 WHERE id = ?",
            )
            .bind(rng.random_bool(0.5).then_some("Caixa"))
            .bind(id),
            _ => sqlx::query("UPDATE lancamentos SET data_liquidacao = NULL WHERE id = ?").bind(id),
        };
        write.execute(&pool).await.expect("write");
    }
    // Everything in one loja, so the filter changes which read answers, not the entries.
    sqlx::query("UPDATE lancamentos SET loja_id = '1'")
        .execute(&pool)
        .await
        .expect("one loja");

    // The months of the first, the middle and the last settlement: ranges with history
    // before them and entries after.
    let months: (String, String, String) = sqlx::query_as(
        "WITH dated AS (SELECT substr(data_liquidacao, 1, 7) AS month FROM lancamentos
                        WHERE data_liquidacao IS NOT NULL)
         SELECT (SELECT min(month) FROM dated),
                (SELECT month FROM dated ORDER BY month
                 LIMIT 1 OFFSET (SELECT count(*) / 2 FROM dated)),
                (SELECT max(month) FROM dated)",
    )
    .fetch_one(&pool)
    .await
    .expect("months");
    let month = |text: &str| -> Month { text.parse().expect("month") };
    let (first, middle, last) = (month(&months.0), month(&months.1), month(&months.2));
    assert!(first < middle && middle < last, "{months:?}");
    let everything = ReportScope::default();
    let one_loja = ReportScope {
        loja: Some("1".into()),
        ..ReportScope::default()
    };
    for (range, granularity) in [
        (MonthRange::new(first, last), Granularity::Monthly),
        (MonthRange::new(middle, last), Granularity::Monthly),
        (MonthRange::new(middle, last.plus(2)), Granularity::Weekly),
        (MonthRange::new(middle, middle), Granularity::Daily),
    ] {
        let range = range.expect("range");
        let kept = reports
            .cash_flow(range, granularity, &everything)
            .await
            .expect("from the kept sums");
        let mut scanned = reports
            .cash_flow(range, granularity, &one_loja)
            .await
            .expect("from the entries");
        assert!(scanned.opening_balances_ignored);
        scanned.opening_balances_ignored = false;
        eprintln!("seed {SEED:#x}");
        assert_eq!(kept, scanned, "{range:?} {granularity:?}");
        if granularity != Granularity::Daily {
            assert!(kept.transfers.inflow.total > 0, "transfers in {range:?}");
        }
    }
}
