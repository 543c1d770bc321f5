//! The provider's filter defaults and quirks: titles default to the current month, per-loja
//! lists to the matriz, `liquidado` is ignored, items may come wrapped.

use super::{all_pages, config, get, start};
use ponte_sandbox::documents::{is_valid_cnpj, is_valid_cpf};
use serde_json::Value;

fn effective_date(title: &Value) -> &str {
    match title["liquidado"].as_str() {
        Some("1") => title["data_liquidacao"].as_str().unwrap(),
        _ => title["data_vencimento"].as_str().unwrap(),
    }
}

#[tokio::test]
async fn titles_without_a_period_cover_the_current_month_of_the_matriz() {
    let sandbox = start(config()).await;
    let matriz = get(&sandbox, "/lojas").await.json()["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let titles = all_pages(&sandbox, "pagamentos", "x=1").await;
    assert!(!titles.is_empty());
    for title in &titles {
        assert!(effective_date(title).starts_with("2026-03-"), "{title}");
        assert_eq!(title["loja_id"], matriz.as_str());
    }
    let dates: Vec<&str> = titles.iter().map(effective_date).collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] <= pair[1]),
        "default order is by effective date"
    );
    let with_liquidado = all_pages(&sandbox, "pagamentos", "liquidado=pg").await;
    assert_eq!(with_liquidado, titles);
}

#[tokio::test]
async fn period_filters_match_the_effective_date() {
    let sandbox = start(config()).await;
    let query = "data_inicio=2025-12-01&data_fim=2025-12-31";
    for title in all_pages(&sandbox, "recebimentos", query).await {
        let date = effective_date(&title);
        assert!(("2025-12-01"..="2025-12-31").contains(&date), "{date}");
        assert_eq!(
            title["data_liquidacao"].is_null(),
            title["liquidado"] == "0"
        );
    }
}

#[tokio::test]
async fn wrapped_mode_wraps_vendas_and_formas_pagamentos_items() {
    let mut wrapped = config();
    wrapped.wrapped_items = true;
    let sandbox = start(wrapped).await;
    let body = get(&sandbox, "/vendas?limite=1").await.json();
    assert!(body["data"][0]["Venda"]["id"].is_string());
    let body = get(&sandbox, "/formas_pagamentos").await.json();
    assert!(body["data"][0]["FormasPagamento"]["id"].is_string());
    let body = get(&sandbox, "/clientes?limite=1").await.json();
    assert!(body["data"][0]["id"].is_string());
}

#[tokio::test]
async fn people_carry_valid_documents_and_filter_by_them() {
    let sandbox = start(config()).await;
    let clientes = all_pages(&sandbox, "clientes", "x=1").await;
    let fornecedores = all_pages(&sandbox, "fornecedores", "x=1").await;
    let people: Vec<&Value> = clientes.iter().chain(&fornecedores).collect();
    let cpfs: Vec<&str> = people.iter().filter_map(|p| p["cpf"].as_str()).collect();
    let cnpjs: Vec<&str> = people.iter().filter_map(|p| p["cnpj"].as_str()).collect();
    assert!(cpfs.iter().all(|cpf| is_valid_cpf(cpf)));
    assert!(cnpjs.iter().all(|cnpj| is_valid_cnpj(cnpj)));
    assert!(
        cnpjs
            .iter()
            .any(|cnpj| cnpj.bytes().any(|b| b.is_ascii_alphabetic()))
    );
    let cnpj = cnpjs[0];
    let found = get(&sandbox, &format!("/fornecedores?cpf_cnpj={cnpj}"))
        .await
        .json();
    let found_clientes = get(&sandbox, &format!("/clientes?cpf_cnpj={cnpj}"))
        .await
        .json();
    let total = found["meta"]["total_registros"].as_u64().unwrap()
        + found_clientes["meta"]["total_registros"].as_u64().unwrap();
    assert_eq!(total, 1);
}

#[tokio::test]
async fn records_answer_with_and_without_the_api_prefix() {
    let sandbox = start(config()).await;
    let venda = get(&sandbox, "/vendas?limite=1").await.json()["data"][0].clone();
    let id = venda["id"].as_str().unwrap();
    let with_prefix = get(&sandbox, &format!("/vendas/{id}")).await.json();
    assert_eq!(with_prefix["data"], venda);
    assert!(with_prefix.get("meta").is_none());
    let url = format!(
        "{}/vendas/{id}",
        sandbox.base_url().trim_end_matches("/api")
    );
    let without = reqwest::Client::new()
        .get(url)
        .header("access-token", ponte_sandbox::DEFAULT_ACCESS_TOKEN)
        .header("secret-access-token", ponte_sandbox::DEFAULT_SECRET_TOKEN)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(without, with_prefix);
}
