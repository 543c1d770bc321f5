//! The Gestão Click client's record reads and one-shot writes against the sandbox over
//! loopback: a PUT settles a recebimento, a refusal carries the provider's mensagem, a
//! 500 or a lost answer is "unknown" and never sent twice, a 429 is waited out and the
//! write applied once, and a write cancelled before it left reaches nothing.

use crate::support;

use ponte_core::Error;
use ponte_core::providers::gestaoclick::client::Client;
use ponte_core::providers::{RequestPriority, WriteFailure, rate_limiter};
use ponte_core::store::{NewIntegration, RequestBudget, Store};
use ponte_sandbox::{FaultKind, RunningSandbox, Sandbox, SandboxHandle};
use serde_json::{Value, json};
use support::{fast_settings, sandbox_credentials, small_unlimited};
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

struct Setup {
    sandbox: RunningSandbox,
    client: Client,
    cancel: CancellationToken,
    _dir: TempDir,
}

/// A sandbox and a client at the operator-write priority, with a store for its budget.
async fn setup() -> Setup {
    let config = small_unlimited(21);
    let credentials = sandbox_credentials(&config);
    let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sandbox starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("ponte.db"))
        .await
        .expect("store");
    let provider = ponte_core::providers::provider_for(&ponte_core::providers::gestaoclick::KIND)
        .expect("provider");
    let settings = fast_settings();
    let integration = store
        .create_integration(
            &NewIntegration {
                provider: ponte_core::providers::gestaoclick::KIND,
                name: "Sandbox".into(),
                base_url: sandbox.base_url(),
                settings: settings.clone(),
                schedule_interval_minutes: None,
            },
            provider.traits(),
        )
        .await
        .expect("integration");
    let cancel = CancellationToken::new();
    let client = Client::new(
        &sandbox.base_url(),
        credentials,
        rate_limiter(settings.requests_per_second),
        RequestPriority::ManualWrite,
        RequestBudget::new(store, integration.id, settings.daily_request_limit),
        settings,
        cancel.clone(),
    )
    .expect("client");
    Setup {
        sandbox,
        client,
        cancel,
        _dir: dir,
    }
}

/// An open recebimento, as `GET /recebimentos/{id}` answers it.
async fn open_recebimento(client: &Client) -> Value {
    let mut page = 1;
    loop {
        let list = client
            .list("recebimentos", &[], page)
            .await
            .expect("a page");
        if let Some(open) = list.items.iter().find(|title| title["liquidado"] == "0") {
            let id = id_of(open);
            return client
                .fetch_record("recebimentos", &id)
                .await
                .expect("the record");
        }
        assert!(list.has_more, "the dataset has an open recebimento");
        page += 1;
    }
}

fn id_of(record: &Value) -> String {
    record["id"].as_str().expect("an id").to_string()
}

/// The body that settles `record` on its due date.
fn settled(record: &Value) -> Value {
    let mut body = record.clone();
    body["liquidado"] = json!("1");
    body["data_liquidacao"] = record["data_vencimento"].clone();
    body
}

/// The PUTs that reached the sandbox.
fn puts(handle: &SandboxHandle) -> usize {
    handle
        .request_log()
        .iter()
        .filter(|request| request.method == "PUT")
        .count()
}

/// A write that settles an open recebimento while the sandbox fails the next write as
/// `fault`: the setup, the sandbox's handle, the recebimento's id and the write's outcome.
async fn settle_with_fault(
    fault: FaultKind,
) -> (Setup, SandboxHandle, String, Result<Value, WriteFailure>) {
    let s = setup().await;
    let handle = s.sandbox.handle();
    let before = open_recebimento(&s.client).await;
    let id = id_of(&before);
    handle.fail_next_write(1, fault);
    let outcome = s
        .client
        .put_record("recebimentos", &id, &settled(&before))
        .await;
    (s, handle, id, outcome)
}

