//! Dados sorts on the column the operator picks (names in pt-BR order, accents aside; money
//! by amount; empty values last; ties by id), and filters lançamentos by vencimento and by
//! "vencidos": open ones whose vencimento has passed, with how many days ago.

use crate::support;

use chrono::{Duration, NaiveDate};
use ponte_core::domain::{EntityKind, IntegrationId, Scope};
use ponte_core::providers::gestaoclick;
use ponte_core::providers::gestaoclick::mapper::map_record;
use ponte_core::store::{
    BrowseFilter, BrowsePage, BrowseRows, BrowseSort, Dataset, PageWrite, RunTrigger, SortColumn,
    Store,
};
use serde_json::{Value, json};

async fn write(store: &Store, integration: IntegrationId, entity: EntityKind, items: &[Value]) {
    let run_id = store
        .start_run(integration, RunTrigger::Manual)
        .await
        .expect("run");
    let records: Vec<_> = items
        .iter()
        .map(|item| map_record(entity, item, &Scope::Account).expect("maps"))
        .collect();
    store
        .apply_page(PageWrite {
            integration_id: integration,
            provider: gestaoclick::KIND,
            entity,
            run_id,
            scan_id: None,
            records: &records,
            failures: &[],
            checkpoint: None,
        })
        .await
        .expect("applied");
}

/// A recebimento of `valor` due `due` (none when `None`), settled or not.
fn recebimento(id: &str, valor: &str, due: Option<NaiveDate>, liquidado: bool) -> Value {
    json!({
        "id": id, "descricao": format!("Título {id}"), "valor": valor, "juros": "0.00",
        "desconto": "0.00", "taxa_banco": "0.00", "taxa_operadora": "0.00",
        "valor_total": valor, "liquidado": if liquidado { "1" } else { "0" },
        "data_competencia": "2026-01-10",
        "data_vencimento": due.map(|d| d.to_string()).unwrap_or_default(),
        "data_liquidacao": if liquidado { "2026-01-12" } else { "" },
        "plano_contas_id": "p1", "nome_plano_conta": "Vendas de mercadorias",
    })
}

fn sorted(column: SortColumn, descending: bool) -> BrowseFilter {
    BrowseFilter {
        sort: Some(BrowseSort { column, descending }),
        ..BrowseFilter::default()
    }
}

async fn browse(store: &Store, dataset: Dataset, filter: &BrowseFilter) -> BrowsePage {
    store.browse(dataset, filter, 1, 50).await.expect("browsed")
}

/// The external ids of the page's lançamentos, with their days overdue.
fn lancamentos(page: &BrowsePage) -> Vec<(String, Option<u32>)> {
    let BrowseRows::Lancamentos(rows) = &page.rows else {
        panic!("not lançamentos");
    };
    rows.iter()
        .map(|row| (row.external_id.clone(), row.dias_em_atraso))
        .collect()
}

fn ids(page: &BrowsePage) -> Vec<String> {
    lancamentos(page).into_iter().map(|(id, _)| id).collect()
}

#[tokio::test]
async fn names_sort_in_pt_br_order_whatever_their_accents_and_case() {
    let (_dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    let names = [
        "Zé Lima", "bruno", "Érico", "Ana", "álvaro", "Beatriz", "Ana",
    ];
    let items: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, nome)| json!({ "id": format!("{}", i + 1), "nome": nome }))
        .collect();
    write(&store, integration.id, EntityKind::Cliente, &items).await;

    let nomes = |page: BrowsePage| {
        let BrowseRows::Parties(rows) = page.rows else {
            panic!("not parties");
        };
        rows.into_iter()
            .map(|row| format!("{} #{}", row.nome, row.external_id))
            .collect::<Vec<_>>()
    };
    let up = nomes(browse(&store, Dataset::Clientes, &sorted(SortColumn::Nome, false)).await);
    assert_eq!(
        up,
        [
            "álvaro #5",
            "Ana #4",
            "Ana #7",
            "Beatriz #6",
            "bruno #2",
            "Érico #3",
            "Zé Lima #1"
        ]
    );
    let down = nomes(browse(&store, Dataset::Clientes, &sorted(SortColumn::Nome, true)).await);
    assert_eq!(
        down,
        [
            "Zé Lima #1",
            "Érico #3",
            "bruno #2",
            "Beatriz #6",
            "Ana #7",
            "Ana #4",
            "álvaro #5"
        ]
    );
    // A column of another dataset is refused, not silently ignored.
    let error = store
        .browse(
            Dataset::Clientes,
            &sorted(SortColumn::Vencimento, false),
            1,
            50,
        )
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("ordenar"), "{error}");
}

