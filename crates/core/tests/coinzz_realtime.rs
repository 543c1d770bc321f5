//! Coinzz over loopback: the real relay on a `url-token` channel receives unsigned,
//! Coinzz-shaped order and subscription webhooks; the core's poller applies them into
//! SQLite (vendas with their Coinzz detail, clientes deduplicated across formats,
//! assinaturas), and a wrong URL token stores nothing. Also, against the store alone:
//! whatever order a status sequence arrives in, the venda ends in its latest state.

use crate::support;

use ponte_core::Core;
use ponte_core::credentials::{CredentialStore, Credentials, RelaySecrets, Secret};
use ponte_core::providers::coinzz::webhooks::decode;
use ponte_core::providers::{coinzz, gestaoclick};
use ponte_core::store::{
    BrowseFilter, BrowseRows, Dataset, EventOutcome, IntegrationSettings, NewIntegration,
    NotificationLevel, RelayChannel, RelayEvent, RunTrigger, Store,
};
use ponte_relay::{ChannelCredentials, Relay, RelayConfig, RunningRelay, SqliteStore, SystemClock};
use ponte_sandbox::{CoinzzPlan, WebhookTarget, emit_coinzz};
use ponte_webhooks::{AuthMode, Provider};
use serde_json::{Value, json};
use sqlx::Row;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::open_core;

/// A real-shaped order (`docs/providers/coinzz.md#captured-examples`) of `order_number` in state
/// `(order, shipping)`.
fn order(order_number: &str, status: (&str, &str), deleted_at: Option<&str>) -> Value {
    json!({
      "utms": { "utm_term": null, "utm_medium": null, "utm_source": "facebook", "utm_content": null, "utm_campaign": null },
      "order": {
        "url_pix": null, "date_order": "2025-09-24 18:44:06", "deleted_at": deleted_at, "qrcode_pix": null,
        "first_order": true, "courier_name": null, "order_number": order_number,
        "order_status": status.0, "product_name": "Derma Natural", "second_order": false,
        "delivery_time": null, "producer_name": "Produtor Exemplo",
        "tracking_code": if status.1 == "A enviar" { Value::Null } else { json!("BR123456789") },
        "url_bank_slip": null, "affiliate_name": "Afiliada", "method_payment": "Venda pós-paga",
        "order_quantity": 5, "producer_email": "produtor@example.com",
        "affiliate_email": "afiliada@example.com", "affiliate_phone": "71900000000",
        "shipping_status": status.1, "deadline_delivery": 2, "order_final_price": "397.00",
        "total_installments": 1, "terms_and_conditions_file_path": null
      },
      "client": {
        "client_name": "Maria Exemplo de Souza", "client_email": null,
        "client_phone": "+55 74900000000", "client_street": "Povoado Exemplo",
        "client_zip_code": "44620000", "client_documment": "012.345.678-90",
        "client_address_city": "Baixa Grande", "client_address_comp": "proximo ao posto",
        "client_address_state": "BA", "client_address_number": "27",
        "client_address_country": "BR", "client_address_district": "Centro"
      },
      "Postack": "STATUS PAGAMENTO PLANILHA DN"
    })
}

