//! A tiny webhook receiver on loopback for the emitter's tests, standing in for the relay:
//! it verifies every delivery with `ponte_webhooks::verify`, answers as the relay does
//! (401 when unverified, `stored` or `duplicate` by event id), can answer 500 to the first
//! deliveries after keeping them, and reads from the sandbox, before answering, the record
//! each delivery names.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use ponte_sandbox::{DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, WebhookTarget};
use ponte_webhooks::{AuthMode, Delivery, WebhookError, verify};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub const CHANNEL: &str = "ch_test";

/// The envelope of the `emit` module doc, `data` kept as its exact bytes.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub event_id: String,
    pub event: String,
    pub resource: String,
    pub occurred_at: String,
    pub data: Box<RawValue>,
}

impl Envelope {
    pub fn record_id(&self) -> String {
        let data: Value = serde_json::from_str(self.data.get()).unwrap();
        data["id"].as_str().unwrap().to_string()
    }
}

pub struct Received {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub verified: Result<(), WebhookError>,
    pub status: StatusCode,
    /// `GET /{resource}/{id}` on the sandbox while the delivery was being answered: the
    /// status and, when 200, the exact bytes of its `data`.
    pub served: Option<(StatusCode, Option<String>)>,
}

impl Received {
    pub fn envelope(&self) -> Envelope {
        serde_json::from_slice(&self.body).unwrap()
    }
}

struct Shared {
    mode: AuthMode,
    secret: String,
    sandbox_api: Option<String>,
    answer_500_first: Mutex<usize>,
    received: Mutex<Vec<Received>>,
    stored_ids: Mutex<HashSet<String>>,
    count: watch::Sender<usize>,
}

pub struct Receiver {
    base_url: String,
    shared: Arc<Shared>,
}

pub struct ReceiverOptions {
    pub mode: AuthMode,
    /// What the receiver verifies with; the emitter may be given another.
    pub secret: String,
    /// The sandbox's API base URL, to read each delivery's record while answering it.
    pub sandbox_api: Option<String>,
    /// Deliveries kept but answered 500, as if the answer were lost.
    pub answer_500_first: usize,
}

impl Receiver {
    pub async fn start(options: ReceiverOptions) -> Receiver {
        let shared = Arc::new(Shared {
            mode: options.mode,
            secret: options.secret,
            sandbox_api: options.sandbox_api,
            answer_500_first: Mutex::new(options.answer_500_first),
            received: Mutex::new(Vec::new()),
            stored_ids: Mutex::new(HashSet::new()),
            count: watch::channel(0).0,
        });
        let app = Router::new()
            .route("/hooks/{channel}", post(without_token))
            .route("/hooks/{channel}/{token}", post(with_token))
            .with_state(shared.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { base_url, shared }
    }

    /// Where an emitter with `secret` delivers to this receiver's channel.
    pub fn target(&self, secret: &str) -> WebhookTarget {
        WebhookTarget::relay(&self.base_url, CHANNEL, self.shared.mode, secret)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every delivery so far, in arrival order.
    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.shared.received.lock().unwrap())
    }

    /// Returns once at least `count` deliveries have arrived.
    pub async fn wait_for(&self, count: usize) {
        let mut arrived = self.shared.count.subscribe();
        arrived.wait_for(|seen| *seen >= count).await.unwrap();
    }
}

async fn without_token(
    State(shared): State<Arc<Shared>>,
    Path(_channel): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    receive(shared, None, headers, body).await
}

async fn with_token(
    State(shared): State<Arc<Shared>>,
    Path((_channel, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    receive(shared, Some(token), headers, body).await
}

async fn receive(
    shared: Arc<Shared>,
    token: Option<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    let delivery = Delivery {
        headers: &headers,
        body: &body,
        url_token: token.as_deref(),
    };
    let verified = verify(shared.mode, &[&shared.secret], &delivery, Utc::now());
    let envelope: Option<Envelope> = serde_json::from_slice(&body).ok();
    let served = match (&shared.sandbox_api, &envelope) {
        (Some(api), Some(envelope)) => Some(served(api, envelope).await),
        _ => None,
    };
    let (status, answer) = match (&verified, envelope) {
        (Err(error), _) => (StatusCode::UNAUTHORIZED, json!({"code": error.code()})),
        (Ok(()), None) => (StatusCode::BAD_REQUEST, json!({"code": "not_json"})),
        (Ok(()), Some(envelope)) => answer(&shared, &envelope.event_id),
    };
    shared.received.lock().unwrap().push(Received {
        headers,
        body: body.to_vec(),
        verified,
        status,
        served,
    });
    shared.count.send_modify(|count| *count += 1);
    (status, Json(answer))
}

/// Keeps the event id, then answers as the relay would, or 500 while `answer_500_first`
/// lasts.
fn answer(shared: &Shared, event_id: &str) -> (StatusCode, Value) {
    let fresh = shared
        .stored_ids
        .lock()
        .unwrap()
        .insert(event_id.to_string());
    let mut failing = shared.answer_500_first.lock().unwrap();
    if *failing > 0 {
        *failing -= 1;
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"code": "internal"}),
        );
    }
    let status = if fresh { "stored" } else { "duplicate" };
    (
        StatusCode::OK,
        json!({"status": status, "seq": 1, "event_id": event_id}),
    )
}

async fn served(api: &str, envelope: &Envelope) -> (StatusCode, Option<String>) {
    #[derive(Deserialize)]
    struct Record {
        data: Box<RawValue>,
    }
    let url = format!("{api}/{}/{}", envelope.resource, envelope.record_id());
    let response = reqwest::Client::new()
        .get(url)
        .header("access-token", DEFAULT_ACCESS_TOKEN)
        .header("secret-access-token", DEFAULT_SECRET_TOKEN)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let data = serde_json::from_str::<Record>(&text)
        .ok()
        .map(|record| record.data.get().to_string());
    (status, data)
}
