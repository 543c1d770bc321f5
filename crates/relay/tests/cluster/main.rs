//! Two relays, one PostgreSQL: both in this process, each with its own store handle on the
//! same database, reached over loopback HTTP like any two relays behind a load balancer.
//! Needs `scripts/dev/with-postgres.sh` (see `support/postgres.rs`).

mod admin_cli;
mod ingest;
mod kill;
mod sealed_at_rest;
mod wakes;

#[path = "../support/canary.rs"]
pub mod canary;
#[path = "../support/postgres.rs"]
mod postgres;
#[path = "../support/sealing.rs"]
pub mod sealing;
#[path = "../support/serve.rs"]
pub mod serve;

use chrono::Utc;
use ponte_relay::{
    ChannelCredentials, PostgresStore, Relay, RelayConfig, RunningRelay, SystemClock,
};
use ponte_webhooks::relay_api::EventPage;
use ponte_webhooks::{AuthMode, Outgoing, Provider, sign};
use postgres::TestDatabase;
use reqwest::StatusCode;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub struct Cluster {
    pub a: RunningRelay,
    pub b: RunningRelay,
    pub http: reqwest::Client,
    database: TestDatabase,
}

pub fn config() -> RelayConfig {
    let mut config = RelayConfig::new("127.0.0.1:0".parse().unwrap());
    // The tests send bursts far above one provider account's.
    config.rate_limit.per_second = std::num::NonZeroU32::new(100_000).unwrap();
    config.rate_limit.burst = std::num::NonZeroU32::new(100_000).unwrap();
    config
}

impl Cluster {
    pub async fn start(a: RelayConfig, b: RelayConfig) -> Cluster {
        let database = TestDatabase::create().await;
        let a = relay(&database, a).await;
        let b = relay(&database, b).await;
        Cluster {
            a,
            b,
            http: reqwest::Client::new(),
            database,
        }
    }

    pub fn database_url(&self) -> String {
        self.database.url.clone()
    }

    pub async fn stop(self) {
        self.a.shutdown().await;
        self.b.shutdown().await;
        self.database.remove().await;
    }

    pub async fn channel(&self) -> ChannelCredentials {
        self.a
            .admin()
            .create(
                Provider::GestaoClick,
                AuthMode::Hmac,
                &self.a.base_url(),
                &sealing::recipients(),
            )
            .await
            .unwrap()
    }

    /// Sends a signed delivery of `event_id` to `relay`; the status.
    pub async fn deliver(
        &self,
        relay: &RunningRelay,
        channel: &ChannelCredentials,
        event_id: &str,
    ) -> StatusCode {
        let body = body(event_id);
        let headers = sign(
            channel.auth_mode,
            &channel.secret,
            &Outgoing {
                id: event_id,
                timestamp: Utc::now(),
                body: &body,
            },
        )
        .unwrap();
        let url = ponte_webhooks::ingest_url(
            &relay.base_url(),
            &channel.channel_id,
            channel.auth_mode,
            &channel.secret,
        );
        self.http
            .post(url)
            .headers(headers)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    }

    pub async fn pull(
        &self,
        relay: &RunningRelay,
        channel: &ChannelCredentials,
        query: &str,
    ) -> EventPage {
        pull(&self.http, &relay.base_url(), channel, query).await
    }

    /// The number on `/metrics` of `series` (every series carries the `relay` label).
    pub async fn metric(&self, relay: &RunningRelay, series: &str) -> Option<f64> {
        let text = self
            .http
            .get(format!("{}/metrics", relay.base_url()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines().find_map(|line| {
            let rest = line.strip_prefix(series)?;
            if !(rest.starts_with(' ') || rest.starts_with('{')) {
                return None;
            }
            line.rsplit(' ').next()?.parse().ok()
        })
    }
}

/// The server key of HMAC and Standard secrets every relay here holds, in this process and
/// in a `ponte-relay` child: they share one database.
pub use serve::SECRETS_KEY;

async fn relay(database: &TestDatabase, config: RelayConfig) -> RunningRelay {
    let keys = ponte_relay::SecretsKeys::parse(SECRETS_KEY).unwrap();
    let store = PostgresStore::connect_with_keys(&database.url, keys)
        .await
        .unwrap();
    Relay::start(config, Arc::new(store), Arc::new(SystemClock))
        .await
        .unwrap()
}

pub async fn pull(
    http: &reqwest::Client,
    base_url: &str,
    channel: &ChannelCredentials,
    query: &str,
) -> EventPage {
    let response = http
        .get(format!(
            "{base_url}/v1/channels/{}/events?{query}",
            channel.channel_id
        ))
        .bearer_auth(&channel.pull_token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// A Gestão Click webhook body with Ponte's `event_id`.
pub fn body(event_id: &str) -> Vec<u8> {
    format!(r#"{{"event":"sale.updated","event_id":"{event_id}","data":{{"id":"7"}}}}"#)
        .into_bytes()
}

/// Polls `check` until it holds; panics after `limit` (a guard against hanging, not a
/// measurement).
pub async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