/// A doc-shaped subscription (`docs/providers/coinzz.md#subscriptions`) for the same
/// buyer, formatted otherwise.
fn subscription(status: &str, next_charge: &str) -> Value {
    json!({
      "subscription": { "subscription_hash": "ass123456", "status": status, "frequency": "Mensal",
                        "cycle": "1", "next_charge_date": next_charge },
      "client": { "client_name": "Maria E. Souza", "client_phone": "(74) 90000-0000",
                  "client_documment": "01234567890", "client_email": "Cliente@Example.com",
                  "client_address": "Povoado Exemplo", "client_zip_code": "44620000",
                  "client_address_number": 27, "client_address_district": "Centro",
                  "client_address_complement": "proximo ao posto", "client_address_city": "Baixa Grande",
                  "client_address_state": "BA", "client_address_country": "BR" },
      "order": { "date_order": "2025-10-01 09:00:00", "order_number": "ORDASS1",
                 "order_status": "Aprovada", "shipping_status": "Enviado", "tracking_code": null,
                 "order_quantity": 1, "product_name": "Derma Natural (assinatura)",
                 "order_final_price": 89.9, "method_payment": "Cartão", "total_installments": 1,
                 "producer_name": "Produtor Exemplo", "producer_email": "produtor@example.com",
                 "affiliate_name": null, "affiliate_email": null, "affiliate_phone": null,
                 "courier_name": null, "delivery_time": null, "deleted_at": null },
      "utms": { "utm_source": null, "utm_medium": null, "utm_campaign": null, "utm_content": null, "utm_term": null },
      "general_info": { "date_sent": "2025-10-01 09:00:01", "name_sent": "Webhook de Teste" }
    })
}

async fn coinzz_core(dir: &tempfile::TempDir) -> (Core, ponte_core::store::Integration) {
    let core = open_core(dir, CredentialStore::default()).await;
    let integration = core
        .integrations()
        .add(
            NewIntegration {
                provider: coinzz::KIND,
                name: "Coinzz Loja".into(),
                base_url: String::new(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("integration added");
    (core, integration)
}

/// A real relay with one Coinzz channel in url-token mode, `integration` connected to it.
async fn url_token_relay(
    core: &Core,
    integration: &ponte_core::store::Integration,
    relay_dir: &tempfile::TempDir,
) -> (RunningRelay, ChannelCredentials) {
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
    let credentials = relay
        .admin()
        .create(Provider::Coinzz, AuthMode::UrlToken, &relay.base_url(), &[])
        .await
        .expect("channel");
    core.sync().credentials().hold_relay_in_memory(
        integration,
        RelaySecrets {
            pull_token: Secret::new(credentials.pull_token.clone()),
            ingest_secrets: vec![Secret::new(credentials.secret.clone())],
        },
    );
    support::relay::register_desktop_keys(core, &relay.base_url(), &credentials).await;
    core.store()
        .set_relay_channel(&RelayChannel {
            integration_id: integration.id,
            relay_url: relay.base_url(),
            channel: credentials.channel_id.clone(),
            auth_mode: AuthMode::UrlToken,
            cursor: 0,
        })
        .await
        .expect("channel saved");
    (relay, credentials)
}

/// Waits until the inbox holds `count` events.
async fn wait_for_inbox(pool: &sqlx::SqlitePool, count: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events")
            .fetch_one(pool)
            .await
            .expect("count");
        if taken == count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{taken} of {count} events applied"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the one "Status desconhecido" notice the poller writes after the batch commits,
/// then checks no second one follows the rest of the events.
async fn wait_for_one_unknown_label_notice(pool: &sqlx::SqlitePool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let flagged: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE title = 'Status desconhecido da Coinzz'",
        )
        .fetch_one(pool)
        .await
        .expect("notifications");
        assert!(flagged <= 1, "{flagged} notices for one label");
        if flagged == 1 {
            return;
        }
        assert!(Instant::now() < deadline, "no notice for the unknown label");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Applies `bodies` as relay events `first_seq..`, one batch, decoded as the poller does.
async fn apply(
    store: &Store,
    channel: &RelayChannel,
    first_seq: i64,
    bodies: &[Value],
) -> Vec<EventOutcome> {
    let events: Vec<_> = bodies
        .iter()
        .zip(first_seq..)
        .map(|(body, seq)| {
            let decoded = decode(&serde_json::to_vec(body).expect("json"));
            let event = RelayEvent {
                seq,
                event_id: decoded.event_id.unwrap_or_else(|| format!("relay:{seq}")),
                event_type: decoded.event_type,
                received_at: "2026-11-23T12:00:00Z".into(),
            };
            (event, decoded.effect)
        })
        .collect();
    store
        .apply_relay_events(channel, &coinzz::KIND, &events)
        .await
        .expect("applied")
}

/// Every permutation of `items`.
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for at in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(at);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            all.push(tail);
        }
    }
    all
}

#[tokio::test]
async fn every_shuffle_of_a_status_sequence_ends_in_the_latest_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let store = core.store();
    let channel = RelayChannel {
        integration_id: integration.id,
        relay_url: "http://127.0.0.1:1".into(),
        channel: "ch_shuffle".into(),
        auth_mode: AuthMode::UrlToken,
        cursor: 0,
    };
    // A post-paid order's life, then its deletion: each state outranks the one before.
    let states: [((&str, &str), Option<&str>); 5] = [
        (("Pendente", "A enviar"), None),
        (("Aguardando envio", "A enviar"), None),
        (("Aguardando envio", "Enviado"), None),
        (("Entregue", "Entregue"), None),
        (("Entregue", "Entregue"), Some("2025-09-30 10:00:00")),
    ];
    let mut seq = 1;
    for (n, shuffled) in permutations(&states).into_iter().enumerate() {
        // Odd permutations arrive one event per batch; even ones in a single batch.
        let order_number = format!("ord{n}");
        let bodies: Vec<Value> = shuffled
            .iter()
            .map(|(status, deleted)| order(&order_number, *status, *deleted))
            .collect();
        if n % 2 == 1 {
            for body in &bodies {
                apply(store, &channel, seq, std::slice::from_ref(body)).await;
                seq += 1;
            }
        } else {
            apply(store, &channel, seq, &bodies).await;
            seq += bodies.len() as i64;
        }
        let row = sqlx::query(
            "SELECT vc.order_status_raw, vc.shipping_status_raw, vc.deleted_at, v.nome_situacao
             FROM vendas v JOIN venda_coinzz vc ON vc.venda_id = v.id
             WHERE v.integration_id = ? AND v.external_id = ?",
        )
        .bind(integration.id)
        .bind(&order_number)
        .fetch_one(store.pool())
        .await
        .expect("venda");
        let got: (String, String, Option<String>, String) = (
            row.get("order_status_raw"),
            row.get("shipping_status_raw"),
            row.get("deleted_at"),
            row.get("nome_situacao"),
        );
        assert_eq!(
            got,
            (
                "Entregue".into(),
                "Entregue".into(),
                Some("2025-09-30 10:00:00".into()),
                "Entregue".into()
            ),
            "permutation {n}: {shuffled:?}"
        );
    }
    let vendas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vendas")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(vendas, 120);
    // Every order was one buyer, formatted the same: one party.
    let parties: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM parties")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(parties, 1);
    let stale: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events WHERE outcome = 'stale'")
            .fetch_one(store.pool())
            .await
            .expect("count");
    assert!(stale > 0, "some shuffles must have met an older state");
}

