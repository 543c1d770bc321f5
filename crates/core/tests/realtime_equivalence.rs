//! Sync and real time agree about the same data: a desktop that mirrored the sandbox once
//! and then took the sandbox's webhooks through the relay holds exactly what a fresh
//! desktop holds after one full sync of the changed sandbox. Same records, same payloads,
//! same scopes, same totals; only the clientes deleted upstream differ, kept as inactive
//! rows by the first and never seen by the second. Run through one relay on SQLite, and
//! through two relays on one PostgreSQL database (webhooks into one, the desktop pulling
//! from the other), as a hosted deployment runs them.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::domain::IntegrationId;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{Integration, NewIntegration, RunTrigger};
use ponte_core::{Core, CoreOptions};
use ponte_relay::ChannelCredentials;
use ponte_sandbox::{EmitPlan, WebhookTarget};
use ponte_webhooks::AuthMode;
use sqlx::Row;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::relay::{ConnectedPair, ConnectedRelay, connected_relay, connected_relay_pair};
use support::{
    assert_dre_sums_are_a_recount, assert_mirrors, assert_succeeded, fast_settings, harness,
    sandbox_credentials, small_unlimited,
};

/// Webhooks per run: creates, updates and deletes all show up, within the relay's burst.
const WEBHOOKS: usize = 120;

/// What the mirror says about one record: `entity_links` minus its bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MirroredRecord {
    active: bool,
    payload_hash: Vec<u8>,
    scope: String,
    provider_modified_at: Option<String>,
}

/// (entity type, external id) → the record as mirrored.
async fn mirrored_records(
    core: &Core,
    integration_id: IntegrationId,
) -> BTreeMap<(String, String), MirroredRecord> {
    let rows = sqlx::query(
        "SELECT entity_type, external_id, active, payload_hash, scope, provider_modified_at
         FROM entity_links WHERE integration_id = ?",
    )
    .bind(integration_id)
    .fetch_all(core.store().pool())
    .await
    .expect("entity links");
    rows.iter()
        .map(|row| {
            (
                (row.get("entity_type"), row.get("external_id")),
                MirroredRecord {
                    active: row.get("active"),
                    payload_hash: row.get("payload_hash"),
                    scope: row.get("scope"),
                    provider_modified_at: row.get("provider_modified_at"),
                },
            )
        })
        .collect()
}

/// Outcome → how many inbox events had it.
async fn inbox_outcomes(core: &Core) -> BTreeMap<String, i64> {
    let rows = sqlx::query("SELECT outcome, COUNT(*) AS n FROM inbox_events GROUP BY outcome")
        .fetch_all(core.store().pool())
        .await
        .expect("inbox outcomes");
    rows.iter()
        .map(|row| (row.get("outcome"), row.get("n")))
        .collect()
}

/// Where the webhooks go through.
#[derive(Clone, Copy)]
enum Relays {
    OneOnSqlite,
    TwoOnPostgres,
}

/// The relays of one run, whichever setup.
enum Running {
    One(ConnectedRelay),
    Two(ConnectedPair),
}

impl Running {
    async fn start(relays: Relays, harness: &support::Harness, mode: AuthMode) -> Running {
        match relays {
            Relays::OneOnSqlite => Running::One(connected_relay(harness, mode).await),
            Relays::TwoOnPostgres => Running::Two(connected_relay_pair(harness, mode).await),
        }
    }

    /// The relay the provider posts to.
    fn ingest_url(&self) -> String {
        match self {
            Running::One(one) => one.relay.base_url(),
            Running::Two(two) => two.ingest.base_url(),
        }
    }

    fn channel(&self) -> &ChannelCredentials {
        match self {
            Running::One(one) => &one.credentials,
            Running::Two(two) => &two.credentials,
        }
    }

    async fn shutdown(self) {
        match self {
            Running::One(one) => one.relay.shutdown().await,
            Running::Two(two) => two.shutdown().await,
        }
    }
}

