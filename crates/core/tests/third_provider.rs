//! The provider trait is the only extension point: a third provider, defined only here and
//! added with one `register` call, pulls a page from a tiny loopback API through the sync
//! engine and receives a webhook through a real relay, and both records reach the store.
//! Nothing else in Ponte is told about it.

use crate::support;

use async_trait::async_trait;
use chrono::Utc;
use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::domain::{CentroCusto, EntityKind, ProviderKind, RecordBody, Scope};
use ponte_core::providers::{
    Connection, ConnectionReport, DecodedWebhook, Provider, RunContext, register,
};
use ponte_core::realtime::RealtimeEvent;
use ponte_core::store::{
    EventEffect, IntegrationSettings, NewIntegration, PageWrite, RecordFailure, ReferenceKind,
    RunTrigger, StoredRecord,
};
use ponte_core::{Error, Result};
use ponte_relay::{Relay, RelayConfig, SqliteStore, SystemClock};
use ponte_webhooks::{AuthMode, Outgoing, sign};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use support::{assert_succeeded, open_core};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::error::RecvError;

const KIND: ProviderKind = ProviderKind::from_static("teste");
const DISPLAY_NAME: &str = "Provedor de Teste";
const SAVED: &str = "centro_custo.salvo";
const VERIFY: &str = "ponte.verificar";

/// A provider with one list, `GET /centros_custos`, and one webhook, `centro_custo.salvo`,
/// sent as Standard Webhooks.
struct Teste;

#[async_trait]
impl Provider for Teste {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn display_name(&self) -> &'static str {
        DISPLAY_NAME
    }

    /// The relay knows only its built-in rule sets. This provider sends Standard Webhooks,
    /// whose `webhook-id` header the relay takes before any body rule, so any set fits;
    /// Coinzz's is the one that never looks inside a body it does not know.
    fn relay_rules(&self) -> ponte_webhooks::Provider {
        ponte_webhooks::Provider::Coinzz
    }

    fn decode_webhook(&self, body: &[u8]) -> DecodedWebhook {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let event_type = parsed
            .as_ref()
            .and_then(|v| v["evento"].as_str())
            .map(str::to_string);
        let effect = match (event_type.as_deref(), parsed.as_ref().map(|v| &v["dados"])) {
            (Some(VERIFY), _) => EventEffect::Acknowledge,
            (Some(SAVED), Some(dados)) => match centro(dados) {
                Ok(record) => EventEffect::Upsert {
                    entity: EntityKind::CentroCusto,
                    record: Box::new(record),
                },
                Err(failure) => EventEffect::Quarantine {
                    entity: Some(EntityKind::CentroCusto),
                    failure,
                },
            },
            _ => EventEffect::Quarantine {
                entity: None,
                failure: RecordFailure {
                    external_id: None,
                    reason: "evento desconhecido".into(),
                    payload: String::from_utf8_lossy(body).into_owned(),
                },
            },
        };
        // The id travels in `webhook-id`: there is none to derive from the body.
        DecodedWebhook {
            event_type,
            event_id: None,
            effect,
        }
    }

    fn verify_event(&self, event_id: &str) -> Vec<u8> {
        json!({"evento": VERIFY, "id": event_id})
            .to_string()
            .into_bytes()
    }

    async fn test_connection(&self, connection: &Connection) -> Result<ConnectionReport> {
        centros_custos(&connection.integration.base_url).await?;
        Ok(ConnectionReport { lojas: Vec::new() })
    }

    /// One list, one page, one transaction.
    async fn sync(&self, run: &RunContext) -> Result<()> {
        let integration = &run.connection.integration;
        let (mut records, mut failures) = (Vec::new(), Vec::new());
        for item in centros_custos(&integration.base_url).await? {
            match centro(&item) {
                Ok(record) => records.push(record),
                Err(failure) => failures.push(failure),
            }
        }
        run.connection
            .store
            .apply_page(PageWrite {
                integration_id: integration.id,
                provider: integration.provider.clone(),
                entity: EntityKind::CentroCusto,
                run_id: run.run_id,
                scan_id: None,
                records: &records,
                failures: &failures,
                checkpoint: None,
            })
            .await?;
        let entity = EntityKind::CentroCusto;
        run.progress
            .page(entity, entity.label(), 1, Some(1), records.len() as u64);
        Ok(())
    }
}

/// The provider's whole list of centros de custo.
async fn centros_custos(base_url: &str) -> Result<Vec<Value>> {
    let unavailable = |error: reqwest::Error| Error::ProviderUnavailable {
        provider: DISPLAY_NAME,
        attempts: 1,
        detail: error.to_string(),
    };
    let url = format!("{}/centros_custos", base_url.trim_end_matches('/'));
    reqwest::get(url)
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(unavailable)?
        .json()
        .await
        .map_err(unavailable)
}

