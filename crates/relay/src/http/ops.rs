//! The operator's routes: `/healthz`, `/metrics`, and the JSON 404 for everything else.

use super::AppState;
use crate::error::RelayError;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_webhooks::relay_api::ErrorReply;
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

/// 200 when the database answers, 503 otherwise: what a load balancer needs to know.
/// The body names the relay and says how long the database took to answer (an operator
/// sees a slow database before it is down).
pub(super) async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    let started = Instant::now();
    let ping = state.store.ping().await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (status, overall, database) = match ping {
        Ok(()) => (StatusCode::OK, "ok", "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check: the database did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                "unreachable",
            )
        }
    };
    (
        status,
        Json(json!({
            "status": overall,
            "relay": state.relay_id,
            "database": { "status": database, "latency_ms": latency_ms },
        })),
    )
        .into_response()
}

pub(super) async fn metrics(State(state): State<Arc<AppState>>) -> Result<Response, RelayError> {
    let text = state.metrics.render(state.store.as_ref()).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

pub(super) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ErrorReply {
            code: "not_found".to_string(),
            message: "Rota inexistente no relay.".to_string(),
        }),
    )
        .into_response()
}
