//! The relay's HTTP/1 serve loop, built to survive hostile connections: slow or idle
//! ones are timed out, their number is capped, and accept errors never spin.
//!
//! - **Header read:** hyper closes a connection whose request head is not complete
//!   `header_read_timeout` after it opened, or after the previous answer on a keep-alive
//!   connection.
//! - **Idle:** a connection with no request running and no byte moving either way for
//!   `idle_timeout` is closed. A long-poll in progress is a request running, so it is
//!   never cut.
//! - **Body read:** `tower_http`'s request-body timeout; ingest answers 408 after it.
//! - **Cap:** at most `max_connections` (lowered to fit the process's file limit, so
//!   accept never meets EMFILE first). At the cap, a new connection evicts the oldest
//!   connection that has no request running (a stalled or idle one, as nginx reuses
//!   keep-alive connections); the attacker's stalled connections go before a provider's.
//!   When every connection is busy, a few more (`HEALTH_HEADROOM`) are served for
//!   `/healthz` only and answer 503 JSON elsewhere; beyond them a connection is answered
//!   503 and closed at once.
//!
//! Shutdown keeps axum's semantics: stop accepting, then let every connection finish what
//! it is doing (waiting pulls answer at once, through `AppState::shutdown`).

use crate::config::ConnectionLimits;
use crate::metrics::{RelayMetrics, Shed};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tower::Service;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Connections served for `/healthz` only once the cap is reached and none can be
/// evicted: a load balancer still learns the relay is alive, only busy.
pub const HEALTH_HEADROOM: usize = 8;

/// File descriptors kept out of the connection cap: the database (and its WAL), the
/// listener, logs, the headroom, and what the runtime and resolver open.
const RESERVED_FDS: u64 = 64;

/// The header-read timeout of a headroom connection: those few places must not be held
/// by the same stalled heads that filled the others.
const HEADROOM_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(2);

/// How long to pause after an accept error such as EMFILE: long enough not to spin, short
/// enough that serving resumes as soon as a descriptor is free.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The answer of a connection refused at the door, written without reading its request.
const OVERLOADED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\nconnection: close\r\ncontent-length: 91\r\n\r\n\
{\"code\":\"overloaded\",\"message\":\"O relay est\xc3\xa1 sobrecarregado. Tente de novo em instantes.\"}";

/// Serves `app` on `listener` until `shutdown` is cancelled, then waits for the open
/// connections to finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    metrics: Arc<RelayMetrics>,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let app = app.layer(RequestBodyTimeoutLayer::new(limits.body_read_timeout));
    let cap = fitted_cap(limits.max_connections);
    let registry = Arc::new(Registry::new(cap, metrics));
    let graceful = GracefulShutdown::new();
    tracing::info!(max_connections = cap, "accepting connections");
    loop {
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_per_connection(&error) => continue,
                Err(error) => {
                    tracing::warn!(%error, "accept failed; pausing before the next one");
                    tokio::select! {
                        () = shutdown.cancelled() => break,
                        () = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                    }
                }
            },
        };
        let Some(slot) = registry.admit() else {
            // Best effort: the socket buffer of a fresh connection has room for it.
            let _ = stream.try_write(OVERLOADED);
            continue;
        };
        // Answers are small and written whole: waiting to coalesce them only adds latency.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let watcher = graceful.watcher();
        let app = app.clone();
        tokio::spawn(async move {
            let restricted = slot.restricted;
            let tracker = slot.tracker.clone();
            let io = TokioIo::new(Watched {
                inner: stream,
                tracker: tracker.clone(),
            });
            let service = hyper::service::service_fn(move |request| {
                handle(app.clone(), tracker.clone(), peer, restricted, request)
            });
            let header_read_timeout = if restricted {
                limits.header_read_timeout.min(HEADROOM_HEADER_READ_TIMEOUT)
            } else {
                limits.header_read_timeout
            };
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout)
                .keep_alive(!restricted);
            let connection = watcher.watch(http.serve_connection(io, service));
            tokio::select! {
                result = connection => {
                    if let Err(error) = result {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                }
                () = slot.tracker.evicted.cancelled() => {
                    tracing::debug!("connection evicted to make room");
                }
                () = idle(&slot.tracker, limits.idle_timeout) => {
                    tracing::debug!("idle connection closed");
                }
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// One request through the router, counted as running on its connection until its
/// answer is ready (writing the answer counts as bytes moving).
async fn handle(
    mut app: Router,
    tracker: Arc<Tracker>,
    peer: SocketAddr,
    restricted: bool,
    mut request: Request<Incoming>,
) -> Result<Response<Body>, std::convert::Infallible> {
    if restricted && request.uri().path() != "/healthz" {
        return Ok(overloaded());
    }
    request.extensions_mut().insert(ConnectInfo(peer));
    let _running = tracker.request_started();
    // `Router` is always ready, so calling it without `poll_ready` is allowed.
    app.call(request).await
}

fn overloaded() -> Response<Body> {
    let body = axum::Json(ponte_webhooks::relay_api::ErrorReply {
        code: "overloaded".to_string(),
        message: "O relay está sobrecarregado. Tente de novo em instantes.".to_string(),
    });
    let mut response = axum::response::IntoResponse::into_response(body);
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    response
}

/// Resolves once the connection has had no request running and no byte moving for
/// `timeout`.
async fn idle(tracker: &Tracker, timeout: Duration) {
    loop {
        let quiet_since = tracker.last_active();
        tokio::time::sleep_until(quiet_since + timeout).await;
        if tracker.running.load(Ordering::Acquire) == 0 && tracker.last_active() == quiet_since {
            return;
        }
        if tracker.running.load(Ordering::Acquire) > 0 {
            // A running request (a long-poll) is not idleness: look again later.
            tracker.touch();
        }
    }
}

/// Errors of one incoming connection, not of the listener: the next accept may succeed.
fn is_per_connection(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    )
}

/// `wanted`, lowered so that the connections, the headroom and the relay's own files fit
/// under the soft limit of open files.
fn fitted_cap(wanted: usize) -> usize {
    let Some(soft) = rustix::process::getrlimit(rustix::process::Resource::Nofile).current else {
        return wanted.max(1);
    };
    let room = soft.saturating_sub(RESERVED_FDS + HEALTH_HEADROOM as u64);
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    if room < wanted {
        tracing::warn!(
            wanted,
            open_files_limit = soft,
            "max connections lowered to fit the open files limit; raise LimitNOFILE to serve more"
        );
    }
    wanted.min(room).max(1)
}

/// The open connections, oldest first, and the headroom in use.
struct Registry {
    cap: usize,
    state: Mutex<RegistryState>,
    metrics: Arc<RelayMetrics>,
}

struct RegistryState {
    next_id: u64,
    open: BTreeMap<u64, Arc<Tracker>>,
    headroom: usize,
}

impl Registry {
    fn new(cap: usize, metrics: Arc<RelayMetrics>) -> Registry {
        Registry {
            cap,
            metrics,
            state: Mutex::new(RegistryState {
                next_id: 0,
                open: BTreeMap::new(),
                headroom: 0,
            }),
        }
    }

    /// A place for a new connection, evicting the oldest one with no request running when
    /// at the cap; `None` when there is no room at all.
    fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let tracker = Arc::new(Tracker::new());
        if state.open.len() >= self.cap {
            let evictable = state
                .open
                .iter()
                .find(|(_, tracker)| tracker.running.load(Ordering::Acquire) == 0)
                .map(|(id, _)| *id);
            match evictable {
                Some(id) => {
                    if let Some(evicted) = state.open.remove(&id) {
                        evicted.evicted.cancel();
                    }
                    self.metrics.shed(Shed::Evicted);
                }
                None if state.headroom < HEALTH_HEADROOM => {
                    state.headroom += 1;
                    self.metrics.shed(Shed::Headroom);
                    self.metrics.connection_opened();
                    return Some(Slot {
                        registry: self.clone(),
                        id: None,
                        restricted: true,
                        tracker,
                    });
                }
                None => {
                    self.metrics.shed(Shed::Refused);
                    return None;
                }
            }
        }
        self.metrics.connection_opened();
        let id = state.next_id;
        state.next_id += 1;
        state.open.insert(id, tracker.clone());
        Some(Slot {
            registry: self.clone(),
            id: Some(id),
            restricted: false,
            tracker,
        })
    }
}

/// A connection's place in the registry, given back when its task ends.
struct Slot {
    registry: Arc<Registry>,
    /// `None` for a headroom connection.
    id: Option<u64>,
    restricted: bool,
    tracker: Arc<Tracker>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self
            .registry
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.registry.metrics.connection_closed();
        match self.id {
            Some(id) => {
                state.open.remove(&id);
            }
            None => state.headroom -= 1,
        }
    }
}