/// The sandbox changes `WEBHOOKS` times and tells desktop A through a relay channel in
/// `mode`; desktop B then syncs the changed sandbox from scratch, and both must agree.
async fn webhooks_leave_the_state_of_a_full_sync(mode: AuthMode, seed: u64, relays: Relays) {
    let config = small_unlimited(seed);
    let credentials = sandbox_credentials(&config);
    let a = harness(config, fast_settings()).await;
    assert_succeeded(&a.sync().await);

    let running = Running::start(relays, &a, mode).await;
    let channel = running.channel().clone();
    assert_eq!(
        a.core
            .realtime()
            .spawn_relay_pollers()
            .await
            .expect("pollers"),
        1
    );

    let emitted = a
        .sandbox
        .handle()
        .emit_webhooks(
            WebhookTarget::relay(
                &running.ingest_url(),
                &channel.channel_id,
                mode,
                &channel.secret,
            ),
            EmitPlan {
                count: WEBHOOKS,
                rate_per_sec: 1_000_000.0,
                seed,
            },
        )
        .await
        .expect("emitter starts");
    assert_eq!(emitted.accepted, WEBHOOKS as u64, "{emitted:?}");
    assert_eq!(emitted.duplicates, 0, "{emitted:?}");

    let deadline = Instant::now() + Duration::from_secs(30);
    let outcomes = loop {
        let outcomes = inbox_outcomes(&a.core).await;
        if outcomes.values().sum::<i64>() == WEBHOOKS as i64 {
            break outcomes;
        }
        assert!(
            Instant::now() < deadline,
            "desktop A took {outcomes:?} of {WEBHOOKS} events within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Every webhook verified, mapped and applied in order: none stale, none quarantined.
    for outcome in outcomes.keys() {
        assert!(
            ["created", "updated", "unchanged", "deactivated"].contains(&outcome.as_str()),
            "{outcomes:?}"
        );
    }

    // The DRE's sums, kept by triggers through every real-time write, still add up.
    assert_dre_sums_are_a_recount(a.core.store().pool()).await;

    let b_dir = tempfile::tempdir().expect("temp dir");
    let b = Core::open(CoreOptions {
        data_dir: b_dir.path().to_path_buf(),
        credentials: CredentialStore::default().with_override(credentials),
    })
    .await
    .expect("core B opens");
    let b_integration: Integration = b
        .integrations()
        .add(
            NewIntegration {
                provider: gestaoclick::KIND,
                name: "Sandbox".into(),
                base_url: a.sandbox.base_url(),
                settings: fast_settings(),
                schedule_interval_minutes: None,
            },
            None,
        )
        .await
        .expect("integration added to B");
    let run = b
        .sync()
        .start(b_integration.id, RunTrigger::Manual)
        .await
        .expect("B starts");
    assert_succeeded(&run.wait().await);

    let a_records = mirrored_records(&a.core, a.integration.id).await;
    let b_records = mirrored_records(&b, b_integration.id).await;
    let a_active: BTreeMap<_, _> = a_records
        .iter()
        .filter(|(_, record)| record.active)
        .map(|(key, record)| (key.clone(), record.clone()))
        .collect();
    assert!(
        b_records.values().all(|record| record.active),
        "a first sync deactivates nothing"
    );
    assert_eq!(a_active.len(), b_records.len(), "live records in A and B");
    for (key, record) in &b_records {
        assert_eq!(a_active.get(key), Some(record), "{key:?} in A and B");
    }
    let deactivated: Vec<_> = a_records
        .iter()
        .filter(|(_, record)| !record.active)
        .map(|(key, _)| key)
        .collect();
    assert_eq!(
        deactivated.len() as i64,
        outcomes.get("deactivated").copied().unwrap_or(0),
        "A's inactive records are the clientes deleted by webhook: {deactivated:?}"
    );
    for (entity_type, _) in &deactivated {
        assert_eq!(entity_type, "cliente");
    }

    let summary = a.sandbox.handle().summary();
    let a_totals = a.totals().await;
    assert_mirrors(&summary, &a_totals);
    assert_eq!(
        a_totals,
        b.store()
            .entity_totals(b_integration.id)
            .await
            .expect("B totals"),
        "totals of A and B"
    );

    b.shutdown().await;
    a.core.shutdown().await;
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hmac_webhooks_through_the_relay_leave_what_a_full_sync_leaves() {
    webhooks_leave_the_state_of_a_full_sync(AuthMode::Hmac, 11, Relays::OneOnSqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn standard_webhooks_through_the_relay_leave_what_a_full_sync_leaves() {
    webhooks_leave_the_state_of_a_full_sync(AuthMode::Standard, 12, Relays::OneOnSqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_through_two_relays_on_postgresql_leave_what_a_full_sync_leaves() {
    webhooks_leave_the_state_of_a_full_sync(AuthMode::Hmac, 13, Relays::TwoOnPostgres).await;
}
