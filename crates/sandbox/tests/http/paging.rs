//! Paging reaches every record exactly once, and the `meta` tells the truth about it.

use super::{all_pages, config, get, id_of, start};
use ponte_sandbox::{MetaVariant, Scale};
use std::collections::BTreeSet;

#[tokio::test]
async fn paging_visits_every_record_exactly_once() {
    let sandbox = start(config()).await;
    let summary = sandbox.handle().summary();
    let clientes = all_pages(&sandbox, "clientes", "ordenacao=id").await;
    let unique: BTreeSet<String> = clientes.iter().map(id_of).collect();
    assert_eq!(unique.len(), clientes.len());
    assert_eq!(unique.len() as u64, summary.entities["clientes"].count);

    for resource in ["recebimentos", "pagamentos", "vendas"] {
        let mut seen = BTreeSet::new();
        for (loja_id, loja) in &summary.entities[resource].per_loja {
            let query = format!("loja_id={loja_id}&data_inicio=2025-04-01&data_fim=2026-03-31");
            let records = all_pages(&sandbox, resource, &query).await;
            assert_eq!(
                records.len() as u64,
                loja.count,
                "{resource} loja {loja_id}"
            );
            for record in &records {
                assert_eq!(record["loja_id"], loja_id.as_str());
                assert!(
                    seen.insert(id_of(record)),
                    "{resource} {} twice",
                    id_of(record)
                );
            }
        }
        assert_eq!(
            seen.len() as u64,
            summary.entities[resource].count,
            "{resource}"
        );
    }
}

#[tokio::test]
async fn page_size_defaults_to_20_caps_at_100_and_pages_past_the_end_are_empty() {
    let sandbox = start(config()).await;
    let body = get(&sandbox, "/clientes").await.json();
    assert_eq!(body["data"].as_array().unwrap().len(), 20);
    assert_eq!(body["meta"]["limite_por_pagina"], 20);
    let body = get(&sandbox, "/clientes?limit=500").await.json();
    assert_eq!(body["data"].as_array().unwrap().len(), 100);
    assert_eq!(
        body["meta"]["proxima_url"],
        "/api/clientes?limit=500&pagina=2"
    );
    let body = get(&sandbox, "/clientes?limite=100&pagina=3").await.json();
    assert_eq!(body["data"], serde_json::json!([]));
    assert_eq!(body["meta"]["total_registros"], 200);
    assert!(body["meta"]["proxima_pagina"].is_null());
}

#[tokio::test]
async fn each_resource_keeps_its_meta_variant_unless_one_is_forced() {
    let sandbox = start(config()).await;
    let meta = get(&sandbox, "/clientes").await.json()["meta"].clone();
    assert_eq!(meta["total_da_pagina"], 20);
    assert!(meta.get("total_paginas").is_none());
    let meta = get(&sandbox, "/pagamentos").await.json()["meta"].clone();
    assert!(meta["total_paginas"].is_u64() && meta["total_registros_pagina"].is_u64());
    assert!(meta.get("total_da_pagina").is_none());

    let mut forced = config();
    forced.meta_variant = MetaVariant::ForceB;
    forced.scale = Scale::Small;
    let sandbox = start(forced).await;
    let meta = get(&sandbox, "/clientes?pagina=2").await.json()["meta"].clone();
    assert_eq!(meta["total_paginas"], 10);
    assert_eq!(meta["pagina_anterior"], 1);
    assert_eq!(meta["url_anterior"], "/api/clientes?pagina=1");
}

#[tokio::test]
async fn ordering_works_on_any_field_in_both_directions() {
    let sandbox = start(config()).await;
    let body = get(
        &sandbox,
        "/vendas?ordenacao=valor_total&direcao=desc&limite=100",
    )
    .await
    .json();
    let totals: Vec<f64> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["valor_total"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        totals.windows(2).all(|pair| pair[0] >= pair[1]),
        "{totals:?}"
    );
    let body = get(&sandbox, "/clientes?ordenacao=nome&limite=100")
        .await
        .json();
    let names: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["nome"].as_str().unwrap())
        .collect();
    assert!(names.windows(2).all(|pair| pair[0] <= pair[1]));
}