/// What one connection is doing: requests running, when a byte last moved, and whether it
/// was evicted.
struct Tracker {
    running: AtomicUsize,
    last_active: Mutex<Instant>,
    evicted: CancellationToken,
}

impl Tracker {
    fn new() -> Tracker {
        Tracker {
            running: AtomicUsize::new(0),
            last_active: Mutex::new(Instant::now()),
            evicted: CancellationToken::new(),
        }
    }

    fn touch(&self) {
        *self
            .last_active
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    fn last_active(&self) -> Instant {
        *self
            .last_active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn request_started(self: &Arc<Self>) -> Running {
        self.running.fetch_add(1, Ordering::AcqRel);
        self.touch();
        Running(self.clone())
    }
}

/// A request running on a connection; the connection is not idle while it lives.
struct Running(Arc<Tracker>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.touch();
        self.0.running.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The TCP stream, noting every byte that moves so idleness can be told.
struct Watched {
    inner: TcpStream,
    tracker: Arc<Tracker>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.tracker.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.tracker.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.tracker.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canned_overloaded_answer_declares_its_exact_length() {
        let text = std::str::from_utf8(OVERLOADED).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let reply: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(reply["code"], "overloaded");
    }

    #[tokio::test]
    async fn at_the_cap_the_oldest_idle_connection_is_evicted_and_busy_ones_are_not() {
        let registry = Arc::new(Registry::new(2, Arc::new(RelayMetrics::new("test"))));
        let first = registry.admit().unwrap();
        let second = registry.admit().unwrap();
        let _busy = first.tracker.request_started();
        let third = registry.admit().unwrap();
        assert!(!first.tracker.evicted.is_cancelled(), "busy: kept");
        assert!(
            second.tracker.evicted.is_cancelled(),
            "oldest idle: evicted"
        );
        let _busy_too = third.tracker.request_started();
        let headroom: Vec<Slot> = (0..HEALTH_HEADROOM)
            .map(|_| registry.admit().unwrap())
            .collect();
        assert!(headroom.iter().all(|slot| slot.restricted));
        assert!(registry.admit().is_none(), "beyond the headroom: refused");
        drop(headroom);
        assert!(registry.admit().is_some_and(|slot| slot.restricted));
    }
}
