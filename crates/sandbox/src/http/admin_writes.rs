//! The admin routes around writes, for tests in another process: the log of applied PUTs
//! and of the last API requests, an operator's edit of a title, queued faults and the
//! switch for writes' webhooks. Like the other admin routes: no auth, no limits, no
//! faults, not counted.
//!
//! - `GET /__sandbox/writes`: `[{"seq": 1, "resource": "recebimentos", "id": "42",
//!   "fields": {"liquidado": "1", "data_liquidacao": "2026-03-15", ...}}]`.
//! - `GET /__sandbox/requests/log`: `[{"seq": 1, "method": "GET", "resource":
//!   "recebimentos"}, {"seq": 2, "method": "PUT", "resource": "recebimentos", "id": "42"}]`.
//! - `POST /__sandbox/records/edit` with `{"resource": "pagamentos", "id": "42", "fields":
//!   {"descricao": "..."}}`: the record as GET answers it; 404 for an unknown record, 400
//!   with `{code, message}` for an edit the provider would refuse.
//! - `POST /__sandbox/faults/next` with `{"count": 1, "kind": "drop_answer_after_write"}`
//!   (any `FaultKind`, e.g. `"kind": "too_many_requests", "retry_after_secs": 2`), and
//!   `"writes_only": true` for a fault only PUTs take: 204.
//! - `POST /__sandbox/emit_on_write` with `{"target": {"ingest_url", "mode", "secret"}}`,
//!   or `{"target": null}` to stop: 204; 400 for a target that cannot work.

use crate::client_log::{AppliedWrite, LoggedRequest};
use crate::emit::WebhookTarget;
use crate::error::SandboxError;
use crate::faults::FaultKind;
use crate::handle::SandboxHandle;
use crate::state::SharedState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
struct TitleEditRequest {
    resource: String,
    id: String,
    fields: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
struct FailNext {
    count: u32,
    /// Only writes (PUT) take the fault, as `SandboxHandle::fail_next_write`.
    #[serde(default)]
    writes_only: bool,
    #[serde(flatten)]
    kind: FaultKind,
}

#[derive(Debug, Deserialize)]
struct EmitOnWrite {
    target: Option<WebhookTarget>,
}

pub(super) fn routes() -> Router<Arc<SharedState>> {
    Router::new()
        .route("/__sandbox/writes", get(writes))
        .route("/__sandbox/requests/log", get(request_log))
        .route("/__sandbox/records/edit", post(edit_title))
        .route("/__sandbox/faults/next", post(fail_next))
        .route("/__sandbox/emit_on_write", post(emit_on_write))
}

fn handle(state: Arc<SharedState>) -> SandboxHandle {
    SandboxHandle { state }
}

async fn writes(State(state): State<Arc<SharedState>>) -> Json<Vec<AppliedWrite>> {
    Json(handle(state).writes())
}

async fn request_log(State(state): State<Arc<SharedState>>) -> Json<Vec<LoggedRequest>> {
    Json(handle(state).request_log())
}

async fn edit_title(
    State(state): State<Arc<SharedState>>,
    Json(request): Json<TitleEditRequest>,
) -> Response {
    match handle(state).edit_title(&request.resource, &request.id, request.fields) {
        Ok(record) => Json(record).into_response(),
        Err(error) => refusal(&error),
    }
}

async fn fail_next(
    State(state): State<Arc<SharedState>>,
    Json(request): Json<FailNext>,
) -> StatusCode {
    let handle = handle(state);
    if request.writes_only {
        handle.fail_next_write(request.count, request.kind);
    } else {
        handle.fail_next(request.count, request.kind);
    }
    StatusCode::NO_CONTENT
}

async fn emit_on_write(
    State(state): State<Arc<SharedState>>,
    Json(request): Json<EmitOnWrite>,
) -> Response {
    match handle(state).set_emit_on_write(request.target) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => refusal(&error),
    }
}

fn refusal(error: &SandboxError) -> Response {
    let status = match error {
        SandboxError::RecordNotFound { .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    let answer = json!({"code": error.code(), "message": error.to_string()});
    (status, Json(answer)).into_response()
}
