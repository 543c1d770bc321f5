//! "Verificar" over loopback: a test event signed like the provider's goes through the
//! real relay to the poller and into the inbox, in every auth mode, without touching the
//! mirror; a wrong secret and a missing channel say what to do; and connecting to a new
//! channel (its secrets in a real Secret Service) switches a running poller at once, while
//! a rotation on the same channel keeps the previous secret for events signed with it.

use crate::support;

use ponte_core::credentials::{RelaySecrets, Secret};
use ponte_core::error::Error;
use ponte_core::store::RelayChannel;
use ponte_relay::Relay;
use ponte_webhooks::{AuthMode, Provider, VERIFY_EVENT};
use sqlx::Row;
use support::relay::connected_relay;
use support::{Harness, fast_settings, harness, keyring_available, small_unlimited};

async fn inbox_row(h: &Harness, event_id: &str) -> (String, String) {
    let row = sqlx::query("SELECT event_type, outcome FROM inbox_events WHERE event_id = ?")
        .bind(event_id)
        .fetch_one(h.core.store().pool())
        .await
        .expect("the test event is in the inbox");
    (row.get("event_type"), row.get("outcome"))
}

async fn mirrored_rows(h: &Harness) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM entity_links")
        .fetch_one(h.core.store().pool())
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_test_event_round_trips_in_every_auth_mode_and_changes_nothing() {
    for mode in AuthMode::ALL {
        let h = harness(small_unlimited(5), fast_settings()).await;
        let relay = connected_relay(&h, mode).await;
        h.core
            .realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers");
        let before = mirrored_rows(&h).await;

        let trip = h
            .core
            .realtime()
            .verify_relay(h.integration.id)
            .await
            .unwrap_or_else(|error| panic!("{mode:?}: {error}"));

        assert_eq!(
            inbox_row(&h, &trip.event_id).await,
            (VERIFY_EVENT.to_string(), "unchanged".to_string()),
            "{mode:?}"
        );
        assert_eq!(mirrored_rows(&h).await, before, "{mode:?}");
        let status = h
            .core
            .store()
            .realtime_status(h.integration.id)
            .await
            .expect("status");
        assert_eq!((status.applied, status.quarantined), (1, 0), "{mode:?}");
        h.core.shutdown().await;
        relay.relay.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_ingest_secret_or_no_channel_says_what_to_do() {
    let h = harness(small_unlimited(5), fast_settings()).await;
    let not_connected = h.core.realtime().verify_relay(h.integration.id).await;
    assert!(
        matches!(not_connected, Err(Error::RelayNotConnected { .. })),
        "{not_connected:?}"
    );

    let relay = connected_relay(&h, AuthMode::Hmac).await;
    h.core.sync().credentials().hold_relay_in_memory(
        &h.integration,
        RelaySecrets {
            pull_token: Secret::new(relay.credentials.pull_token.clone()),
            ingest_secrets: vec![Secret::new("not-the-channel-secret")],
        },
    );
    let rejected = h.core.realtime().verify_relay(h.integration.id).await;
    match rejected {
        Err(error @ Error::RelayIngestRejected { .. }) => {
            assert!(error.to_string().contains("segredo de ingestão"), "{error}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    h.core.shutdown().await;
    relay.relay.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn connecting_a_new_channel_switches_the_running_poller() {
    if !keyring_available() {
        return;
    }
    let h = harness(small_unlimited(5), fast_settings()).await;
    let first = connected_relay(&h, AuthMode::Hmac).await;
    h.core
        .realtime()
        .spawn_relay_pollers()
        .await
        .expect("pollers");
    h.core
        .realtime()
        .verify_relay(h.integration.id)
        .await
        .expect("first channel");

    // A second relay and channel, as an operator would paste them in "Tempo real".
    let store = ponte_relay::SqliteStore::open(&first.dir.path().join("second.db"))
        .await
        .expect("relay store");
    let second = Relay::start(
        ponte_relay::RelayConfig::new("127.0.0.1:0".parse().expect("addr")),
        std::sync::Arc::new(store),
        std::sync::Arc::new(ponte_relay::SystemClock),
    )
    .await
    .expect("relay starts");
    let created = second
        .admin()
        .create(
            Provider::GestaoClick,
            AuthMode::Standard,
            &second.base_url(),
            &[],
        )
        .await
        .expect("channel");
    let channel = RelayChannel {
        integration_id: h.integration.id,
        relay_url: second.base_url(),
        channel: created.channel_id.clone(),
        auth_mode: AuthMode::Standard,
        cursor: 0,
    };
    h.core
        .realtime()
        .connect_relay(
            &channel,
            &RelaySecrets {
                pull_token: Secret::new(created.pull_token.clone()),
                ingest_secrets: vec![Secret::new(created.secret.clone())],
            },
        )
        .await
        .expect("connected to the second channel");

    let trip = h
        .core
        .realtime()
        .verify_relay(h.integration.id)
        .await
        .expect("the poller follows the second channel");
    let row = sqlx::query("SELECT channel FROM inbox_events WHERE event_id = ?")
        .bind(&trip.event_id)
        .fetch_one(h.core.store().pool())
        .await
        .expect("row");
    assert_eq!(row.get::<String, _>("channel"), created.channel_id);

    // A rotation on the same channel: the desktop keeps verifying the old secret too.
    let rotated = second
        .admin()
        .rotate_secret(
            &created.channel_id,
            std::time::Duration::from_secs(24 * 3600),
            &second.base_url(),
        )
        .await
        .expect("rotated");
    let rotated_secrets = RelaySecrets {
        pull_token: Secret::new(created.pull_token.clone()),
        ingest_secrets: vec![Secret::new(rotated.secret.clone())],
    };
    h.core
        .realtime()
        .connect_relay(&channel, &rotated_secrets)
        .await
        .expect("reconnected");
    let kept = h
        .core
        .sync()
        .credentials()
        .load_relay(&h.integration)
        .await
        .expect("secrets");
    assert_eq!(
        kept.ingest_secrets,
        [
            Secret::new(rotated.secret),
            Secret::new(created.secret.clone())
        ]
    );
    h.core
        .sync()
        .credentials()
        .delete(&h.integration)
        .await
        .expect("keyring cleaned");
    h.core.shutdown().await;
    first.relay.shutdown().await;
    second.shutdown().await;
}
