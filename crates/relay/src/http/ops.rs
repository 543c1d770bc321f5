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

/// 200 when the database answers, 503 otherwise: what a load balancer needs to know.
pub(super) async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(json!({ "status": "ok" })).into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check: the database did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database_unavailable" })),
            )
                .into_response()
        }
    }
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
