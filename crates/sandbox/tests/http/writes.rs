//! `PUT` of recebimentos and pagamentos: applied writes, the provider's 404 refusals, the
//! write log, writes' webhooks and an operator's edit that is not an API write.

use super::webhook_receiver::{Receiver, ReceiverOptions};
use super::{RunningSandbox, all_pages, config, get, id_of, put, start};
use ponte_sandbox::SandboxError;
use ponte_webhooks::{AuthMode, generate_secret};
use reqwest::StatusCode;
use serde_json::{Map, Value, json};

const REQUIRED: [&str; 7] = [
    "descricao",
    "data_vencimento",
    "plano_contas_id",
    "forma_pagamento_id",
    "conta_bancaria_id",
    "valor",
    "data_competencia",
];

/// An open title of `resource` due this month (`today` is 2026-03-15).
pub async fn open_title(sandbox: &RunningSandbox, resource: &str) -> Value {
    all_pages(
        sandbox,
        resource,
        "data_inicio=2026-03-01&data_fim=2026-03-31",
    )
    .await
    .into_iter()
    .find(|title| title["liquidado"] == "0")
    .expect("March has open titles")
}

pub async fn record(sandbox: &RunningSandbox, resource: &str, id: &str) -> Value {
    let answer = get(sandbox, &format!("/{resource}/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()["data"].clone()
}

/// A money string such as `"1234.50"` in centavos.
pub fn cents(value: &Value) -> i64 {
    let text = value.as_str().unwrap();
    let (whole, fraction) = text.split_once('.').unwrap();
    whole.parse::<i64>().unwrap() * 100 + fraction[..2].parse::<i64>().unwrap()
}

fn mensagem(answer: &super::Answer) -> String {
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["code"], 404);
    assert_eq!(body["status"], "error");
    assert_eq!(body["data"]["erro"], "Not Found");
    body["data"]["mensagem"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_put_settles_a_recebimento_and_is_logged() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let before = open_title(&sandbox, "recebimentos").await;
    let id = id_of(&before);
    let mut body = before.clone();
    body["liquidado"] = json!("1");
    body["data_liquidacao"] = json!("2026-03-15");
    // Write bodies take numbers as well as strings.
    body["juros"] = json!(12.5);

    let answer = put(&sandbox, &format!("/recebimentos/{id}"), &body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let after = record(&sandbox, "recebimentos", &id).await;
    assert_eq!(answer.json()["data"], after);
    assert_eq!(after["liquidado"], "1");
    assert_eq!(after["data_liquidacao"], "2026-03-15");
    assert_eq!(after["juros"], "12.50");
    let expected_total = cents(&before["valor"]) + 1250
        - cents(&before["desconto"])
        - cents(&before["taxa_banco"])
        - cents(&before["taxa_operadora"]);
    assert_eq!(cents(&after["valor_total"]), expected_total);
    assert!(after["modificado_em"].as_str() > before["modificado_em"].as_str());
    // Everything else the record had is kept.
    for name in [
        "descricao",
        "codigo",
        "cliente_id",
        "loja_id",
        "cadastrado_em",
    ] {
        assert_eq!(after[name], before[name], "{name}");
    }

    let writes = handle.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(
        (writes[0].seq, writes[0].resource.as_str()),
        (1, "recebimentos")
    );
    assert_eq!(writes[0].id, id);
    let fields = &writes[0].fields;
    assert_eq!(fields["liquidado"], "1");
    assert_eq!(fields["data_liquidacao"], "2026-03-15");
    assert_eq!(fields["juros"], "12.50");
    assert_eq!(fields["valor_total"], after["valor_total"]);
    assert!(!fields.contains_key("descricao") && !fields.contains_key("modificado_em"));
    assert_eq!(handle.write_count("recebimentos", &id), 1);
}

#[tokio::test]
async fn a_wrapped_body_without_the_api_prefix_reopens_and_reclassifies() {
    let sandbox = start(config()).await;
    let settled = all_pages(
        &sandbox,
        "pagamentos",
        "data_inicio=2026-03-01&data_fim=2026-03-15",
    )
    .await
    .into_iter()
    .find(|title| title["liquidado"] == "1")
    .unwrap();
    let id = id_of(&settled);
    let planos = get(&sandbox, "/planos_contas").await.json()["data"].clone();
    let aluguel = planos
        .as_array()
        .unwrap()
        .iter()
        .find(|plano| plano["nome"] == "Aluguel")
        .unwrap()
        .clone();
    let mut body = settled.clone();
    body["liquidado"] = json!(0);
    body["plano_contas_id"] = aluguel["id"].clone();
    body["centro_custo_id"] = json!("");

    let answer = reqwest::Client::new()
        .put(format!("http://{}/pagamentos/{id}", sandbox.addr()))
        .header("access-token", ponte_sandbox::DEFAULT_ACCESS_TOKEN)
        .header("secret-access-token", ponte_sandbox::DEFAULT_SECRET_TOKEN)
        .json(&json!({ "pagamento": body }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let after = record(&sandbox, "pagamentos", &id).await;
    assert_eq!(after["liquidado"], "0");
    assert_eq!(after["data_liquidacao"], Value::Null);
    assert_eq!(after["plano_contas_id"], aluguel["id"]);
    assert_eq!(after["nome_plano_conta"], "Aluguel");
    assert_eq!(
        (
            after["centro_custo_id"].as_str(),
            after["nome_centro_custo"].as_str()
        ),
        (Some(""), Some(""))
    );
}

#[tokio::test]
async fn each_missing_required_field_is_refused_and_nothing_changes() {
    let sandbox = start(config()).await;
    let before = open_title(&sandbox, "recebimentos").await;
    let id = id_of(&before);
    let path = format!("/recebimentos/{id}");
    for name in REQUIRED {
        let mut missing = before.clone();
        missing.as_object_mut().unwrap().remove(name);
        let expected = format!("O campo {name} é obrigatório.");
        assert_eq!(mensagem(&put(&sandbox, &path, &missing).await), expected);
        let mut blank = before.clone();
        blank[name] = json!("");
        assert_eq!(mensagem(&put(&sandbox, &path, &blank).await), expected);
    }
    assert_eq!(record(&sandbox, "recebimentos", &id).await, before);
    assert!(sandbox.handle().writes().is_empty());
}

#[tokio::test]
async fn bad_values_unknown_records_and_other_resources_are_refused() {
    let sandbox = start(config()).await;
    let before = open_title(&sandbox, "pagamentos").await;
    let id = id_of(&before);
    let path = format!("/pagamentos/{id}");
    let refused = |field: &str, value: Value| {
        let mut body = before.clone();
        body[field] = value;
        body
    };
    let cases = [
        (
            refused("plano_contas_id", json!("999999999")),
            "O plano de contas 999999999 não existe",
        ),
        (
            refused("conta_bancaria_id", json!(999999999)),
            "A conta bancária 999999999 não existe",
        ),
        (
            refused("forma_pagamento_id", json!("x")),
            "A forma de pagamento x não existe",
        ),
        (
            refused("centro_custo_id", json!("999999999")),
            "O centro de custo 999999999 não existe",
        ),
        (
            refused("valor", json!("12,50")),
            "O campo valor deve ser um valor decimal",
        ),
        (
            refused("juros", json!("-1.00")),
            "O campo juros deve ser um valor decimal",
        ),
        (
            refused("data_vencimento", json!("15/03/2026")),
            "O campo data_vencimento deve ser uma data",
        ),
        (
            refused("data_competencia", json!("2026-3-5")),
            "O campo data_competencia deve ser uma data",
        ),
        (
            refused("liquidado", json!("sim")),
            "O campo liquidado deve ser 1",
        ),
        (
            refused("liquidado", json!("1")),
            "Informe a data_liquidacao",
        ),
    ];
    for (body, expected) in cases {
        let answer = mensagem(&put(&sandbox, &path, &body).await);
        assert!(answer.starts_with(expected), "{answer} / {expected}");
    }
    assert_eq!(
        mensagem(&put(&sandbox, "/pagamentos/999999999", &before).await),
        "Registro não encontrado."
    );
    assert!(
        mensagem(&put(&sandbox, "/clientes/1", &before).await).contains("não aceita alterações")
    );
    assert!(mensagem(&put(&sandbox, &path, &json!(["not", "a record"])).await).contains("JSON"));
    assert_eq!(record(&sandbox, "pagamentos", &id).await, before);
    assert!(sandbox.handle().writes().is_empty());
}

#[tokio::test]
async fn an_operator_edit_is_newer_but_not_an_api_write() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let before = open_title(&sandbox, "pagamentos").await;
    let id = id_of(&before);
    handle.reset_request_counts();
    let mut fields = Map::new();
    fields.insert("descricao".into(), json!("Aluguel de março (corrigido)"));
    fields.insert("valor".into(), json!(1500));

    let edited = handle.edit_title("pagamentos", &id, fields).unwrap();
    let after = record(&sandbox, "pagamentos", &id).await;
    assert_eq!(edited, after);
    assert_eq!(after["descricao"], "Aluguel de março (corrigido)");
    assert_eq!(after["valor"], "1500.00");
    assert_eq!(after["plano_contas_id"], before["plano_contas_id"]);
    assert!(after["modificado_em"].as_str() > before["modificado_em"].as_str());
    assert!(handle.writes().is_empty());
    assert!(handle.request_log().iter().all(|r| r.method == "GET"));

    let mut bad = Map::new();
    bad.insert("valor".into(), json!("muito"));
    assert!(matches!(
        handle.edit_title("pagamentos", &id, bad),
        Err(SandboxError::InvalidEdit { .. })
    ));
    assert!(matches!(
        handle.edit_title("pagamentos", "999999999", Map::new()),
        Err(SandboxError::RecordNotFound { .. })
    ));
    assert!(matches!(
        handle.edit_title("vendas", &id, Map::new()),
        Err(SandboxError::NotWritable { .. })
    ));
}

#[tokio::test]
async fn a_write_sends_its_webhook_once_switched_on() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let secret = generate_secret(AuthMode::Hmac);
    let receiver = Receiver::start(ReceiverOptions {
        mode: AuthMode::Hmac,
        secret: secret.clone(),
        sandbox_api: None,
        answer_500_first: 0,
    })
    .await;
    handle
        .set_emit_on_write(Some(receiver.target(&secret)))
        .unwrap();
    let before = open_title(&sandbox, "recebimentos").await;
    let id = id_of(&before);
    let mut body = before.clone();
    body["descricao"] = json!("Serviço revisado");

    assert_eq!(
        put(&sandbox, &format!("/recebimentos/{id}"), &body)
            .await
            .status,
        StatusCode::OK
    );
    receiver.wait_for(1).await;
    let delivered = receiver.take();
    assert!(delivered[0].verified.is_ok());
    let envelope = delivered[0].envelope();
    assert_eq!(envelope.event, "transaction.updated");
    assert_eq!(envelope.resource, "recebimentos");
    assert_eq!(envelope.record_id(), id);
    let data: Value = serde_json::from_str(envelope.data.get()).unwrap();
    assert_eq!(data, record(&sandbox, "recebimentos", &id).await);
}