#[tokio::test]
async fn lancamentos_sort_by_amount_and_vencimento_and_filter_the_overdue() {
    let (_dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    let today = ponte_core::time::today_sao_paulo();
    let days = |n: i64| Some(today + Duration::days(n));
    let items = [
        recebimento("a", "100.00", days(-12), false),
        recebimento("b", "20.50", days(-3), true),
        recebimento("c", "3000.00", days(5), false),
        recebimento("d", "5.00", days(-40), false),
        recebimento("e", "99.99", None, false),
        recebimento("f", "7.00", days(0), false),
    ];
    write(&store, integration.id, EntityKind::Recebimento, &items).await;

    // Money by amount, not as text: 5,00 before 20,50 before 100,00.
    let by_amount = browse(
        &store,
        Dataset::Lancamentos,
        &sorted(SortColumn::Valor, false),
    )
    .await;
    assert_eq!(ids(&by_amount), ["d", "f", "b", "e", "a", "c"]);
    let by_amount = browse(
        &store,
        Dataset::Lancamentos,
        &sorted(SortColumn::Valor, true),
    )
    .await;
    assert_eq!(ids(&by_amount), ["c", "a", "e", "b", "f", "d"]);
    // Without a vencimento, last either way.
    let up = browse(
        &store,
        Dataset::Lancamentos,
        &sorted(SortColumn::Vencimento, false),
    )
    .await;
    assert_eq!(ids(&up), ["d", "a", "b", "f", "c", "e"]);
    let down = browse(
        &store,
        Dataset::Lancamentos,
        &sorted(SortColumn::Vencimento, true),
    )
    .await;
    assert_eq!(ids(&down), ["c", "f", "b", "a", "d", "e"]);

    // Vencidos: open and due before today; one due today is not overdue yet, a settled one
    // never is. The totals are theirs.
    let overdue = BrowseFilter {
        vencidos: true,
        sort: Some(BrowseSort {
            column: SortColumn::Vencimento,
            descending: false,
        }),
        ..BrowseFilter::default()
    };
    let page = browse(&store, Dataset::Lancamentos, &overdue).await;
    assert_eq!(
        lancamentos(&page),
        [("d".to_string(), Some(40)), ("a".to_string(), Some(12))]
    );
    assert_eq!(page.matching, 2);
    assert_eq!(page.totals[0].label, "Recebimentos");
    assert_eq!(page.totals[0].centavos, 10_500);
    // Every row says how late it is, when it is.
    let all = browse(
        &store,
        Dataset::Lancamentos,
        &sorted(SortColumn::Vencimento, false),
    )
    .await;
    let late: Vec<_> = lancamentos(&all)
        .into_iter()
        .filter(|(_, late)| late.is_some())
        .collect();
    assert_eq!(
        late,
        [("d".to_string(), Some(40)), ("a".to_string(), Some(12))]
    );

    // A vencimento range, both ends included.
    let range = BrowseFilter {
        vencimento_from: Some((today - Duration::days(12)).to_string()),
        vencimento_to: Some(today.to_string()),
        sort: Some(BrowseSort {
            column: SortColumn::Vencimento,
            descending: false,
        }),
        ..BrowseFilter::default()
    };
    assert_eq!(
        ids(&browse(&store, Dataset::Lancamentos, &range).await),
        ["a", "b", "f"]
    );
    let bad = BrowseFilter {
        vencimento_from: Some("31/02/2026".into()),
        ..BrowseFilter::default()
    };
    let error = store
        .browse(Dataset::Lancamentos, &bad, 1, 50)
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("vencimento"), "{error}");
}
