//! The relay over real loopback HTTP and a real SQLite file, one module per behaviour;
//! one test binary so the helpers below are shared.

mod ack_and_retention;
mod admin_cli;
mod auth_modes;
mod connections;
mod crash;
mod group_commit;
mod hostile_ingest;
mod ingest_limits;
mod long_poll;
mod provisioning;
mod rotation;
mod sealed_at_rest;
mod sqlite_upgrade;

#[path = "../support/canary.rs"]
pub mod canary;
#[path = "../support/sealing.rs"]
pub mod sealing;
#[path = "../support/serve.rs"]
pub mod serve;

use chrono::{DateTime, TimeDelta, Utc};
use ponte_relay::{ChannelCredentials, Clock, Relay, RelayConfig, RunningRelay, SqliteStore};
use ponte_webhooks::relay_api::{AckReply, EventPage, PulledEvent};
use ponte_webhooks::seal::SealedContent;
use ponte_webhooks::{AuthMode, Outgoing, Provider, sign};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use sqlx::Connection;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;

/// The wall clock moved by however much a test advanced it.
#[derive(Default)]
pub struct TestClock {
    offset: Mutex<TimeDelta>,
}

impl TestClock {
    pub fn advance(&self, by: TimeDelta) {
        *self.offset.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().unwrap()
    }
}

pub struct Harness {
    pub relay: RunningRelay,
    pub clock: Arc<TestClock>,
    pub http: reqwest::Client,
    pub dir: TempDir,
}

pub fn config() -> RelayConfig {
    RelayConfig::new("127.0.0.1:0".parse().unwrap())
}

pub async fn start() -> Harness {
    start_with(config()).await
}

pub async fn start_with(config: RelayConfig) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db"))
        .await
        .unwrap();
    let clock = Arc::new(TestClock::default());
    let relay = Relay::start(config, Arc::new(store), clock.clone())
        .await
        .unwrap();
    Harness {
        relay,
        clock,
        http: reqwest::Client::new(),
        dir,
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_string()
    }

    pub fn seq(&self) -> i64 {
        self.json()["seq"].as_i64().unwrap()
    }
}