#[tokio::test(flavor = "multi_thread")]
async fn coinzz_webhooks_reach_sqlite_through_a_url_token_channel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let (_relay, credentials) = url_token_relay(&core, &integration, &relay_dir).await;
    assert!(credentials.ingest_url.ends_with(&credentials.secret));

    let http = reqwest::Client::new();
    let post = |url: String, body: Value| {
        let http = http.clone();
        async move {
            http.post(url)
                .json(&body)
                .send()
                .await
                .expect("relay answers")
                .status()
                .as_u16()
        }
    };
    // A wrong token in the URL: refused, nothing stored anywhere.
    let wrong = credentials
        .ingest_url
        .replace(&credentials.secret, "token-errado");
    let refused = post(wrong, order("ordforged", ("Aprovada", "A enviar"), None)).await;
    assert!(matches!(refused, 401 | 404), "{refused}");

    // Shuffled: the delivered state arrives before the earlier ones; the same state twice;
    // an unknown label twice; a subscription for the same buyer formatted otherwise.
    let bodies = [
        order("ordqvtpk", ("Entregue", "Entregue"), None),
        order("ordqvtpk", ("Aguardando envio", "A enviar"), None),
        order("ordqvtpk", ("Aguardando envio", "Enviado"), None),
        order("ordqvtpk", ("Entregue", "Entregue"), None),
        order("ordnovo1", ("Em Análise Antifraude", "A enviar"), None),
        order("ordnovo2", ("Em Análise Antifraude", "A enviar"), None),
        subscription("ativa", "2025-11-01 09:00:00"),
    ];
    for body in bodies {
        assert_eq!(post(credentials.ingest_url.clone(), body).await, 200);
    }
    let mut written = core.notifications().subscribe();
    assert_eq!(
        core.realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );
    let pool = core.store().pool().clone();
    // The repeated "Entregue" is a duplicate of a derived id: no inbox row of its own.
    wait_for_inbox(&pool, 6).await;
    let outcomes: Vec<(String, String)> =
        sqlx::query("SELECT event_id, outcome FROM inbox_events ORDER BY seq")
            .fetch_all(&pool)
            .await
            .expect("inbox")
            .iter()
            .map(|row| {
                // The state, without the content digest that follows it.
                let event_id: String = row.get("event_id");
                let state = event_id.split('#').next().unwrap_or_default().to_string();
                (state, row.get("outcome"))
            })
            .collect();
    assert_eq!(
        outcomes[..3],
        [
            (
                "coinzz:order:ordqvtpk|Entregue|Entregue|".to_string(),
                "created".to_string()
            ),
            (
                "coinzz:order:ordqvtpk|Aguardando envio|A enviar|".into(),
                "stale".into()
            ),
            (
                "coinzz:order:ordqvtpk|Aguardando envio|Enviado|".into(),
                "stale".into()
            ),
        ]
    );

    let venda = sqlx::query(
        "SELECT v.valor_total_centavos, v.data, v.nome_situacao, v.cliente_id, vc.tracking_code,
                vc.utm_source, vc.postback_label, vc.order_status
         FROM vendas v JOIN venda_coinzz vc ON vc.venda_id = v.id WHERE v.external_id = 'ordqvtpk'",
    )
    .fetch_one(&pool)
    .await
    .expect("venda");
    assert_eq!(venda.get::<i64, _>("valor_total_centavos"), 39_700);
    assert_eq!(venda.get::<String, _>("data"), "2025-09-24");
    assert_eq!(venda.get::<String, _>("nome_situacao"), "Entregue");
    assert_eq!(venda.get::<String, _>("order_status"), "entregue");
    assert_eq!(venda.get::<String, _>("tracking_code"), "BR123456789");
    assert_eq!(venda.get::<String, _>("utm_source"), "facebook");
    assert_eq!(
        venda.get::<String, _>("postback_label"),
        "STATUS PAGAMENTO PLANILHA DN"
    );

    // One buyer across "012.345.678-90"/"+55 74900000000" and "01234567890"/"(74) 90000-0000".
    let parties = sqlx::query("SELECT external_id, documento, celular, email FROM parties")
        .fetch_all(&pool)
        .await
        .expect("parties");
    assert_eq!(parties.len(), 1);
    assert_eq!(parties[0].get::<String, _>("documento"), "01234567890");
    assert_eq!(parties[0].get::<String, _>("celular"), "+5574900000000");
    assert_eq!(parties[0].get::<String, _>("email"), "Cliente@Example.com");
    let party_id: String = parties[0].get("external_id");
    assert_eq!(venda.get::<String, _>("cliente_id"), party_id);

    let assinatura = sqlx::query(
        "SELECT status_raw, status, frequency, cycle, next_charge_date, next_charge_at_utc, cliente_id
         FROM assinaturas WHERE subscription_hash = 'ass123456'",
    )
    .fetch_one(&pool)
    .await
    .expect("assinatura");
    assert_eq!(assinatura.get::<String, _>("status"), "ativa");
    assert_eq!(assinatura.get::<String, _>("frequency"), "Mensal");
    assert_eq!(
        assinatura.get::<String, _>("next_charge_date"),
        "2025-11-01 09:00:00"
    );
    assert_eq!(
        assinatura.get::<String, _>("next_charge_at_utc"),
        "2025-11-01T12:00:00Z"
    );
    assert_eq!(assinatura.get::<String, _>("cliente_id"), party_id);
    let sub_venda: i64 =
        sqlx::query_scalar("SELECT valor_total_centavos FROM vendas WHERE external_id = 'ORDASS1'")
            .fetch_one(&pool)
            .await
            .expect("subscription's venda");
    assert_eq!(sub_venda, 8_990);

    // The unknown label: both vendas kept with it verbatim, one notification.
    let unknown: Vec<String> = sqlx::query_scalar(
        "SELECT vc.order_status_raw FROM venda_coinzz vc JOIN vendas v ON v.id = vc.venda_id
         WHERE v.external_id IN ('ordnovo1', 'ordnovo2')",
    )
    .fetch_all(&pool)
    .await
    .expect("unknown");
    assert_eq!(unknown, ["Em Análise Antifraude", "Em Análise Antifraude"]);
    wait_for_one_unknown_label_notice(&pool).await;
    // It reached the subscribers too, as the desktop's toasts hear it.
    let announced = loop {
        let notification = tokio::time::timeout(Duration::from_secs(30), written.recv())
            .await
            .expect("a notification announced")
            .expect("the notifier is alive");
        if notification.title == "Status desconhecido da Coinzz" {
            break notification;
        }
    };
    assert_eq!(announced.level, NotificationLevel::Warning);
    assert!(
        announced
            .body
            .contains("\"Em Análise Antifraude\" em order_status"),
        "{}",
        announced.body
    );

    // "Verificar" round-trips Ponte's test event through the url-token channel.
    let round_trip = core
        .realtime()
        .verify_relay(integration.id)
        .await
        .expect("verified");
    assert!(round_trip.event_id.starts_with("ponte-verify-"));

    let forged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM vendas WHERE external_id = 'ordforged'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(forged, 0);
}

