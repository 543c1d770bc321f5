//! The provider's API routes. Every request, read or write, goes through the same steps:
//! counted and logged, faults planned, then authentication, rate limits and the answer
//! itself.

use super::listing::{self, ListShape};
use super::query::{Invalid, Params};
use super::replies::Reply;
use super::select;
use crate::dataset::Dataset;
use crate::faults::FaultKind;
use crate::locks::{lock, read};
use crate::resource::Resource;
use crate::state::SharedState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::io;
use std::sync::Arc;
use std::time::Duration;

pub(super) const NO_RECORD: &str = "Registro não encontrado.";

/// What the request log keeps of a request.
pub(super) struct RequestLine<'a> {
    pub method: Method,
    pub resource: &'a str,
    pub id: Option<&'a str>,
}

/// `GET /{resource}` and `GET /api/{resource}`.
pub(crate) async fn list(
    State(state): State<Arc<SharedState>>,
    Path(resource): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let line = RequestLine {
        method: Method::GET,
        resource: &resource,
        id: None,
    };
    serve(&state, line, &headers, || {
        let Some(known) = Resource::from_path(&resource) else {
            return Reply::not_found("Recurso não encontrado.");
        };
        list_page(&read(&state.dataset), &state, known, &uri)
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
    let line = RequestLine {
        method: Method::GET,
        resource: &resource,
        id: Some(&id),
    };
    serve(&state, line, &headers, || {
        let dataset = read(&state.dataset);
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

/// The steps every API request takes; `answer` runs only once the request is admitted
/// and no fault replaced it, so a write faulted with a 500 or a 429 is not applied.
pub(super) async fn serve(
    state: &SharedState,
    line: RequestLine<'_>,
    headers: &HeaderMap,
    answer: impl FnOnce() -> Reply,
) -> Response {
    {
        let mut traffic = lock(&state.traffic);
        traffic.total += 1;
        *traffic
            .by_resource
            .entry(line.resource.to_string())
            .or_default() += 1;
    }
    lock(&state.request_log).record(line.method.as_str(), line.resource, line.id);
    let write = line.method == Method::PUT;
    let plan = lock(&state.faults).plan_next(write);
    let delay_ms = match plan.fault {
        Some(FaultKind::Delay { ms }) => plan.latency_ms.saturating_add(ms),
        _ => plan.latency_ms,
    };
    let replaced = match plan.fault {
        Some(FaultKind::ServerError) => Some(Reply::server_error()),
        Some(FaultKind::TooManyRequests { retry_after_secs }) => {
            Some(Reply::rate_limited(retry_after_secs))
        }
        _ => None,
    };
    // A slow write lands before its late answer, so a client that times out has still
    // written, as with a slow provider; a slow read answers with the data after the wait.
    let reply = if write {
        let reply = replaced.unwrap_or_else(|| authorized_answer(state, headers, answer));
        pause(delay_ms).await;
        reply
    } else {
        pause(delay_ms).await;
        replaced.unwrap_or_else(|| authorized_answer(state, headers, answer))
    };
    if reply.status == StatusCode::TOO_MANY_REQUESTS {
        lock(&state.traffic).rate_limited += 1;
    }
    match plan.fault {
        Some(FaultKind::DropAnswerAfterWrite) if write => dropped_answer(&reply),
        Some(FaultKind::Malformed | FaultKind::DropAnswerAfterWrite) => {
            reply.truncated().into_response()
        }
        _ => reply.into_response(),
    }
}

async fn pause(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// The reply's status line, then a body that fails before its first byte: the server cuts
/// the connection, and the client sees a broken answer, never a clean one.
fn dropped_answer(reply: &Reply) -> Response {
    let cut = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "resposta descartada de propósito pelo sandbox (DropAnswerAfterWrite)",
        ))
    });
    let mut response = Response::new(Body::from_stream(cut));
    *response.status_mut() = reply.status;
    response
}

fn authorized_answer(
    state: &SharedState,
    headers: &HeaderMap,
    answer: impl FnOnce() -> Reply,
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
    answer()
}
