//! Starting a relay on an address, and stopping it cleanly: stop accepting, let requests
//! in flight finish (waiting pulls answer at once), commit what the writer still holds,
//! then close the store.

use crate::channels::ChannelAdmin;
use crate::clock::Clock;
use crate::commits::CommitSignals;
use crate::config::{Provisioning, RelayConfig};
use crate::error::{RelayError, Result};
use crate::http::{AppState, router};
use crate::limiter::{ChannelLimiter, FailureLimiter};
use crate::metrics::RelayMetrics;
use crate::retention::Purger;
use crate::sealing_sessions::{SealingSessions, SessionLimits};
use crate::store::{CachedChannels, EventStore};
use crate::writer::IngestQueue;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::{CancellationToken, DropGuard};

pub struct Relay;

impl Relay {
    /// Serves `store` on `config.addr` (`127.0.0.1:0` picks a free port) until
    /// `RunningRelay::shutdown`.
    pub async fn start(
        config: RelayConfig,
        store: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<RunningRelay> {
        let cached = Arc::new(CachedChannels::new(store));
        let store: Arc<dyn EventStore> = cached.clone();
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| RelayError::Listen {
                    addr: config.addr,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| RelayError::Listen {
            addr: config.addr,
            source,
        })?;
        let shutdown = CancellationToken::new();
        let connections = config.connections;
        let signals = Arc::new(CommitSignals::new(config.pull_recheck));
        // Other relays on the same database: their commits and channel changes.
        let notices = if config.store_notices {
            store.notices(shutdown.clone()).await?
        } else {
            None
        };
        let notices = notices.map(|receiver| {
            tokio::spawn(crate::notices::forward(
                receiver,
                signals.clone(),
                cached.clone(),
            ))
        });
        let metrics = Arc::new(RelayMetrics::new(&config.relay_id));
        let limiter = Arc::new(ChannelLimiter::new(config.rate_limit, config.relay_count));
        let (queue, writer) = IngestQueue::start(store.clone(), signals.clone(), metrics.clone());
        let purger = tokio::spawn(
            Purger {
                store: store.clone(),
                clock: clock.clone(),
                limiter: limiter.clone(),
                metrics: metrics.clone(),
                retention: config.retention,
                interval: config.purge_interval,
            }
            .run(shutdown.clone()),
        );
        let app = router(Arc::new(AppState {
            store: store.clone(),
            clock: clock.clone(),
            queue,
            signals,
            limiter,
            failures: FailureLimiter::new(config.failed_auth_limit),
            behind_proxy: config.behind_proxy,
            relay_id: config.relay_id.clone(),
            metrics: metrics.clone(),
            sealing: SealingSessions::new(SessionLimits::default()),
            provisioning: config.provisioning.map(|provisioning| {
                if provisioning.public_url.is_empty() {
                    Provisioning {
                        public_url: format!("http://{addr}"),
                        ..provisioning
                    }
                } else {
                    provisioning
                }
            }),
            shutdown: shutdown.clone(),
        }));
        let stop = shutdown.clone();
        // The router owns the writer's only sender: when the server is done and the router
        // dropped, the writer commits what is queued and ends.
        let server = tokio::spawn(crate::http::serve(
            listener,
            app,
            connections,
            metrics,
            stop,
        ));
        tracing::info!(%addr, "ponte-relay listening");
        Ok(RunningRelay {
            addr,
            stop_on_drop: shutdown.drop_guard(),
            server,
            writer,
            purger,
            notices,
            store,
            clock,
        })
    }
}

/// A relay being served. Dropping it stops the server too, without waiting.
pub struct RunningRelay {
    addr: SocketAddr,
    stop_on_drop: DropGuard,
    server: JoinHandle<std::io::Result<()>>,
    writer: JoinHandle<()>,
    purger: JoinHandle<()>,
    /// Forwards the store's notices; ends once the shutdown stops the store's listener.
    notices: Option<JoinHandle<()>>,
    store: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
}

impl RunningRelay {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, with no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Channel administration on the same store and clock.
    pub fn admin(&self) -> ChannelAdmin {
        ChannelAdmin::new(self.store.clone(), self.clock.clone())
    }

    /// Stops accepting, waits for requests in flight and for the writer to commit what
    /// it holds, then closes the store.
    pub async fn shutdown(self) {
        let shutdown = self.stop_on_drop.disarm();
        shutdown.cancel();
        match self.server.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!(%error, "the server stopped with an error"),
            Err(error) => tracing::warn!(%error, "the server task failed"),
        }
        if let Err(error) = self.writer.await {
            tracing::warn!(%error, "the ingest writer failed");
        }
        if let Err(error) = self.purger.await {
            tracing::warn!(%error, "the purge task failed");
        }
        if let Some(notices) = self.notices
            && let Err(error) = notices.await
        {
            tracing::warn!(%error, "the store notices task failed");
        }
        self.store.close().await;
        tracing::info!("ponte-relay stopped");
    }
}
