//! Dados lists every mirrored venda, cancelled ones too, and filters them by situação: the
//! situações on offer are those present, each marked when the reports leave it out.

use crate::support;

use ponte_core::store::{BrowseFilter, BrowseRows, Dataset, VendaSituacao};
use support::dre_fixture::fixture;

/// (id, situação, valor)
const VENDAS: [(&str, Option<&str>, i64); 4] = [
    ("v1", Some("Concretizada"), 10_000),
    ("v2", Some("Concretizada"), 20_000),
    ("v3", Some("Cancelada"), 50_000),
    ("v4", None, 1_000),
];

#[tokio::test]
async fn dados_filters_vendas_by_a_situacao_present_and_marks_the_cancelled_ones() {
    let (_dir, store, integration) = fixture().await;
    for (id, situacao, valor) in VENDAS {
        sqlx::query(
            "INSERT INTO vendas (integration_id, external_id, data, nome_situacao, valor_total_centavos,
                valor_frete_centavos, valor_custo_centavos, situacao_financeiro, situacao_estoque)
             VALUES (?, ?, '2026-01-05', ?, ?, 0, 0, 0, 0)",
        )
        .bind(integration)
        .bind(id)
        .bind(situacao)
        .bind(valor)
        .execute(store.pool())
        .await
        .unwrap();
    }

    // By name; a venda without a situação offers nothing to pick.
    let situacoes = store.venda_situacoes().await.unwrap();
    let situacao = |nome: &str, cancelled| VendaSituacao {
        nome: nome.into(),
        cancelled,
    };
    assert_eq!(
        situacoes,
        [situacao("Cancelada", true), situacao("Concretizada", false)]
    );

    let browse = |situacao: Option<&str>| {
        let filter = BrowseFilter {
            situacao: situacao.map(String::from),
            ..BrowseFilter::default()
        };
        let store = &store;
        async move { store.browse(Dataset::Vendas, &filter, 1, 50).await.unwrap() }
    };
    // Without the filter, all four, the cancelled one in the total too.
    let all = browse(None).await;
    assert_eq!((all.matching, all.totals[0].centavos), (4, 81_000));
    // With it, only that situação, and the total over those.
    let cancelled = browse(Some("Cancelada")).await;
    assert_eq!(
        (cancelled.matching, cancelled.totals[0].centavos),
        (1, 50_000)
    );
    let BrowseRows::Vendas(rows) = cancelled.rows else {
        panic!("vendas rows");
    };
    assert_eq!(rows[0].external_id, "v3");
    let concretizadas = browse(Some("Concretizada")).await;
    assert_eq!(
        (concretizadas.matching, concretizadas.totals[0].centavos),
        (2, 30_000)
    );
}
