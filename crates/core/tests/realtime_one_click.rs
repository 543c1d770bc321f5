//! "Ligar tempo real" for a Gestão Click integration, over a real relay on loopback: Ponte
//! opens a bearer channel on the relay account, files its secrets in a real Secret Service,
//! and a webhook POSTed to the URL it shows, with the header it shows, reaches SQLite;
//! pressing it again replaces the channel and closes the old one. A hand-typed channel is
//! checked on the relay before anything is saved, and "canal não existe", "token
//! recusado" and "relay fora do ar" are three different errors.

use crate::support;

use ponte_core::Core;
use ponte_core::credentials::{CredentialStore, RelaySecrets, Secret};
use ponte_core::providers::{gestaoclick, provider_for};
use ponte_core::store::{Integration, IntegrationSettings, NewIntegration, RelayChannel};
use ponte_relay::{Provisioning, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_webhooks::{AuthMode, Provider};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{keyring_available, open_core};

const ACCOUNT_TOKEN: &str = "conta-gestao-click-de-teste";

async fn relay(dir: &tempfile::TempDir) -> RunningRelay {
    let store = SqliteStore::open(&dir.path().join("relay.db"))
        .await
        .expect("relay store");
    let mut config = RelayConfig::new("127.0.0.1:0".parse().expect("addr"));
    // Empty: the ingest URLs name the loopback address the relay listens on.
    config.provisioning = Some(Provisioning::new(ACCOUNT_TOKEN, ""));
    Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .expect("relay starts")
}

/// A Gestão Click integration as the operator has it before Tempo real: its API is never
/// reached here (a closed port).
async fn gestao_click(core: &Core) -> Integration {
    core.store()
        .create_integration(
            &NewIntegration {
                provider: gestaoclick::KIND,
                name: "Loja Centro".into(),
                base_url: "http://127.0.0.1:9".into(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            provider_for(&gestaoclick::KIND).expect("provider").traits(),
        )
        .await
        .expect("integration")
}

fn keyring() -> CredentialStore {
    CredentialStore::with_service(format!("br.ponte.test.oneclick.{}", std::process::id()))
}

#[tokio::test]
async fn one_click_opens_a_bearer_channel_whose_url_and_header_deliver_to_sqlite() {
    if !keyring_available() {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay(&relay_dir).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, keyring()).await;
    let integration = gestao_click(&core).await;
    core.realtime()
        .spawn_relay_pollers()
        .await
        .expect("pollers");

    // Without a relay account there is nowhere to open the channel: nothing changes.
    let missing = core.integrations().enable_realtime(integration.id).await;
    assert_eq!(missing.unwrap_err().code(), "relay_account_missing");
    assert!(
        core.store()
            .relay_channel(integration.id)
            .await
            .expect("channel")
            .is_none()
    );

    // A relay account whose relay cannot be reached: told apart, and nothing changes.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let down_url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    core.integrations()
        .set_relay_account(&down_url, Some(Secret::new(ACCOUNT_TOKEN)))
        .await
        .expect("account saved");
    let down = core
        .integrations()
        .enable_realtime(integration.id)
        .await
        .unwrap_err();
    assert_eq!(down.code(), "relay_unreachable");
    assert!(!down.to_string().contains("Nada se perde"), "{down}");
    assert!(
        core.store()
            .relay_channel(integration.id)
            .await
            .expect("channel")
            .is_none()
    );

    core.integrations()
        .set_relay_account(&relay.base_url(), None)
        .await
        .expect("account saved");
    let webhook = core
        .integrations()
        .enable_realtime(integration.id)
        .await
        .expect("Tempo real on");
    // Gestão Click's webhook screen sends the header the integrator chooses.
    assert_eq!(webhook.auth_mode, AuthMode::Bearer);
    let channels = relay.admin().list().await.expect("channels");
    assert_eq!(channels.len(), 1);
    assert_eq!(
        webhook.url,
        format!("{}/hooks/{}", relay.base_url(), channels[0].id)
    );
    let saved = core
        .sync()
        .credentials()
        .load_relay(&integration)
        .await
        .expect("secrets in the keyring");
    assert_eq!(saved.ingest_secrets, std::slice::from_ref(&webhook.secret));

    // What the operator pasted into Gestão Click's panel: the URL, and the header.
    let event = json!({
        "event_id": "gc-oneclick-1", "event": "cost_center.created", "resource": "centros_custos",
        "occurred_at": "2026-12-06T09:00:00Z", "data": {"id": "9001", "nome": "Eventos"}
    });
    let answer = reqwest::Client::new()
        .post(&webhook.url)
        .bearer_auth(webhook.secret.expose())
        .json(&event)
        .send()
        .await
        .expect("relay answers");
    assert_eq!(answer.status(), 200);
    let pool = core.store().pool().clone();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let linked: Option<String> = sqlx::query_scalar(
            "SELECT external_id FROM entity_links WHERE entity_type = 'centro_custo' AND external_id = '9001'",
        )
        .fetch_optional(&pool)
        .await
        .expect("entity link");
        if linked.is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the webhook never reached SQLite"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = core
        .realtime()
        .status(integration.id)
        .await
        .expect("status");
    assert_eq!(status.applied, 1);

    let trip = core
        .realtime()
        .verify_relay(integration.id)
        .await
        .expect("Verificar round-trips");
    assert!(trip.event_id.starts_with("ponte-verify-"));
    // The poller has pulled: the status page knows what waits on the relay.
    let status = core
        .realtime()
        .status(integration.id)
        .await
        .expect("status");
    assert!(status.backlog.is_some());

    // Pressed again: a new channel, and the old one is closed on the relay.
    let again = core
        .integrations()
        .enable_realtime(integration.id)
        .await
        .expect("a new channel");
    assert_ne!(again.url, webhook.url);
    let channels = relay.admin().list().await.expect("channels");
    assert_eq!(channels.len(), 1);
    assert!(again.url.ends_with(&channels[0].id));
    core.realtime()
        .verify_relay(integration.id)
        .await
        .expect("Verificar round-trips on the new channel");

    core.integrations()
        .remove(integration.id)
        .await
        .expect("removed");
    core.shutdown().await;
    relay.shutdown().await;
}

#[tokio::test]
async fn a_hand_typed_channel_is_checked_first_and_each_failure_has_its_own_code() {
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay(&relay_dir).await;
    let created = relay
        .admin()
        .create(
            Provider::GestaoClick,
            AuthMode::Bearer,
            &relay.base_url(),
            &[],
        )
        .await
        .expect("channel");
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, CredentialStore::default()).await;
    let integration = gestao_click(&core).await;
    let typed = |relay_url: &str, channel: &str, pull_token: &str| {
        (
            RelayChannel {
                integration_id: integration.id,
                relay_url: relay_url.to_string(),
                channel: channel.to_string(),
                auth_mode: AuthMode::Bearer,
                cursor: 0,
            },
            RelaySecrets {
                pull_token: Secret::new(pull_token),
                ingest_secrets: vec![Secret::new(created.secret.as_str())],
            },
        )
    };
    // A port nothing listens on: the relay is down.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let down_url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);

    let cases = [
        (
            typed(&relay.base_url(), "ch_naoexiste", &created.pull_token),
            "relay_channel_not_found",
        ),
        (
            typed(&relay.base_url(), &created.channel_id, "token-errado"),
            "relay_refused",
        ),
        (
            typed(&down_url, &created.channel_id, &created.pull_token),
            "relay_unreachable",
        ),
    ];
    for ((channel, secrets), code) in cases {
        let error = core
            .realtime()
            .connect_relay(&channel, &secrets)
            .await
            .expect_err(code);
        assert_eq!(error.code(), code);
        let message = error.to_string();
        for raw in ["HTTP", "`", ".).", "Nada se perde", "error sending"] {
            assert!(!message.contains(raw), "{code}: {message}");
        }
        assert!(
            core.store()
                .relay_channel(integration.id)
                .await
                .expect("channel")
                .is_none(),
            "{code}: a channel was saved"
        );
    }
    assert!(
        core.realtime()
            .connect_relay(
                &typed(&relay.base_url(), "", &created.pull_token).0,
                &typed(&relay.base_url(), "", &created.pull_token).1,
            )
            .await
            .unwrap_err()
            .to_string()
            .contains("Ligar tempo real")
    );
    core.shutdown().await;
    relay.shutdown().await;
}
