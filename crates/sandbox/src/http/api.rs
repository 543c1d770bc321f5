//! The provider's API routes. Every request goes through the same steps: counted, faults
//! planned, then authentication, rate limits and the answer itself.

use super::listing::{self, ListShape};
use super::query::{Invalid, Params};
use super::replies::Reply;
use super::select;
use crate::dataset::Dataset;
use crate::faults::FaultKind;
use crate::locks::{lock, read};
use crate::resource::Resource;
use crate::state::SharedState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

const NO_RECORD: &str = "Registro não encontrado.";

/// `GET /{resource}` and `GET /api/{resource}`.
pub(crate) async fn list(
    State(state): State<Arc<SharedState>>,
    Path(resource): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    serve(&state, &resource, &headers, |dataset| {
        let Some(known) = Resource::from_path(&resource) else {
            return Reply::not_found("Recurso não encontrado.");
        };
        list_page(dataset, &state, known, &uri)
            .unwrap_or_else(|Invalid(message)| Reply::not_found(&message))
    })
    .await
}

/// `GET /{resource}/{id}` and `GET /api/{resource}/{id}`.
pub(crate) async fn get_one(
    State(state): State<Arc<SharedState>>,
    Path((resource, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    serve(&state, &resource, &headers, |dataset| {
        Resource::from_path(&resource)
            .zip(id.parse::<u64>().ok())
            .and_then(|(known, id)| dataset.find(known, id))
            .map_or_else(
                || Reply::not_found(NO_RECORD),
                |rendered| Reply::record(&rendered.json),
            )
    })
    .await
}

fn list_page(
    dataset: &Dataset,
    state: &SharedState,
    resource: Resource,
    uri: &Uri,
) -> Result<Reply, Invalid> {
    let params = Params::parse(uri)?;
    let page = listing::page(&params)?;
    let mut rows = select::select(dataset, resource, &params)?;
    listing::order(&mut rows, &params);
    let shape = ListShape {
        resource,
        meta: resource.meta_shape(state.config.meta_variant),
        wrapper: resource
            .list_item_wrapper()
            .filter(|_| state.config.wrapped_items),
    };
    Ok(listing::render(&rows, page, &shape, &params))
}

async fn serve(
    state: &SharedState,
    resource: &str,
    headers: &HeaderMap,
    answer: impl FnOnce(&Dataset) -> Reply,
) -> Response {
    {
        let mut traffic = lock(&state.traffic);
        traffic.total += 1;
        *traffic.by_resource.entry(resource.to_string()).or_default() += 1;
    }
    let plan = lock(&state.faults).plan_next();
    let delay_ms = match plan.fault {
        Some(FaultKind::Delay { ms }) => plan.latency_ms.saturating_add(ms),
        _ => plan.latency_ms,
    };
    if delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    }
    let reply = match plan.fault {
        Some(FaultKind::ServerError) => Reply::server_error(),
        Some(FaultKind::TooManyRequests { retry_after_secs }) => {
            Reply::rate_limited(retry_after_secs)
        }
        _ => authorized_answer(state, headers, answer),
    };
    if reply.status == StatusCode::TOO_MANY_REQUESTS {
        lock(&state.traffic).rate_limited += 1;
    }
    match plan.fault {
        Some(FaultKind::Malformed) => reply.truncated().into_response(),
        _ => reply.into_response(),
    }
}

fn authorized_answer(
    state: &SharedState,
    headers: &HeaderMap,
    answer: impl FnOnce(&Dataset) -> Reply,
) -> Reply {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let access_token = match (header("access-token"), header("secret-access-token")) {
        (Some(access), Some(secret))
            if access == state.config.access_token && secret == state.config.secret_token =>
        {
            access
        }
        _ => return Reply::unauthorized(),
    };
    if let Err(refusal) = state.limits.admit(access_token) {
        return Reply::rate_limited(Some(refusal.retry_after_secs));
    }
    answer(&read(&state.dataset))
}