#[tokio::test]
async fn a_put_settles_a_recebimento() {
    let s = setup().await;
    let handle = s.sandbox.handle();
    let before = open_recebimento(&s.client).await;
    let id = id_of(&before);

    let after = s
        .client
        .put_record("recebimentos", &id, &settled(&before))
        .await
        .expect("applied");
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["liquidado"], "1");
    assert_eq!(after["data_liquidacao"], before["data_vencimento"]);
    assert!(after["modificado_em"].as_str() > before["modificado_em"].as_str());
    let read_again = s
        .client
        .fetch_record("recebimentos", &id)
        .await
        .expect("the record");
    assert_eq!(read_again, after);
    assert_eq!(handle.write_count("recebimentos", &id), 1);
    assert_eq!(puts(&handle), 1);
}

#[tokio::test]
async fn a_missing_field_is_refused_with_the_providers_mensagem() {
    let s = setup().await;
    let handle = s.sandbox.handle();
    let before = open_recebimento(&s.client).await;
    let id = id_of(&before);
    let mut body = settled(&before);
    body.as_object_mut().expect("an object").remove("descricao");

    match s.client.put_record("recebimentos", &id, &body).await {
        Err(WriteFailure::Refused(Error::ProviderValidation { mensagem, .. })) => {
            assert_eq!(mensagem, "O campo descricao é obrigatório.");
        }
        other => panic!("expected a validation refusal, got {other:?}"),
    }
    assert_eq!(handle.write_count("recebimentos", &id), 0);
    assert_eq!(puts(&handle), 1, "a refusal is not retried");
}

#[tokio::test]
async fn an_unknown_record_is_a_validation_error() {
    let s = setup().await;
    let error = s
        .client
        .fetch_record("recebimentos", "999999999")
        .await
        .expect_err("no such record");
    assert!(
        matches!(error, Error::ProviderValidation { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_500_is_unknown_and_not_sent_again() {
    let (_s, handle, id, outcome) = settle_with_fault(FaultKind::ServerError).await;
    assert!(
        matches!(outcome, Err(WriteFailure::Unknown(_))),
        "{outcome:?}"
    );
    assert_eq!(puts(&handle), 1, "exactly one PUT");
    assert_eq!(handle.write_count("recebimentos", &id), 0);
}

#[tokio::test]
async fn a_lost_answer_is_unknown_and_the_write_landed_once() {
    let (s, handle, id, outcome) = settle_with_fault(FaultKind::DropAnswerAfterWrite).await;
    assert!(
        matches!(outcome, Err(WriteFailure::Unknown(_))),
        "{outcome:?}"
    );
    assert_eq!(puts(&handle), 1, "exactly one PUT");
    assert_eq!(handle.write_count("recebimentos", &id), 1);
    let now = s
        .client
        .fetch_record("recebimentos", &id)
        .await
        .expect("the record");
    assert_eq!(now["liquidado"], "1", "reading tells that it landed");
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_write_applied_once() {
    let (_s, handle, id, outcome) = settle_with_fault(FaultKind::TooManyRequests {
        retry_after_secs: None,
    })
    .await;
    let after = outcome.expect("applied after the wait");
    assert_eq!(after["liquidado"], "1");
    assert_eq!(puts(&handle), 2, "the refused one and the applied one");
    assert_eq!(handle.write_count("recebimentos", &id), 1);
    assert_eq!(handle.rate_limited_count(), 1);
}

#[tokio::test]
async fn a_write_cancelled_before_it_is_sent_reaches_nothing() {
    let s = setup().await;
    let handle = s.sandbox.handle();
    let before = open_recebimento(&s.client).await;
    let id = id_of(&before);
    s.cancel.cancel();

    let outcome = s
        .client
        .put_record("recebimentos", &id, &settled(&before))
        .await;
    assert!(
        matches!(outcome, Err(WriteFailure::Refused(Error::Cancelled))),
        "{outcome:?}"
    );
    assert_eq!(puts(&handle), 0);
}
