//! The HTTP server: starting it on an address, the route table (every API route with and
//! without the `/api` prefix, reads and the titles' PUT, plus the admin routes) and
//! graceful shutdown.

mod admin;
mod admin_records;
mod admin_writes;
mod api;
mod listing;
mod query;
mod replies;
mod select;
mod writes;

use crate::config::SandboxConfig;
use crate::generate;
use crate::handle::SandboxHandle;
use crate::state::SharedState;
use crate::summary::{DatasetSummary, summarize};
use axum::Router;
use axum::routing::get;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Sandbox;

impl Sandbox {
    /// Generates the dataset and serves it on `addr` (`127.0.0.1:0` picks a free port).
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> io::Result<RunningSandbox> {
        let (seed, scale, today) = (config.seed, config.scale, config.today);
        let dataset = tokio::task::spawn_blocking(move || generate::dataset(seed, scale, today))
            .await
            .map_err(io::Error::other)?;
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(SharedState::new(config, dataset));
        let app = router(state.clone());
        let (shutdown, shutdown_requested) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender means the RunningSandbox was dropped: stop too.
                    shutdown_requested.await.ok();
                })
                .await
        });
        tracing::debug!(%addr, "ponte-sandbox listening");
        Ok(RunningSandbox {
            addr,
            handle: SandboxHandle { state },
            shutdown,
            server,
        })
    }

    /// The summary of the dataset `config` generates, without serving it.
    pub fn summary(config: &SandboxConfig) -> DatasetSummary {
        let dataset = generate::dataset(config.seed, config.scale, config.today);
        summarize(&dataset)
    }
}

fn router(state: Arc<SharedState>) -> Router {
    Router::new()
        .route("/{resource}", get(api::list))
        .route("/{resource}/{id}", get(api::get_one).put(writes::put_one))
        .route("/api/{resource}", get(api::list))
        .route(
            "/api/{resource}/{id}",
            get(api::get_one).put(writes::put_one),
        )
        .merge(admin::routes())
        .merge(admin_records::routes())
        .merge(admin_writes::routes())
        .with_state(state)
}

/// A sandbox being served. Dropping it stops the server as well.
pub struct RunningSandbox {
    addr: SocketAddr,
    handle: SandboxHandle,
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<io::Result<()>>,
}

impl RunningSandbox {
    /// What a client puts before `/clientes`, e.g. `http://127.0.0.1:8787/api`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn handle(&self) -> SandboxHandle {
        self.handle.clone()
    }

    /// Stops accepting connections and waits for the ones in flight.
    pub async fn shutdown(self) {
        // The server may already be gone, in which case there is nothing to stop.
        self.shutdown.send(()).ok();
        match self.server.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!(%error, "ponte-sandbox stopped with an error"),
            Err(error) => tracing::warn!(%error, "ponte-sandbox server task failed"),
        }
    }
}
