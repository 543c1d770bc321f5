//! Adding a Coinzz integration the way the operator does: with the relay account saved
//! (the token in a real Secret Service), Ponte opens a url-token channel on a real relay
//! over loopback, keeps its secrets in the keyring and answers with the webhook URL; an
//! order POSTed to that URL reaches SQLite and "Verificar" round-trips. A missing,
//! rejected or disabled relay account adds nothing anywhere; removing the integration
//! deletes its channel on the relay.

use crate::support;

use ponte_core::Core;
use ponte_core::credentials::{CredentialStore, Secret};
use ponte_core::integrations::WebhookIntegrationDraft;
use ponte_core::providers::{coinzz, gestaoclick};
use ponte_relay::{Provisioning, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_webhooks::AuthMode;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{keyring_available, open_core};

const ACCOUNT_TOKEN: &str = "conta-coinzz-de-teste";

async fn relay(dir: &tempfile::TempDir, provisioning: bool) -> RunningRelay {
    let store = SqliteStore::open(&dir.path().join("relay.db"))
        .await
        .expect("relay store");
    let mut config = RelayConfig::new("127.0.0.1:0".parse().expect("addr"));
    // Empty: the ingest URLs name the loopback address the relay listens on.
    config.provisioning = provisioning.then(|| Provisioning::new(ACCOUNT_TOKEN, ""));
    Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .expect("relay starts")
}

fn coinzz(name: &str) -> WebhookIntegrationDraft {
    WebhookIntegrationDraft {
        provider: coinzz::KIND,
        name: name.into(),
    }
}

async fn channels_on(relay: &RunningRelay) -> usize {
    relay.admin().list().await.expect("channels").len()
}

async fn integrations_in(core: &Core) -> usize {
    core.store()
        .integrations()
        .await
        .expect("integrations")
        .len()
}

fn keyring() -> CredentialStore {
    CredentialStore::with_service(format!("br.ponte.test.coinzz.{}", std::process::id()))
}

#[tokio::test]
async fn adding_coinzz_opens_a_url_token_channel_whose_url_delivers_to_sqlite() {
    if !keyring_available() {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay(&relay_dir, true).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, keyring()).await;
    let status = core
        .integrations()
        .set_relay_account(
            &format!("{}/", relay.base_url()),
            Some(Secret::new(ACCOUNT_TOKEN)),
        )
        .await
        .expect("account saved");
    assert_eq!(status.relay_url.as_deref(), Some(relay.base_url().as_str()));
    assert!(status.token_saved);
    assert_eq!(
        core.realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        0
    );

    let added = core
        .integrations()
        .add_webhook_integration(coinzz("  Coinzz Loja  "))
        .await
        .expect("Coinzz added");
    assert_eq!(added.integration.name, "Coinzz Loja");
    assert_eq!(added.integration.provider, coinzz::KIND);
    assert_eq!(added.integration.schedule_interval_minutes, None);
    assert_eq!(added.webhook.auth_mode, AuthMode::UrlToken);
    let channel = relay.admin().list().await.expect("channels");
    assert_eq!(channel.len(), 1);
    assert_eq!(
        added.webhook.url,
        format!(
            "{}/hooks/{}/{}",
            relay.base_url(),
            channel[0].id,
            added.webhook.secret.expose()
        )
    );

    // What the operator pasted into Coinzz's panel: an order POSTed there, unsigned.
    let order = json!({
        "client": { "client_name": "Maria", "client_documment": "012.345.678-90",
                    "client_phone": "+55 74900000000", "client_email": null },
        "order": { "order_number": "ordadd1", "order_status": "Aprovada",
                   "shipping_status": "A enviar", "order_final_price": "397,00",
                   "date_order": "2026-11-23 10:00:00", "order_quantity": "1",
                   "product_name": "Derma Natural", "method_payment": "Pix",
                   "total_installments": 1, "tracking_code": null, "deleted_at": null },
        "utms": { "utm_source": "instagram" }
    });
    let answer = reqwest::Client::new()
        .post(&added.webhook.url)
        .json(&order)
        .send()
        .await
        .expect("relay answers");
    assert_eq!(answer.status(), 200);
    // The new integration's poller started with it: no restart needed.
    let pool = core.store().pool().clone();
    let deadline = Instant::now() + Duration::from_secs(30);
    let total = loop {
        let total: Option<i64> = sqlx::query_scalar(
            "SELECT valor_total_centavos FROM vendas WHERE external_id = 'ordadd1'",
        )
        .fetch_optional(&pool)
        .await
        .expect("venda");
        if let Some(total) = total {
            break total;
        }
        assert!(Instant::now() < deadline, "the order never reached SQLite");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(total, 39_700);

    let trip = core
        .realtime()
        .verify_relay(added.integration.id)
        .await
        .expect("Verificar round-trips");
    assert!(trip.event_id.starts_with("ponte-verify-"));

    core.integrations()
        .remove(added.integration.id)
        .await
        .expect("removed");
    assert_eq!(
        channels_on(&relay).await,
        0,
        "the channel left on the relay"
    );
    core.shutdown().await;
    relay.shutdown().await;
}

#[tokio::test]
async fn without_a_working_relay_account_nothing_is_added_anywhere() {
    if !keyring_available() {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay(&relay_dir, true).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, keyring()).await;

    let missing = core
        .integrations()
        .add_webhook_integration(coinzz("Coinzz"))
        .await;
    assert_eq!(missing.unwrap_err().code(), "relay_account_missing");

    let bad_url = core
        .integrations()
        .set_relay_account("relay.exemplo.com.br", Some(Secret::new("x")))
        .await;
    assert_eq!(bad_url.unwrap_err().code(), "invalid_input");

    core.integrations()
        .set_relay_account(&relay.base_url(), Some(Secret::new("token-errado")))
        .await
        .expect("account saved");
    let rejected = core
        .integrations()
        .add_webhook_integration(coinzz("Coinzz"))
        .await;
    assert_eq!(rejected.unwrap_err().code(), "relay_account_rejected");

    // A blank token keeps the saved one; a relay without provisioning refuses.
    let closed_dir = tempfile::tempdir().expect("temp dir");
    let closed = self::relay(&closed_dir, false).await;
    let status = core
        .integrations()
        .set_relay_account(&closed.base_url(), Some(Secret::new("  ")))
        .await
        .expect("address changed");
    assert!(status.token_saved);
    let disabled = core
        .integrations()
        .add_webhook_integration(coinzz("Coinzz"))
        .await;
    assert_eq!(disabled.unwrap_err().code(), "relay_provisioning_disabled");

    let gestao_click = core
        .integrations()
        .add_webhook_integration(WebhookIntegrationDraft {
            provider: gestaoclick::KIND,
            name: "GC".into(),
        })
        .await;
    assert_eq!(gestao_click.unwrap_err().code(), "invalid_input");

    assert_eq!(integrations_in(&core).await, 0);
    assert_eq!(channels_on(&relay).await, 0);
    assert_eq!(channels_on(&closed).await, 0);
    core.shutdown().await;
}