/// A Gestão Click webhook body with Ponte's `event_id`.
pub fn body(event_id: &str) -> Vec<u8> {
    format!(r#"{{"event":"sale.updated","event_id":"{event_id}","data":{{"id":"7","valor_total":"10.50"}}}}"#)
        .into_bytes()
}

impl Harness {
    pub async fn channel(&self, provider: Provider, mode: AuthMode) -> ChannelCredentials {
        self.relay
            .admin()
            .create(
                provider,
                mode,
                &self.relay.base_url(),
                &sealing::recipients(),
            )
            .await
            .unwrap()
    }

    /// The same without keys, as `ponte-relay channel create` makes one by hand.
    pub async fn keyless_channel(&self, provider: Provider, mode: AuthMode) -> ChannelCredentials {
        self.relay
            .admin()
            .create(provider, mode, &self.relay.base_url(), &[])
            .await
            .unwrap()
    }

    /// POSTs `body` to `url` with `headers` and a JSON content type.
    pub async fn post(&self, url: &str, headers: HeaderMap, body: Vec<u8>) -> Answer {
        let response = self
            .http
            .post(url)
            .headers(headers)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    /// Sends `body` signed as the channel's mode requires, with `secret`, signed now.
    pub async fn deliver_with(
        &self,
        channel: &ChannelCredentials,
        secret: &str,
        id: &str,
        body: Vec<u8>,
    ) -> Answer {
        let headers = signed(channel.auth_mode, secret, id, self.clock.now(), &body);
        let url = ponte_webhooks::ingest_url(
            &self.relay.base_url(),
            &channel.channel_id,
            channel.auth_mode,
            secret,
        );
        self.post(&url, headers, body).await
    }

    pub async fn deliver(&self, channel: &ChannelCredentials, id: &str) -> Answer {
        self.deliver_with(channel, &channel.secret, id, body(id))
            .await
    }

    pub async fn pull_raw(&self, channel_id: &str, token: &str, query: &str) -> Answer {
        let url = format!(
            "{}/v1/channels/{channel_id}/events?{query}",
            self.relay.base_url()
        );
        let response = self.http.get(url).bearer_auth(token).send().await.unwrap();
        answer(response).await
    }

    pub async fn pull(&self, channel: &ChannelCredentials, query: &str) -> EventPage {
        let answer = self
            .pull_raw(&channel.channel_id, &channel.pull_token, query)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        serde_json::from_str(&answer.body).unwrap()
    }

    /// Every event still stored on the channel, acknowledged or not.
    pub async fn all_events(&self, channel: &ChannelCredentials) -> Vec<PulledEvent> {
        self.pull(channel, "after=0&limit=1000").await.events
    }

    /// The headers and body of each of `all_events`, opened with the test key.
    pub async fn opened(&self, channel: &ChannelCredentials) -> Vec<SealedContent> {
        self.all_events(channel)
            .await
            .iter()
            .map(|event| sealing::open(&channel.channel_id, event))
            .collect()
    }

    pub async fn ack(&self, channel: &ChannelCredentials, up_to: i64) -> AckReply {
        let url = format!(
            "{}/v1/channels/{}/ack",
            self.relay.base_url(),
            channel.channel_id
        );
        let response = self
            .http
            .post(url)
            .bearer_auth(&channel.pull_token)
            .json(&serde_json::json!({ "up_to": up_to }))
            .send()
            .await
            .unwrap();
        let answer = answer(response).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        serde_json::from_str(&answer.body).unwrap()
    }

    pub async fn metrics(&self) -> String {
        self.http
            .get(format!("{}/metrics", self.relay.base_url()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The value of one metric line, e.g. `ponte_relay_pulls_waiting`, named without the
    /// `relay` label every series carries.
    pub async fn metric(&self, series: &str) -> Option<f64> {
        self.metrics().await.lines().find_map(|line| {
            let line = without_relay_label(line);
            let value = line.strip_prefix(series)?.strip_prefix(' ')?;
            value.parse().ok()
        })
    }
}

/// `name{relay="x",a="b"} 1` as `name{a="b"} 1`, and `name{relay="x"} 1` as `name 1`.
pub fn without_relay_label(line: &str) -> String {
    let Some(start) = line.find("{relay=\"") else {
        return line.to_string();
    };
    let value_start = start + "{relay=\"".len();
    let Some(value_len) = line[value_start..].find('"') else {
        return line.to_string();
    };
    let after = value_start + value_len + 1;
    match &line[after..] {
        rest if rest.starts_with(',') => format!("{}{{{}", &line[..start], &rest[1..]),
        rest if rest.starts_with('}') => format!("{}{}", &line[..start], &rest[1..]),
        _ => line.to_string(),
    }
}

pub fn signed(mode: AuthMode, secret: &str, id: &str, at: DateTime<Utc>, body: &[u8]) -> HeaderMap {
    sign(
        mode,
        secret,
        &Outgoing {
            id,
            timestamp: at,
            body,
        },
    )
    .unwrap()
}

pub async fn answer(response: reqwest::Response) -> Answer {
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

/// Awaits `future`, failing with `what` if it takes more than `limit`.
pub async fn within<T>(limit: Duration, what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: still waiting after {limit:?}"))
}

/// Polls `check` until it returns true, failing with `what` after `limit`.
pub async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    within(limit, what, async {
        while !check().await {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

/// Runs the built `ponte-relay` with `--db db` and `args`; panics if it fails to start.
pub fn run_cli(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let db = db.display().to_string();
    serve::relay_command(&[&["--db", db.as_str()], args].concat())
        .output()
        .unwrap()
}
