//! `POST /hooks/{channel}` and `POST /hooks/{channel}/{token}`: a provider's webhook in.
//!
//! In order: the channel exists (404), the kept headers fit (431), the body fits and
//! arrives in time (413, 408), the delivery proves itself in the channel's mode (401, or
//! 429 once its source address has failed too often), the channel is under its rate
//! (429: only a verified delivery spends the channel's budget), the body is strict JSON
//! (400), the channel has a sealing key (503 `channel_not_sealed`: nothing is stored, and
//! the provider retries until Ponte connects the channel); then the exact bytes and the
//! kept headers are sealed to the channel's keys in the channel's sealing session
//! (`sealing_sessions`: symmetric work per event), here in the handler, so that the work
//! spreads over the runtime's threads instead of queueing in the one writer; the envelope
//! goes to the group-commit writer, and the answer (200, `stored` or `duplicate`) leaves
//! only after the commit. The body is never logged, and never stored in clear.

use super::AppState;
use super::kept_headers::kept_headers;
use super::strict_json;
use crate::config::MAX_BODY_BYTES;
use crate::error::{RelayError, Result};
use crate::store::{AppendOutcome, NewEvent};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use ponte_webhooks::relay_api::{IngestReply, IngestStatus};
use ponte_webhooks::seal::{SealContext, SealedContent, unnamed_event_id};
use ponte_webhooks::{AuthMode, Delivery, provider_event_id, verify_held};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tower_http::timeout::TimeoutError;

/// The TCP peer, which the serve loop puts on every request.
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

pub(super) async fn ingest(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    peer: Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let source = source_address(&state, peer, &headers);
    answer(
        &state,
        accept(&state, &channel, None, source, &headers, body).await,
    )
}

pub(super) async fn ingest_with_token(
    State(state): State<Arc<AppState>>,
    Path((channel, token)): Path<(String, String)>,
    peer: Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let source = source_address(&state, peer, &headers);
    answer(
        &state,
        accept(&state, &channel, Some(&token), source, &headers, body).await,
    )
}

/// The TCP peer; behind a proxy (`RelayConfig::behind_proxy`), the last address of
/// `X-Forwarded-For`, the one the proxy itself appended.
fn source_address(state: &AppState, peer: Peer, headers: &HeaderMap) -> IpAddr {
    let forwarded = || {
        let value = headers.get_all("x-forwarded-for").iter().next_back()?;
        value.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
    };
    let peer = peer.map_or(
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        |Extension(ConnectInfo(addr))| addr.ip(),
    );
    if state.behind_proxy {
        forwarded().unwrap_or(peer)
    } else {
        peer
    }
}

fn answer(state: &AppState, result: Result<IngestReply>) -> Response {
    match result {
        Ok(reply) => {
            state.metrics.ingest(match reply.status {
                IngestStatus::Stored => "stored",
                IngestStatus::Duplicate => "duplicate",
            });
            Json(reply).into_response()
        }
        Err(error) => {
            state.metrics.ingest(error.code());
            error.into_response()
        }
    }
}

async fn accept(
    state: &AppState,
    channel_id: &str,
    url_token: Option<&str>,
    source: IpAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<IngestReply> {
    let received_at = state.clock.now();
    let unknown = || RelayError::UnknownChannel {
        id: channel_id.to_string(),
    };
    let channel = state.store.channel(channel_id).await?.ok_or_else(unknown)?;
    // A token URL exists only for url-token channels.
    if url_token.is_some() && channel.auth_mode != AuthMode::UrlToken {
        return Err(unknown());
    }
    let kept = kept_headers(headers)?;
    let body = read_body(body).await?;
    let delivery = Delivery {
        headers,
        body: &body,
        url_token,
    };
    if let Err(reason) = verify_held(
        channel.auth_mode,
        &channel.secrets_valid_at(received_at),
        &delivery,
        received_at,
    ) {
        state.failures.charge(source)?;
        return Err(RelayError::Unauthorized(reason));
    }
    state.limiter.admit(&channel.id)?;
    let body_event_id = strict_json::parse(&body)?;
    let event_id = provider_event_id(
        channel.provider,
        channel.auth_mode,
        headers,
        body_event_id.as_ref(),
    )
    .map_err(RelayError::InvalidEventId)?;
    if channel.recipients.is_empty() {
        return Err(RelayError::ChannelNotSealed);
    }
    // The envelope is bound to an event id; a delivery without one gets a drawn id, which
    // is also what the store dedupes on: unique, so such a delivery is stored every time,
    // as before sealing, while a provider's id still dedupes.
    let sealed_id = event_id.clone().unwrap_or_else(unnamed_event_id);
    let size = body.len() as u64;
    let content = SealedContent {
        headers: kept,
        body: Vec::from(body),
    };
    let context = SealContext {
        channel_id: &channel.id,
        event_id: &sealed_id,
    };
    let envelope = state
        .sealing
        .seal(&channel.recipients, &content, &context)
        .map_err(RelayError::SealFailed)?;
    // The plaintext goes now rather than while the commit is awaited.
    drop(content);
    let outcome = state
        .queue
        .append(NewEvent {
            channel_id: channel.id,
            event_id: sealed_id,
            received_at,
            size,
            key_ids: envelope.key_ids().iter().map(ToString::to_string).collect(),
            sealed: envelope.to_bytes(),
        })
        .await?;
    let (status, seq) = match outcome {
        AppendOutcome::Stored { seq } => (IngestStatus::Stored, seq),
        AppendOutcome::Duplicate { seq } => (IngestStatus::Duplicate, seq),
        AppendOutcome::ChannelGone => return Err(unknown()),
    };
    Ok(IngestReply {
        status,
        seq,
        event_id,
    })
}

async fn read_body(body: Body) -> Result<Bytes> {
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(RelayError::BodyTooLarge {
            limit_bytes: MAX_BODY_BYTES,
        }),
        Err(error) if timed_out(error.as_ref()) => Err(RelayError::BodyTimeout),
        Err(_) => Err(RelayError::IncompleteBody),
    }
}

/// Whether the body failed because `RequestBodyTimeoutLayer`'s deadline passed; the
/// timeout sits a few wrappers down the error's sources.
fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}