#[tokio::test]
async fn sync_and_connection_test_say_coinzz_data_arrives_in_real_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let error = core
        .integrations()
        .test_connection(integration.id, None)
        .await
        .expect_err("no query API");
    assert_eq!(error.code(), "realtime_only");
    assert!(error.to_string().contains("tempo real"), "{error}");
    // "Sincronizar Agora" says so up front: no failed run in the Histórico, no
    // "a sincronização falhou" notification.
    let Err(error) = core.sync().start(integration.id, RunTrigger::Manual).await else {
        panic!("a Coinzz integration started a sync");
    };
    assert_eq!(error.code(), "realtime_only");
    assert!(
        core.store()
            .runs(Some(integration.id), 10)
            .await
            .expect("runs")
            .is_empty()
    );
    assert!(
        core.store()
            .notifications(None, 10)
            .await
            .expect("notifications")
            .is_empty()
    );
    // "Sincronizar Agora" for all (the tray, `ponte sync`) leaves it out rather than failing.
    let gestao_click = core
        .integrations()
        .add(
            NewIntegration {
                provider: gestaoclick::KIND,
                name: "Gestão Click".into(),
                base_url: "http://127.0.0.1:9".into(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("integration added");
    let syncable: Vec<_> = core
        .integrations()
        .syncable()
        .await
        .expect("integrations")
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(syncable, [gestao_click.id]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_coinzz_feed_shuffled_ends_in_every_records_latest_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let (_relay, credentials) = url_token_relay(&core, &integration, &relay_dir).await;
    let plan = CoinzzPlan {
        orders: 12,
        subscriptions: 2,
        buyers: 5,
        seed: 42,
        shuffle: true,
        unknown_status: Some("Em Rota de Devolução".into()),
    };
    let target = WebhookTarget {
        ingest_url: credentials.ingest_url.clone(),
        mode: AuthMode::UrlToken,
        secret: credentials.secret.clone(),
    };
    let emission = emit_coinzz(target, &plan).await.expect("emitted");
    assert!(
        emission.summary.failed.is_empty(),
        "{:?}",
        emission.summary.failed
    );
    assert_eq!(emission.summary.accepted, emission.summary.sent);

    assert_eq!(
        core.realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );
    let pool = core.store().pool().clone();
    // Every body is a distinct state, so each one is an inbox row.
    wait_for_inbox(&pool, i64::try_from(emission.summary.sent).expect("count")).await;

    let quarantined: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbox_events WHERE outcome = 'quarantined'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(quarantined, 0);
    for (order_number, (order_status, shipping_status)) in &emission.latest_orders {
        let row = sqlx::query(
            "SELECT vc.order_status_raw, vc.shipping_status_raw FROM vendas v
             JOIN venda_coinzz vc ON vc.venda_id = v.id WHERE v.external_id = ?",
        )
        .bind(order_number)
        .fetch_one(&pool)
        .await
        .expect("venda");
        let stored: (String, String) = (row.get(0), row.get(1));
        assert_eq!(
            &stored,
            &(order_status.clone(), shipping_status.clone()),
            "{order_number}"
        );
    }
    for (hash, cycle) in &emission.latest_subscriptions {
        let stored: String =
            sqlx::query_scalar("SELECT cycle FROM assinaturas WHERE subscription_hash = ?")
                .bind(hash)
                .fetch_one(&pool)
                .await
                .expect("assinatura");
        assert_eq!(&stored, cycle, "{hash}");
    }
    // Each buyer came in both shapes (formatted and bare documents and phones): one party each.
    let parties: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM parties")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(parties, i64::try_from(emission.buyers_used).expect("count"));
    wait_for_one_unknown_label_notice(&pool).await;
}

/// A re-send of the same state that adds a tracking code is applied, not dropped as a
/// duplicate; and one from before the code existed, arriving after it, does not erase it.
#[tokio::test]
async fn a_tracking_code_added_by_a_resend_of_the_same_state_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let channel = RelayChannel {
        integration_id: integration.id,
        relay_url: "http://127.0.0.1:9".into(),
        channel: "ch_tracking".into(),
        auth_mode: AuthMode::UrlToken,
        cursor: 0,
    };
    core.store()
        .set_relay_channel(&channel)
        .await
        .expect("channel saved");
    let untracked = |number: &str| {
        let mut body = order(number, ("Aguardando envio", "Enviado"), None);
        body["order"]["tracking_code"] = Value::Null;
        body
    };
    let tracked = |number: &str| order(number, ("Aguardando envio", "Enviado"), None);
    let store = core.store();
    // In order: the second carries the code.
    let outcomes = apply(
        store,
        &channel,
        1,
        &[untracked("ordtrk1"), tracked("ordtrk1")],
    )
    .await;
    assert_eq!(outcomes[1], EventOutcome::Updated);
    // Shuffled: the code first, then the older re-send without it.
    apply(store, &channel, 3, &[tracked("ordtrk2")]).await;
    apply(store, &channel, 4, &[untracked("ordtrk2")]).await;
    let codes: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT vc.tracking_code FROM venda_coinzz vc JOIN vendas v ON v.id = vc.venda_id
         WHERE v.external_id IN ('ordtrk1', 'ordtrk2') ORDER BY v.external_id",
    )
    .fetch_all(store.pool())
    .await
    .expect("codes");
    assert_eq!(
        codes,
        [
            Some("BR123456789".to_string()),
            Some("BR123456789".to_string())
        ]
    );
}

#[tokio::test]
async fn a_coinzz_integration_takes_no_tokens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let tokens = || Credentials::new("token-de-acesso", "token-secreto").expect("tokens");
    let error = core
        .integrations()
        .add(
            NewIntegration {
                provider: coinzz::KIND,
                name: "Coinzz com tokens".into(),
                base_url: String::new(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            Some(tokens()),
        )
        .await
        .expect_err("Coinzz has no tokens");
    assert_eq!(error.code(), "invalid_input");
    assert!(error.to_string().contains("Tempo real"), "{error}");
    let names: Vec<String> = core
        .store()
        .integrations()
        .await
        .expect("integrations")
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["Coinzz Loja"]);
    let error = core
        .integrations()
        .set_credentials(integration.id, &tokens())
        .await
        .expect_err("Coinzz has no tokens");
    assert_eq!(error.code(), "invalid_input");
}

#[tokio::test(flavor = "multi_thread")]
async fn new_coinzz_orders_are_one_coalesced_new_sales_notification() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let (_relay, credentials) = url_token_relay(&core, &integration, &relay_dir).await;
    let plan = CoinzzPlan {
        orders: 6,
        subscriptions: 1,
        buyers: 3,
        seed: 7,
        shuffle: false,
        unknown_status: None,
    };
    let target = WebhookTarget {
        ingest_url: credentials.ingest_url.clone(),
        mode: AuthMode::UrlToken,
        secret: credentials.secret.clone(),
    };
    let emission = emit_coinzz(target, &plan).await.expect("emitted");
    assert_eq!(emission.summary.accepted, emission.summary.sent);
    assert_eq!(
        core.realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );
    let pool = core.store().pool().clone();
    wait_for_inbox(&pool, i64::try_from(emission.summary.sent).expect("count")).await;

    // Six orders and the subscription's two charges: each order's later states update its
    // venda and are no new sale.
    let vendas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vendas")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(vendas, 8);
    let expected = "Coinzz Loja: 8 novas vendas";
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let titles: Vec<String> = core
            .store()
            .notifications(None, 50)
            .await
            .expect("notifications")
            .into_iter()
            .map(|n| n.title)
            .filter(|title| title.contains("nova"))
            .collect();
        if titles == [expected] {
            break;
        }
        assert!(Instant::now() < deadline, "{titles:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn dados_shows_a_coinzz_vendas_status_tracking_and_utms() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (core, integration) = coinzz_core(&dir).await;
    let channel = RelayChannel {
        integration_id: integration.id,
        relay_url: "http://127.0.0.1:1".into(),
        channel: "ch_dados".into(),
        auth_mode: AuthMode::UrlToken,
        cursor: 0,
    };
    let bodies = [
        order("ORDDADOS", ("Aguardando envio", "Enviado"), None),
        order("ORDOUTRA", ("Pendente", "A enviar"), None),
    ];
    apply(core.store(), &channel, 1, &bodies).await;
    // Searching by tracking code finds the shipped order only.
    let filter = BrowseFilter {
        integration_id: Some(integration.id),
        search: Some("BR1234".into()),
        ..BrowseFilter::default()
    };
    let page = core
        .store()
        .browse(Dataset::Vendas, &filter, 1, 50)
        .await
        .expect("browsed");
    assert_eq!(page.matching, 1);
    let BrowseRows::Vendas(rows) = page.rows else {
        panic!("not vendas");
    };
    let coinzz = rows[0].coinzz.as_ref().expect("Coinzz columns");
    assert_eq!(rows[0].external_id, "ORDDADOS");
    assert_eq!(coinzz.order_status, "aguardando_envio");
    assert_eq!(coinzz.order_status_raw, "Aguardando envio");
    assert_eq!(coinzz.shipping_status, "enviado");
    assert_eq!(coinzz.tracking_code.as_deref(), Some("BR123456789"));
    assert_eq!(coinzz.utm_source.as_deref(), Some("facebook"));
    assert_eq!(coinzz.utm_campaign, None);
}
