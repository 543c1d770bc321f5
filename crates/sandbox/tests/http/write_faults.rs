//! Faults on writes: a queued 500 or 429 replaces the PUT (nothing written), one queued
//! for writes only lets reads by, a dropped answer comes after the write (applied once,
//! answer lost); and the admin routes that queue faults and read the logs from another
//! process.

use super::writes::{open_title, record};
use super::{config, get, id_of, put, start};
use ponte_sandbox::{DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, FaultKind};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_queued_500_or_429_replaces_the_write() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let before = open_title(&sandbox, "recebimentos").await;
    let id = id_of(&before);
    let path = format!("/recebimentos/{id}");
    let mut body = before.clone();
    body["descricao"] = json!("Revisado");
    handle.fail_next(1, FaultKind::ServerError);
    assert_eq!(
        put(&sandbox, &path, &body).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(record(&sandbox, "recebimentos", &id).await, before);

    handle.fail_next(
        1,
        FaultKind::TooManyRequests {
            retry_after_secs: Some(1),
        },
    );
    let limited = put(&sandbox, &path, &body).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "1");
    assert_eq!(record(&sandbox, "recebimentos", &id).await, before);
    assert!(handle.writes().is_empty());

    assert_eq!(put(&sandbox, &path, &body).await.status, StatusCode::OK);
    assert_eq!(handle.write_count("recebimentos", &id), 1);
    assert_eq!(handle.rate_limited_count(), 1);

    // A fault for writes only lets reads by.
    handle.fail_next_write(1, FaultKind::ServerError);
    assert_eq!(get(&sandbox, "/clientes").await.status, StatusCode::OK);
    assert_eq!(
        put(&sandbox, &path, &body).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(put(&sandbox, &path, &body).await.status, StatusCode::OK);
    assert_eq!(handle.write_count("recebimentos", &id), 2);
}

#[tokio::test]
async fn a_dropped_answer_comes_after_the_write() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let before = open_title(&sandbox, "pagamentos").await;
    let id = id_of(&before);
    let mut body = before.clone();
    body["liquidado"] = json!("1");
    body["data_liquidacao"] = json!("2026-03-14");
    handle.fail_next(1, FaultKind::DropAnswerAfterWrite);

    let sent = reqwest::Client::new()
        .put(format!("{}/pagamentos/{id}", sandbox.base_url()))
        .header("access-token", DEFAULT_ACCESS_TOKEN)
        .header("secret-access-token", DEFAULT_SECRET_TOKEN)
        .json(&body)
        .send()
        .await;
    let read = match sent {
        Ok(response) => response.text().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(read.is_err(), "the answer should have been lost");

    let after = record(&sandbox, "pagamentos", &id).await;
    assert_eq!(after["liquidado"], "1");
    assert_eq!(after["data_liquidacao"], "2026-03-14");
    assert_eq!(handle.write_count("pagamentos", &id), 1);
    assert_eq!(handle.writes().len(), 1);

    // On a read it acts like a malformed answer.
    handle.fail_next(1, FaultKind::DropAnswerAfterWrite);
    let malformed = get(&sandbox, "/clientes").await;
    assert_eq!(malformed.status, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&malformed.body).is_err());
}

#[tokio::test]
async fn admin_routes_queue_faults_edit_titles_and_show_the_logs() {
    let sandbox = start(config()).await;
    let admin = |path: &str| format!("http://{}/__sandbox/{path}", sandbox.addr());
    let http = reqwest::Client::new();
    let before = open_title(&sandbox, "recebimentos").await;
    let id = id_of(&before);
    let queued = http
        .post(admin("requests/reset"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(queued, StatusCode::NO_CONTENT);
    let queued = http
        .post(admin("faults/next"))
        .json(&json!({"count": 1, "kind": "server_error"}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(queued, StatusCode::NO_CONTENT);

    let path = format!("/recebimentos/{id}");
    assert_eq!(
        put(&sandbox, &path, &before).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(put(&sandbox, &path, &before).await.status, StatusCode::OK);
    get(
        &sandbox,
        "/recebimentos?data_inicio=2026-03-01&data_fim=2026-03-31",
    )
    .await;

    let log: Value = http
        .get(admin("requests/log"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        log,
        json!([
            {"seq": 1, "method": "PUT", "resource": "recebimentos", "id": id},
            {"seq": 2, "method": "PUT", "resource": "recebimentos", "id": id},
            {"seq": 3, "method": "GET", "resource": "recebimentos"},
        ])
    );
    // The record sent back as it was changes nothing but its stamp.
    let writes: Value = http
        .get(admin("writes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        writes,
        json!([{"seq": 1, "resource": "recebimentos", "id": id, "fields": {}}])
    );

    let edited = http
        .post(admin("records/edit"))
        .json(&json!({"resource": "recebimentos", "id": id, "fields": {"juros": "5.00"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::OK);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["juros"], "5.00");
    assert_eq!(sandbox.handle().writes().len(), 1);
    let refused = http
        .post(admin("records/edit"))
        .json(&json!({"resource": "recebimentos", "id": id, "fields": {"plano_contas_id": "0"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["code"], "invalid_edit");
}
