//! Dados' search ignores accents and case, and finds a CPF or CNPJ with or without its
//! punctuation, over 100,000 clientes written the way a sync writes them; and SQLite runs it
//! on the `parties_search` index of precomputed folded text, not a function per row. Rows
//! written before the folded columns existed are filled in when the store opens.

use crate::support;

use ponte_core::domain::{EntityKind, IntegrationId, Scope};
use ponte_core::providers::gestaoclick;
use ponte_core::providers::gestaoclick::mapper::map_record;
use ponte_core::store::{
    BrowseFilter, BrowseRows, Dataset, PageWrite, RunTrigger, Store, StoredRecord,
};
use serde_json::json;

const CLIENTES: usize = 100_000;
const FIRST_NAMES: [&str; 7] = ["Ana", "João", "Márcia", "Otávio", "Érica", "Luís", "Zé"];
const SURNAMES: [&str; 5] = ["Gonçalves", "Souza", "Araújo", "Conceição", "Lima"];

/// The `i`-th cliente's name: about one in five a Gonçalves.
fn nome(i: usize) -> String {
    format!(
        "{} {} {i}",
        FIRST_NAMES[i % FIRST_NAMES.len()],
        SURNAMES[(i / FIRST_NAMES.len()) % SURNAMES.len()]
    )
}

async fn write_clientes(store: &Store, integration: IntegrationId) {
    let run_id = store
        .start_run(integration, RunTrigger::Manual)
        .await
        .expect("run");
    let ids: Vec<usize> = (0..CLIENTES).collect();
    for chunk in ids.chunks(10_000) {
        let records: Vec<StoredRecord> = chunk
            .iter()
            .map(|&i| {
                let mut item = json!({ "id": format!("{}", 500_000 + i), "nome": nome(i) });
                // One cliente with a CPF and one with a CNPJ, both with their punctuation.
                if i == 4242 {
                    item["cpf"] = json!("123.456.789-09");
                }
                if i == 4243 {
                    item["cnpj"] = json!("12.345.678/0001-95");
                }
                map_record(EntityKind::Cliente, &item, &Scope::Account).expect("maps")
            })
            .collect();
        store
            .apply_page(PageWrite {
                integration_id: integration,
                provider: gestaoclick::KIND,
                entity: EntityKind::Cliente,
                run_id,
                scan_id: None,
                records: &records,
                failures: &[],
                checkpoint: None,
            })
            .await
            .expect("applied");
    }
}

fn searching(text: &str) -> BrowseFilter {
    BrowseFilter {
        search: Some(text.into()),
        ..BrowseFilter::default()
    }
}

/// How many clientes `text` finds, and the external ids on its first page.
async fn found(store: &Store, text: &str) -> (u64, Vec<String>) {
    let page = store
        .browse(Dataset::Clientes, &searching(text), 1, 100)
        .await
        .expect("browsed");
    let BrowseRows::Parties(rows) = page.rows else {
        panic!("not parties");
    };
    (
        page.matching,
        rows.into_iter().map(|row| row.external_id).collect(),
    )
}

#[tokio::test]
async fn accent_and_case_variants_and_documents_find_the_same_clientes_through_the_index() {
    let (_dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    write_clientes(&store, integration.id).await;

    let goncalves = (0..CLIENTES)
        .filter(|i| nome(*i).contains("Gonçalves"))
        .count() as u64;
    assert!(goncalves > 19_000, "{goncalves}");
    let expected = found(&store, "gonçalves").await;
    assert_eq!(expected.0, goncalves);
    for variant in ["goncalves", "GONÇALVES", "Goncalves", "  GonÇalVes "] {
        assert_eq!(found(&store, variant).await, expected, "{variant}");
    }
    // "João" and "Joao", "Érica" and "erica", "conceicao" and "Conceição".
    assert_eq!(found(&store, "joao").await, found(&store, "João").await);
    assert_eq!(found(&store, "erica").await, found(&store, "ÉRICA").await);
    let conceicao = found(&store, "conceicao").await;
    let conceicoes = (0..CLIENTES)
        .filter(|i| nome(*i).contains("Conceição"))
        .count() as u64;
    assert_eq!(conceicao.0, conceicoes);
    assert_eq!(conceicao, found(&store, "Conceição").await);
    // A name with a number after it.
    assert_eq!(
        found(&store, "araujo 4").await.0,
        found(&store, "Araújo 4").await.0
    );

    for cpf in ["123.456.789-09", "12345678909", "456.789", "45678909"] {
        assert_eq!(
            found(&store, cpf).await,
            (1, vec!["504242".to_string()]),
            "{cpf}"
        );
    }
    for cnpj in ["12.345.678/0001-95", "12345678000195", "0001-95"] {
        assert_eq!(
            found(&store, cnpj).await,
            (1, vec!["504243".to_string()]),
            "{cnpj}"
        );
    }
    // The external id is still found as typed.
    assert_eq!(
        found(&store, "599999").await,
        (1, vec!["599999".to_string()])
    );

    let plan = store
        .browse_query_plan(Dataset::Clientes, &searching("goncalves"))
        .await
        .expect("plan");
    let on_parties: Vec<&String> = plan
        .iter()
        .filter(|line| line.contains("parties"))
        .collect();
    assert!(!on_parties.is_empty(), "{plan:?}");
    for line in &on_parties {
        assert!(line.contains("INDEX parties_search"), "{plan:?}");
    }
    assert!(
        plan.iter()
            .any(|line| line.contains("COVERING INDEX parties_search")),
        "the count reads the index only: {plan:?}"
    );
    assert!(
        !plan.iter().any(|line| line.contains("TEMP B-TREE")),
        "the page comes out of the index in order: {plan:?}"
    );
}

#[tokio::test]
async fn rows_written_before_the_search_columns_are_filled_in_at_open() {
    let (dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    // As an older Ponte wrote them: no `busca`, no sort keys.
    sqlx::query(
        "INSERT INTO parties (integration_id, external_id, kind, nome, cpf, ativo)
         VALUES (?, '1', 'cliente', 'Conceição Gonçalves', '123.456.789-09', 1)",
    )
    .bind(integration.id)
    .execute(store.pool())
    .await
    .expect("party");
    sqlx::query(
        "INSERT INTO lancamentos (integration_id, external_id, tipo, descricao, valor_centavos,
             juros_centavos, desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos,
             valor_total_centavos, liquidado)
         VALUES (?, 'L1', 'recebimento', 'Aluguel de março', 100, 0, 0, 0, 0, 100, 0)",
    )
    .bind(integration.id)
    .execute(store.pool())
    .await
    .expect("lançamento");
    assert_eq!(found(&store, "goncalves").await.0, 0);
    store.close().await;

    let store = Store::open(&dir.path().join("ponte.db"))
        .await
        .expect("reopened");
    assert_eq!(found(&store, "goncalves").await, (1, vec!["1".to_string()]));
    assert_eq!(found(&store, "12345678909").await.0, 1);
    let marco = store
        .browse(Dataset::Lancamentos, &searching("MARCO"), 1, 50)
        .await
        .expect("browsed");
    assert_eq!(marco.matching, 1);
}
