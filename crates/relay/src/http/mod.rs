//! The route table and the state the handlers share. Ingest lives in `ingest.rs` (its
//! JSON check in `strict_json.rs`, its kept headers in `kept_headers.rs`), the long-poll
//! and ack in `pull.rs`, creating and deleting channels and registering their sealing keys
//! in `channels.rs`, health and
//! metrics in `ops.rs`, error answers in `reply.rs` and `json_errors.rs`, the connection
//! loop in `connections.rs`.

mod channels;
mod connections;
mod ingest;
mod json_errors;
mod kept_headers;
mod ops;
mod pull;
mod reply;
mod strict_json;

pub(crate) use connections::serve;

use crate::clock::Clock;
use crate::commits::CommitSignals;
use crate::config::Provisioning;
use crate::limiter::{ChannelLimiter, FailureLimiter};
use crate::metrics::RelayMetrics;
use crate::sealing_sessions::SealingSessions;
use crate::store::EventStore;
use crate::writer::IngestQueue;
use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::routing::{delete, get, post, put};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;

pub(crate) struct AppState {
    pub store: Arc<dyn EventStore>,
    pub clock: Arc<dyn Clock>,
    pub queue: IngestQueue,
    pub signals: Arc<CommitSignals>,
    pub limiter: Arc<ChannelLimiter>,
    /// Failed verifications per source address.
    pub failures: FailureLimiter,
    /// Whether the source address comes from `X-Forwarded-For` (see `RelayConfig`).
    pub behind_proxy: bool,
    /// This relay's name, as `/healthz` and `/metrics` report it.
    pub relay_id: String,
    pub metrics: Arc<RelayMetrics>,
    /// Ingest seals in these: the HPKE setups once per channel session, not per event.
    pub sealing: SealingSessions,
    pub provisioning: Option<Provisioning>,
    /// Cancelled on shutdown: waiting pulls answer at once.
    pub shutdown: CancellationToken,
}

pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/hooks/{channel}", post(ingest::ingest))
        .route("/hooks/{channel}/{token}", post(ingest::ingest_with_token))
        .route("/v1/channels", post(channels::create))
        .route("/v1/channels/{channel}", delete(channels::delete))
        .route("/v1/channels/{channel}/keys", put(channels::register_keys))
        .route("/v1/channels/{channel}/events", get(pull::events))
        .route("/v1/channels/{channel}/ack", post(pull::ack))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .fallback(ops::not_found)
        .with_state(state)
        .layer(axum::middleware::map_response(json_errors::as_json))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The span names the route template, never the URI: a url-token URI holds the channel's
/// secret, and the log must not.
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}
