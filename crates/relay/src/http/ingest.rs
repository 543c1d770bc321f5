//! `POST /hooks/{channel}` and `POST /hooks/{channel}/{token}`: a provider's webhook in.
//!
//! In order: the channel exists (404), it is under its rate (429), the body fits (413),
//! the delivery proves itself in the channel's mode (401), the body is JSON (400); then
//! the exact bytes and the relevant headers go to the group-commit writer, and the answer
//! (200, `stored` or `duplicate`) leaves only after the commit.

use super::AppState;
use crate::config::MAX_BODY_BYTES;
use crate::error::{RelayError, Result};
use crate::store::{AppendOutcome, KeptHeaders, NewEvent};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use ponte_webhooks::relay_api::{IngestReply, IngestStatus};
use ponte_webhooks::{AuthMode, Delivery, provider_event_id, verify};
use serde::de::IgnoredAny;
use std::sync::Arc;

pub(super) async fn ingest(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(&state, accept(&state, &channel, None, &headers, body).await)
}

pub(super) async fn ingest_with_token(
    State(state): State<Arc<AppState>>,
    Path((channel, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(
        &state,
        accept(&state, &channel, Some(&token), &headers, body).await,
    )
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
    state.limiter.admit(&channel.id)?;
    let body = read_body(body).await?;
    let delivery = Delivery {
        headers,
        body: &body,
        url_token,
    };
    verify(
        channel.auth_mode,
        &channel.secrets_valid_at(received_at),
        &delivery,
        received_at,
    )
    .map_err(RelayError::Unauthorized)?;
    serde_json::from_slice::<IgnoredAny>(&body).map_err(|error| RelayError::NotJson {
        detail: error.to_string(),
    })?;
    let event_id =
        provider_event_id(channel.provider, headers, &body).map_err(RelayError::InvalidEventId)?;
    let outcome = state
        .queue
        .append(NewEvent {
            channel_id: channel.id,
            event_id: event_id.clone(),
            received_at,
            headers: kept_headers(headers),
            body: Vec::from(body),
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
        Err(_) => Err(RelayError::IncompleteBody),
    }
}

/// What the desktop needs to verify again and to understand the body. `Authorization` is
/// never kept: in bearer mode its value is the channel's secret.
fn kept_headers(headers: &HeaderMap) -> KeptHeaders {
    headers
        .keys()
        .filter(|name| is_kept(name))
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_string(), value.to_string()))
        })
        .collect()
}

fn is_kept(name: &HeaderName) -> bool {
    *name == header::CONTENT_TYPE
        || *name == header::USER_AGENT
        || *name == ponte_webhooks::headers::HMAC_SIGNATURE
        || name.as_str().starts_with("webhook-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_relevant_headers_are_kept_and_never_authorization() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer s3cret"),
            ("content-type", "application/json"),
            ("user-agent", "Coinzz"),
            ("webhook-id", "msg_1"),
            ("webhook-signature", "v1,abc"),
            ("x-webhook-signature", "sha256=00"),
            ("cookie", "session=1"),
            ("x-forwarded-for", "10.0.0.1"),
        ] {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let kept = kept_headers(&headers);
        assert_eq!(
            kept.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "content-type",
                "user-agent",
                "webhook-id",
                "webhook-signature",
                "x-webhook-signature"
            ]
        );
        assert!(!kept.values().any(|value| value.contains("s3cret")));
    }
}
