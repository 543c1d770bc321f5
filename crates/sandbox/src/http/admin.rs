//! The sandbox's own control routes under `/__sandbox`: no auth, no limits, no faults, not
//! counted. They let another process (the e2e tests, `ponte-sandbox mutate` and `emit`)
//! drive a running sandbox the way `SandboxHandle` does in-process.

use crate::config::Faults;
use crate::emit::{EmitPlan, WebhookTarget};
use crate::handle::SandboxHandle;
use crate::locks::lock;
use crate::mutations::{MutationOutcome, RandomMutations};
use crate::state::{SharedState, Traffic};
use crate::summary::DatasetSummary;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct LimitsSwitch {
    enforce: bool,
}

/// The body of `POST /__sandbox/webhooks`: `{"target": {...}, "count", "rate_per_sec",
/// "seed"}`.
#[derive(Debug, Deserialize)]
struct EmitRequest {
    target: WebhookTarget,
    #[serde(flatten)]
    plan: EmitPlan,
}

#[derive(Debug, Serialize)]
struct ErrorAnswer {
    code: &'static str,
    message: String,
}

pub(crate) fn routes() -> Router<Arc<SharedState>> {
    Router::new()
        .route("/__sandbox/summary", get(summary))
        .route("/__sandbox/requests", get(requests))
        .route("/__sandbox/requests/reset", post(reset_requests))
        .route("/__sandbox/mutations", post(mutations))
        .route("/__sandbox/webhooks", post(emit_webhooks))
        .route("/__sandbox/faults", post(faults))
        .route("/__sandbox/limits", post(limits))
}

fn handle(state: Arc<SharedState>) -> SandboxHandle {
    SandboxHandle { state }
}

async fn summary(State(state): State<Arc<SharedState>>) -> Json<DatasetSummary> {
    Json(handle(state).summary())
}

/// `{"total": n, "by_resource": {...}, "rate_limited": n}`.
async fn requests(State(state): State<Arc<SharedState>>) -> Json<Traffic> {
    Json(lock(&state.traffic).clone())
}

async fn reset_requests(State(state): State<Arc<SharedState>>) -> StatusCode {
    handle(state).reset_request_counts();
    StatusCode::NO_CONTENT
}

async fn mutations(
    State(state): State<Arc<SharedState>>,
    Json(batch): Json<RandomMutations>,
) -> Json<Vec<MutationOutcome>> {
    Json(handle(state).apply_random(batch.seed, batch.creates, batch.updates, batch.deletes))
}

/// Answers once the whole plan is sent, with its summary; 400 for a target or a rate that
/// cannot work.
async fn emit_webhooks(
    State(state): State<Arc<SharedState>>,
    Json(request): Json<EmitRequest>,
) -> Response {
    match handle(state)
        .emit_webhooks(request.target, request.plan)
        .await
    {
        Ok(summary) => Json(summary).into_response(),
        Err(error) => {
            let answer = ErrorAnswer {
                code: error.code(),
                message: error.to_string(),
            };
            (StatusCode::BAD_REQUEST, Json(answer)).into_response()
        }
    }
}

async fn faults(State(state): State<Arc<SharedState>>, Json(faults): Json<Faults>) -> Json<Faults> {
    handle(state).set_faults(faults);
    Json(faults)
}

async fn limits(
    State(state): State<Arc<SharedState>>,
    Json(switch): Json<LimitsSwitch>,
) -> Json<LimitsSwitch> {
    handle(state).set_enforce_limits(switch.enforce);
    Json(switch)
}
