//! `POST /__sandbox/records/update`: one update of a named record, dated with the
//! `modificado_em` the body gives (`{"entity": "cliente", "id": "12", "modificado_em":
//! "2026-11-30 14:05:00"}`), so a test in another process or over loopback can send an edit
//! stamped at or before what a client already read. Like the other admin routes: no auth,
//! no limits, no faults, not counted.

use crate::error::SandboxError;
use crate::locks::{lock, write};
use crate::mutations::MutationEntity;
use crate::state::SharedState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer};
use serde_json::json;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
struct StampedUpdate {
    entity: MutationEntity,
    id: String,
    #[serde(deserialize_with = "wire_timestamp")]
    modificado_em: NaiveDateTime,
}

/// The provider's `YYYY-MM-DD HH:MM:SS`, the only form a record carries.
fn wire_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(deserializer)?;
    NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S").map_err(|_| {
        serde::de::Error::custom(format!("\"{text}\" não é um horário AAAA-MM-DD HH:MM:SS"))
    })
}

pub(super) fn routes() -> Router<Arc<SharedState>> {
    Router::new().route("/__sandbox/records/update", post(update_record))
}

/// The change's outcome; 404 for a record that does not exist, 400 for a resource without
/// `modificado_em`, 422 for a body that does not parse.
async fn update_record(
    State(state): State<Arc<SharedState>>,
    Json(update): Json<StampedUpdate>,
) -> Response {
    // The same lock order as `SandboxHandle::apply`: the changes' randomness, then the data.
    let mut rng = lock(&state.mutation_rng);
    let outcome = write(&state.dataset).update_stamped(
        update.entity,
        &update.id,
        update.modificado_em,
        &mut *rng,
    );
    match outcome {
        Ok(outcome) => Json(outcome).into_response(),
        Err(error) => {
            let status = match error {
                SandboxError::RecordNotFound { .. } => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            };
            let answer = json!({"code": error.code(), "message": error.to_string()});
            (status, Json(answer)).into_response()
        }
    }
}
