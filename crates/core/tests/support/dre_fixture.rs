//! The DRE's hand-worked fixture: ten planos de contas and thirteen lançamentos chosen to
//! hit both bases, an unmapped account, a transfer, month boundaries, two lojas and a
//! deactivated entry. The expected values are worked out in the tests that use it.

use ponte_core::reports::MonthRange;
use ponte_core::store::Store;

/// (external id, classificação, tipo, nome)
const PLANOS: [(&str, &str, Option<&str>, &str); 10] = [
    ("p1", "1", Some("C"), "Receitas"),
    ("p11", "1.1", Some("C"), "Vendas de produtos"),
    ("p12", "1.2", Some("C"), "Juros recebidos"),
    ("p2", "2", Some("D"), "Despesas"),
    ("p21", "2.1", Some("D"), "Compra de mercadorias"),
    ("p22", "2.2", Some("D"), "Aluguel"),
    ("p23", "2.3", Some("D"), "Simples Nacional"),
    ("p24", "2.4", Some("D"), "Transferência entre contas"),
    ("p9", "9", None, "Outros lançamentos"),
    ("p8", "8", None, "Sem uso"),
];

/// (id, tipo, plano, valor, valor_total, competência, liquidação, loja, deactivated)
type Entry = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
    Option<&'static str>,
    &'static str,
    bool,
);
const ENTRIES: [Entry; 13] = [
    (
        "1",
        "recebimento",
        "p11",
        100_000,
        98_000,
        "2026-01-10",
        Some("2026-01-31"),
        "L1",
        false,
    ),
    (
        "2",
        "recebimento",
        "p11",
        50_000,
        50_000,
        "2026-01-31",
        Some("2026-02-01"),
        "L2",
        false,
    ),
    (
        "3",
        "recebimento",
        "p11",
        80_000,
        80_000,
        "2026-02-05",
        None,
        "L1",
        false,
    ),
    (
        "4",
        "pagamento",
        "p21",
        40_000,
        40_000,
        "2026-01-15",
        Some("2026-01-20"),
        "L1",
        false,
    ),
    (
        "5",
        "pagamento",
        "p22",
        20_000,
        20_000,
        "2026-02-01",
        Some("2026-02-01"),
        "L2",
        false,
    ),
    (
        "6",
        "pagamento",
        "p23",
        9_000,
        9_000,
        "2026-01-31",
        Some("2026-02-10"),
        "L1",
        false,
    ),
    (
        "7",
        "recebimento",
        "p12",
        1_500,
        1_500,
        "2026-02-20",
        Some("2026-02-20"),
        "L1",
        false,
    ),
    (
        "8",
        "pagamento",
        "p24",
        30_000,
        30_000,
        "2026-01-05",
        Some("2026-01-05"),
        "L1",
        false,
    ),
    (
        "9",
        "recebimento",
        "p9",
        7_000,
        7_000,
        "2026-02-11",
        Some("2026-02-11"),
        "L2",
        false,
    ),
    (
        "10",
        "recebimento",
        "p11",
        60_000,
        60_000,
        "2025-12-10",
        Some("2025-12-10"),
        "L1",
        false,
    ),
    (
        "11",
        "pagamento",
        "p22",
        20_000,
        20_000,
        "2025-11-01",
        Some("2025-11-01"),
        "L1",
        false,
    ),
    (
        "12",
        "recebimento",
        "p11",
        99_999,
        99_999,
        "2026-03-01",
        Some("2026-03-01"),
        "L1",
        false,
    ),
    (
        "13",
        "recebimento",
        "p11",
        12_345,
        12_345,
        "2026-01-12",
        Some("2026-01-12"),
        "L1",
        true,
    ),
];

pub async fn fixture() -> (tempfile::TempDir, Store, i64) {
    let (dir, store, integration) = super::store_with_gestaoclick("Loja").await;
    for (id, code, tipo, nome) in PLANOS {
        sqlx::query(
            "INSERT INTO planos_contas (integration_id, external_id, classificacao, tipo, nome)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(integration.id)
        .bind(id)
        .bind(code)
        .bind(tipo)
        .bind(nome)
        .execute(store.pool())
        .await
        .expect("plano");
    }
    for (id, tipo, plano, valor, total, competencia, liquidacao, loja, gone) in ENTRIES {
        sqlx::query(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos, juros_centavos,
                desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos,
                data_competencia, data_liquidacao, liquidado, plano_contas_id, loja_id, deactivated_at)
             VALUES (?, ?, ?, ?, 0, 0, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(integration.id)
        .bind(id)
        .bind(tipo)
        .bind(valor)
        .bind(valor - total)
        .bind(total)
        .bind(competencia)
        .bind(liquidacao)
        .bind(liquidacao.is_some())
        .bind(plano)
        .bind(loja)
        .bind(gone.then_some("2026-01-20T00:00:00Z"))
        .execute(store.pool())
        .await
        .expect("lançamento");
    }
    (dir, store, integration.id)
}

pub fn jan_feb() -> MonthRange {
    MonthRange::new("2026-01".parse().unwrap(), "2026-02".parse().unwrap()).unwrap()
}
