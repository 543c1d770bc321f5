//! `POST /__sandbox/records/update` edits a record and dates it as the caller says, older or
//! newer than the logical clock, without moving later stamps back or being counted.

use super::{config, get, id_of, start};
use ponte_sandbox::{Mutation, MutationAction, MutationEntity, MutationOutcome};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_dated_update_is_served_with_its_stamp_and_later_ticks_stay_ahead() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let url = sandbox
        .base_url()
        .replace("/api", "/__sandbox/records/update");
    let client = reqwest::Client::new();
    let first = get(&sandbox, "/clientes?ordenacao=id&direcao=asc&limite=1")
        .await
        .json();
    let id = id_of(&first["data"][0]);
    let before = handle.request_count();

    let old = json!({"entity": "cliente", "id": id, "modificado_em": "2020-01-02 08:30:00"});
    let response = client.post(&url).json(&old).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let outcome: MutationOutcome = response.json().await.unwrap();
    assert_eq!(outcome.action, MutationAction::Updated);
    assert_eq!(
        outcome.modificado_em.as_deref(),
        Some("2020-01-02 08:30:00")
    );
    assert_eq!(
        handle.request_count(),
        before,
        "admin calls are not counted"
    );
    let served = get(&sandbox, &format!("/clientes/{id}")).await.json();
    assert_eq!(served["data"]["modificado_em"], "2020-01-02 08:30:00");
    assert_ne!(
        served["data"]["celular"], first["data"][0]["celular"],
        "the record was edited too"
    );

    let future = json!({"entity": "venda", "id": first_id(&sandbox, "vendas").await,
        "modificado_em": "2099-12-31 23:59:59"});
    let response = client.post(&url).json(&future).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let created = handle
        .apply(Mutation::Create(MutationEntity::Cliente))
        .unwrap();
    assert_eq!(
        created.modificado_em.as_deref(),
        Some("2100-01-01 00:00:00")
    );
}

#[tokio::test]
async fn a_dated_update_refuses_unknown_records_centros_and_bad_stamps() {
    let sandbox = start(config()).await;
    let url = sandbox
        .base_url()
        .replace("/api", "/__sandbox/records/update");
    let client = reqwest::Client::new();
    let post = |body: Value| client.post(&url).json(&body).send();

    let missing =
        json!({"entity": "cliente", "id": "999999", "modificado_em": "2026-03-01 10:00:00"});
    let response = post(missing).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["code"], "record_not_found");

    let centro = first_id(&sandbox, "centros_custos").await;
    let centro =
        json!({"entity": "centro_custo", "id": centro, "modificado_em": "2026-03-01 10:00:00"});
    let response = post(centro).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["code"], "no_timestamp");

    let id = first_id(&sandbox, "clientes").await;
    let garbled = json!({"entity": "cliente", "id": id, "modificado_em": "01/03/2026 10:00"});
    let response = post(garbled).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn first_id(sandbox: &ponte_sandbox::RunningSandbox, resource: &str) -> String {
    let body = get(
        sandbox,
        &format!("/{resource}?ordenacao=id&direcao=asc&limite=1"),
    )
    .await
    .json();
    id_of(&body["data"][0])
}
