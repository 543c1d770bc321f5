//! The Painel de indicadores over the DRE's hand-worked fixture plus a few open items and
//! vendas, with "today" fixed at 15/02/2026. Expected values are worked out in comments.

use crate::support;

use chrono::NaiveDate;
use ponte_core::reports::indicators::{Indicators, IndicatorsQuery};
use ponte_core::reports::{ReportScope, Reports};
use support::dre_fixture::fixture;

/// (id, tipo, valor, vencimento, settled on) — no competência, so the DRE is untouched.
const DUE: [(&str, &str, i64, &str, Option<&str>); 5] = [
    ("r1", "recebimento", 10_000, "2026-01-20", None),
    (
        "r2",
        "recebimento",
        30_000,
        "2026-02-10",
        Some("2026-02-10"),
    ),
    ("r3", "recebimento", 5_000, "2026-02-15", None),
    ("r4", "recebimento", 7_000, "2026-02-20", None),
    ("p1", "pagamento", 4_000, "2026-03-10", None),
];

/// (id, data, valor, situação)
const VENDAS: [(&str, &str, i64, &str); 4] = [
    ("v1", "2026-01-05", 10_000, "Concretizada"),
    ("v2", "2026-02-07", 20_001, "Concretizada"),
    ("v3", "2026-02-08", 50_000, "Cancelada"),
    ("v4", "2025-12-01", 9_000, "Concretizada"),
];

#[tokio::test]
async fn the_indicators_of_a_period_and_the_one_before() {
    let (_dir, store, integration) = fixture().await;
    for (id, tipo, valor, vencimento, settled) in DUE {
        sqlx::query(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos, juros_centavos,
                desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos,
                data_vencimento, data_liquidacao, liquidado)
             VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?, ?)",
        )
        .bind(integration)
        .bind(id)
        .bind(tipo)
        .bind(valor)
        .bind(valor)
        .bind(vencimento)
        .bind(settled)
        .bind(settled.is_some())
        .execute(store.pool())
        .await
        .unwrap();
    }
    for (id, data, valor, situacao) in VENDAS {
        sqlx::query(
            "INSERT INTO vendas (integration_id, external_id, data, nome_situacao, valor_total_centavos,
                valor_frete_centavos, valor_custo_centavos, situacao_financeiro, situacao_estoque)
             VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0)",
        )
        .bind(integration)
        .bind(id)
        .bind(data)
        .bind(situacao)
        .bind(valor)
        .execute(store.pool())
        .await
        .unwrap();
    }
    let query = IndicatorsQuery {
        from: "2026-01".parse().unwrap(),
        to: "2026-02".parse().unwrap(),
        scope: ReportScope::default(),
    };
    let today = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
    let indicators = Reports::new(store.clone())
        .indicators_as_of(&query, today)
        .await
        .unwrap();
    let (now, before) = (&indicators.current, &indicators.previous);

    // The DRE's figures (see tests/dre.rs): receita 2.300,00, líquida 2.210,00, lucro bruto
    // 1.810,00, lucro líquido 1.605,00 (after a 20,00 bank fee, a despesa financeira). Before (Nov–Dec 2025): receita 600,00 (entry 10),
    // no deductions nor CMV, aluguel 200,00 (entry 11).
    assert_eq!(
        (
            now.receita,
            now.receita_liquida,
            now.lucro_bruto,
            now.lucro_liquido
        ),
        (230_000, 221_000, 181_000, 160_500)
    );
    assert_eq!(now.margem_bruta, Some(181_000.0 / 221_000.0));
    assert_eq!(
        (
            before.receita,
            before.lucro_bruto,
            before.lucro_liquido,
            before.margem_bruta
        ),
        (60_000, 60_000, 40_000, Some(1.0))
    );
    // Vendas v1 and v2 (v3 is cancelled): 300,01 over 2 is 150,005, rounded to 150,01.
    assert_eq!((now.vendas, now.ticket_medio), (2, Some(15_001)));
    assert_eq!((before.vendas, before.ticket_medio), (1, Some(9_000)));
    // Fell due from 01/01 to 14/02: r1 (open) and r2 (paid); r3 falls due today, not late.
    assert_eq!((now.recebimentos_vencidos, now.em_aberto), (40_000, 10_000));
    assert_eq!(now.inadimplencia, Some(0.25));
    assert_eq!(before.inadimplencia, None);
    // From today: r3 and r4 within 7 days; p1 (10/03) within 30 only.
    let due = indicators.due_soon;
    assert_eq!(
        (due.receber_7, due.receber_30, due.pagar_7, due.pagar_30),
        (12_000, 12_000, 0, 4_000)
    );
    assert_eq!(indicators.dre.months.len(), 2);
    // Changes: receita 2.300,00 against 600,00 is +283,3 %; nothing was open before, so
    // the change of what is open now is withheld, and said so once.
    let changes = &indicators.changes;
    assert_eq!(changes.receita, Some((230_000.0 - 60_000.0) / 60_000.0));
    assert_eq!(changes.em_aberto, None);
    assert!(changes.withheld);
    let table = indicators.to_table("Empresa", &[]);
    assert_eq!(table.notes[0], Indicators::COUNTS);
    let withheld_notes = table
        .notes
        .iter()
        .filter(|n| n.contains("sem movimento suficiente"));
    assert_eq!(withheld_notes.count(), 1);
}
