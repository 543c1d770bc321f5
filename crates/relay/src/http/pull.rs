//! `GET /v1/channels/{channel}/events` (the long-poll) and `POST .../ack`, both with the
//! channel's pull token as `Authorization: Bearer`.
//!
//! A pull answers at once when there are events after `after`; otherwise it subscribes to
//! the channel's commit signal, waits up to `wait` seconds (capped), and answers the
//! moment an ingest commits. It subscribes before reading, so a commit that lands between
//! the read and the wait still wakes it. Another relay's commit wakes it through the
//! store's notices, and in any case it re-reads every `RelayConfig::pull_recheck`.
//!
//! Events go out as stored: `sealed` (with empty `headers` and `body_base64`), or, for the
//! plaintext ones a relay held from before sealing, in the clear.

use super::AppState;
use crate::channels::token_matches;
use crate::config::MAX_WAIT_CAP;
use crate::error::{RelayError, Result};
use crate::metrics::{RelayMetrics, WaitEnd};
use crate::store::{StoredEvent, StoredPayload};
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ponte_webhooks::bearer_token;
use ponte_webhooks::relay_api::{AckReply, AckRequest, EventPage, PulledEvent, SealedPayload};
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1_000;

#[derive(Debug, Deserialize)]
pub(super) struct PullQuery {
    /// Events with a greater seq; by default, the channel's acknowledged seq.
    after: Option<i64>,
    limit: Option<u32>,
    /// Seconds to hold when there is nothing yet; 0 (the default) answers at once.
    wait: Option<u64>,
}

pub(super) async fn events(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    query: std::result::Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<EventPage>> {
    let Query(query) = query.map_err(|rejection| RelayError::InvalidRequest {
        detail: rejection.body_text(),
    })?;
    authenticate(&state, &channel, &headers).await?;
    let unknown = || RelayError::UnknownChannel {
        id: channel.clone(),
    };
    let after = match query.after {
        Some(after) => after,
        None => {
            state
                .store
                .cursor(&channel)
                .await?
                .ok_or_else(unknown)?
                .acked_seq
        }
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let wait = Duration::from_secs(query.wait.unwrap_or(0)).min(MAX_WAIT_CAP);

    let mut commits = state.signals.subscribe(&channel);
    let mut events = state.store.events_after(&channel, after, limit).await?;
    if events.is_empty() && !wait.is_zero() {
        events = wait_for_events(&state, &channel, after, limit, wait, &mut commits).await?;
    }
    let cursor = state.store.cursor(&channel).await?.ok_or_else(unknown)?;
    Ok(Json(EventPage {
        next_after: events.last().map_or(after, |event| event.seq),
        events: events.into_iter().map(pulled).collect(),
        acked_seq: cursor.acked_seq,
        backlog: cursor.backlog,
    }))
}

pub(super) async fn ack(
    State(state): State<Arc<AppState>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    request: std::result::Result<Json<AckRequest>, JsonRejection>,
) -> Result<Json<AckReply>> {
    let Json(request) = request.map_err(|rejection| RelayError::InvalidRequest {
        detail: rejection.body_text(),
    })?;
    authenticate(&state, &channel, &headers).await?;
    let cursor = state
        .store
        .ack(&channel, request.up_to, state.clock.now())
        .await?
        .ok_or_else(|| RelayError::UnknownChannel {
            id: channel.clone(),
        })?;
    Ok(Json(AckReply {
        acked_seq: cursor.acked_seq,
        backlog: cursor.backlog,
    }))
}

pub(super) async fn authenticate(
    state: &AppState,
    channel_id: &str,
    headers: &HeaderMap,
) -> Result<()> {
    let channel =
        state
            .store
            .channel(channel_id)
            .await?
            .ok_or_else(|| RelayError::UnknownChannel {
                id: channel_id.to_string(),
            })?;
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .ok_or(RelayError::InvalidPullToken)?;
    if token_matches(&channel.pull_token_sha256, presented) {
        Ok(())
    } else {
        Err(RelayError::InvalidPullToken)
    }
}

async fn wait_for_events(
    state: &AppState,
    channel: &str,
    after: i64,
    limit: u32,
    wait: Duration,
    commits: &mut watch::Receiver<i64>,
) -> Result<Vec<StoredEvent>> {
    let mut waiting = WaitRecord::start(&state.metrics);
    let deadline = tokio::time::Instant::now() + wait;
    let every = state.signals.recheck();
    let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            // A closed signal (impossible while this receiver lives) just disables this
            // branch: the wait then ends by the deadline or the shutdown.
            Ok(()) = commits.changed() => {
                let events = state.store.events_after(channel, after, limit).await?;
                if !events.is_empty() {
                    waiting.end = WaitEnd::Woken;
                    return Ok(events);
                }
            }
            // The backstop: another relay's commit whose notice never came.
            _ = recheck.tick() => {
                let events = state.store.events_after(channel, after, limit).await?;
                if !events.is_empty() {
                    waiting.end = WaitEnd::Woken;
                    return Ok(events);
                }
            }
            () = tokio::time::sleep_until(deadline) => {
                waiting.end = WaitEnd::TimedOut;
                return Ok(Vec::new());
            }
            () = state.shutdown.cancelled() => {
                waiting.end = WaitEnd::Cancelled;
                return Ok(Vec::new());
            }
        }
    }
}

/// Counts a wait in the metrics however it ends, even when the client goes away and the
/// handler is dropped mid-wait.
struct WaitRecord<'a> {
    metrics: &'a RelayMetrics,
    started: Instant,
    end: WaitEnd,
}

impl<'a> WaitRecord<'a> {
    fn start(metrics: &'a RelayMetrics) -> WaitRecord<'a> {
        metrics.wait_started();
        WaitRecord {
            metrics,
            started: Instant::now(),
            end: WaitEnd::Abandoned,
        }
    }
}

impl Drop for WaitRecord<'_> {
    fn drop(&mut self) {
        self.metrics
            .wait_ended(self.end, self.started.elapsed().as_secs_f64());
    }
}

fn pulled(event: StoredEvent) -> PulledEvent {
    let (headers, body_base64, sealed) = match event.payload {
        StoredPayload::Sealed { key_ids, envelope } => (
            Default::default(),
            String::new(),
            Some(SealedPayload {
                key_ids,
                sealed_base64: STANDARD.encode(&envelope),
            }),
        ),
        StoredPayload::Unsealed { headers, body } => (headers, STANDARD.encode(&body), None),
    };
    PulledEvent {
        seq: event.seq,
        event_id: event.event_id,
        received_at: event.received_at,
        headers,
        body_base64,
        sealed,
    }
}