/// A centro de custo as the provider sends it, pulled or pushed: `{"id", "nome"}`.
fn centro(item: &Value) -> std::result::Result<StoredRecord, RecordFailure> {
    match (item["id"].as_str(), item["nome"].as_str()) {
        (Some(id), Some(nome)) => Ok(StoredRecord {
            external_id: id.to_string(),
            modified_at: None,
            payload_hash: Sha256::digest(item.to_string().as_bytes()).to_vec(),
            scope: Scope::Account,
            body: RecordBody::CentroCusto(CentroCusto {
                nome: nome.to_string(),
                cadastrado_em: None,
            }),
        }),
        (id, _) => Err(RecordFailure {
            external_id: id.map(str::to_string),
            reason: "centro de custo sem id ou nome".into(),
            payload: item.to_string(),
        }),
    }
}

/// A loopback stand-in for the provider's API: `GET /centros_custos` answers `list`, any
/// other request a 404, so a wrong path fails the sync. Returns the base URL.
async fn serve_centros_custos(list: Value) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let list = list.clone();
            tokio::spawn(async move {
                let head = read_head(&mut socket).await;
                let (status, body) = if head.starts_with("GET /centros_custos ") {
                    ("200 OK", list.to_string())
                } else {
                    ("404 Not Found", "{}".to_string())
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

/// The request line and headers (a GET has no body).
async fn read_head(socket: &mut TcpStream) -> String {
    let (mut head, mut chunk) = (Vec::new(), [0; 1024]);
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_defined_outside_the_crate_pulls_and_receives_webhooks_through_one_registration()
{
    // The one registration: nothing else in Ponte is told about `teste`.
    register(&Teste).expect("registered");

    let api = serve_centros_custos(json!([{"id": "7", "nome": "Centro Puxado"}])).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let tokens = Credentials::new("a", "b").expect("tokens");
    let core = open_core(&dir, CredentialStore::default().with_override(tokens)).await;
    let integration = core
        .integrations()
        .add(
            NewIntegration {
                provider: KIND,
                name: "Teste".into(),
                base_url: api,
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("integration added");

    let run = core
        .sync()
        .start(integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    assert_succeeded(&run.wait().await);

    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay_store = SqliteStore::open(&relay_dir.path().join("relay.db"))
        .await
        .expect("relay store");
    let relay = Relay::start(
        RelayConfig::new("127.0.0.1:0".parse().expect("addr")),
        Arc::new(relay_store),
        Arc::new(SystemClock),
    )
    .await
    .expect("relay starts");
    let channel = relay
        .admin()
        .create(
            Teste.relay_rules(),
            AuthMode::Standard,
            &relay.base_url(),
            &[],
        )
        .await
        .expect("channel");
    core.realtime()
        .connect_in_memory(&integration, &relay.base_url(), &channel)
        .await
        .expect("connected");
    let mut realtime = core.realtime().subscribe();
    assert_eq!(
        core.realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );

    let event_id = "evt-teste-1";
    let body = serde_json::to_vec(&json!({
        "evento": SAVED, "dados": {"id": "8", "nome": "Centro Recebido"}
    }))
    .expect("json");
    let headers = sign(
        AuthMode::Standard,
        &channel.secret,
        &Outgoing {
            id: event_id,
            timestamp: Utc::now(),
            body: &body,
        },
    )
    .expect("signed");
    let status = reqwest::Client::new()
        .post(&channel.ingest_url)
        .headers(headers)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("relay answers")
        .status();
    assert_eq!(status, reqwest::StatusCode::OK);

    let (applied, quarantined) = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match realtime.recv().await {
                Ok(RealtimeEvent::Applied {
                    integration_id,
                    applied,
                    quarantined,
                    ..
                }) if integration_id == integration.id => return (applied, quarantined),
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => panic!("the real-time events stopped"),
            }
        }
    })
    .await
    .expect("the poller applied a batch");
    assert_eq!((applied, quarantined), (1, 0));

    let centros: Vec<(String, String)> = core
        .store()
        .reference_options(ReferenceKind::CentroCusto, Some(integration.id))
        .await
        .expect("centros de custo")
        .into_iter()
        .map(|c| (c.external_id, c.nome))
        .collect();
    assert_eq!(
        centros,
        [
            ("7".to_string(), "Centro Puxado".to_string()),
            ("8".into(), "Centro Recebido".into()),
        ]
    );
    assert!(
        core.store()
            .inbox_has_event(&KIND, event_id)
            .await
            .expect("inbox")
    );
    core.shutdown().await;
}
