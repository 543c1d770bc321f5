//! Ingest throughput: the same signed webhooks (same bytes, same headers) POSTed by the
//! same keep-alive clients, first to a plain axum hello-world that reads the body and
//! answers a tiny JSON (the floor: loopback HTTP, axum and the client alone), then to the
//! relay, which looks the channel up, verifies the HMAC, parses the JSON and answers only
//! after its group commit (`synchronous=FULL`) has reached the disk. Both serve from this
//! process's runtime, one after the other, each after an untimed warm-up.

use super::Options;
use super::load;
use super::rig::RelayRig;
use super::webhooks::{self, Signed, Targets};
use crate::error::BenchError;
use crate::report::{Line, line};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::post;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Untimed requests sent to each server first: connections opened, caches warm.
const WARMUP: usize = 1_000;

/// The floor: the same route shape as the relay's ingest, no work behind it.
struct HelloWorld {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
}

async fn hello(Path(_channel): Path<String>, body: Bytes) -> Json<Value> {
    Json(json!({"status": "ok", "bytes": body.len()}))
}

impl HelloWorld {
    async fn start() -> Result<HelloWorld, BenchError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let app = Router::new().route("/hooks/{channel}", post(hello));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    stopped.await.ok();
                })
                .await
        });
        Ok(HelloWorld { addr, stop, server })
    }

    async fn shutdown(self) -> Result<(), BenchError> {
        self.stop.send(()).ok();
        self.server.await??;
        Ok(())
    }
}

/// `(commits, events committed)` so far, from the relay's own `/metrics`.
async fn commits(http: &reqwest::Client, base_url: &str) -> Result<(f64, f64), BenchError> {
    let text = http
        .get(format!("{base_url}/metrics"))
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    let value = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok((
        value("ponte_relay_commit_batch_size_count"),
        value("ponte_relay_commit_batch_size_sum"),
    ))
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let rig = RelayRig::start().await?;
    let signed = webhooks::batch(
        "ingest",
        0..WARMUP + options.requests,
        &Targets::unmirrored(),
        &rig.channel.secret,
    )?;
    let body_bytes = signed.iter().map(|s| s.body.len()).sum::<usize>() / signed.len().max(1);
    let (warmup, timed) = signed.split_at(WARMUP.min(signed.len()));
    let (warmup, timed): (Arc<[Signed]>, Arc<[Signed]>) = (warmup.into(), timed.into());
    let http = load::client()?;

    let floor_server = HelloWorld::start().await?;
    let floor_url = format!(
        "http://{}/hooks/{}",
        floor_server.addr, rig.channel.channel_id
    );
    load::drive(&http, &floor_url, warmup.clone(), options.clients).await?;
    let floor = load::drive(&http, &floor_url, timed.clone(), options.clients).await?;
    floor_server.shutdown().await?;

    let url = &rig.channel.ingest_url;
    load::drive(&http, url, warmup, options.clients).await?;
    let before = commits(&http, &rig.relay.base_url()).await?;
    let relay = load::drive(&http, url, timed, options.clients).await?;
    let after = commits(&http, &rig.relay.base_url()).await?;
    rig.shutdown().await;
    let commits = after.0 - before.0;
    let per_commit = (after.1 - before.1) / commits.max(1.0);

    let how = format!(
        "{} signed POSTs of ~{body_bytes} B, {} keep-alive clients",
        options.requests, options.clients
    );
    Ok(vec![
        line(
            "relay ingest: req/s ÷ axum hello-world",
            format!("{:.3}", relay.per_second() / floor.per_second()),
            "≥ 0.25",
            format!(
                "{how}: relay {}; hello-world {}",
                relay.summary(),
                floor.summary()
            ),
        ),
        line(
            "relay ingest: p99 latency",
            format!("{:.2} ms", relay.ms(0.99)),
            "≤ 20 ms",
            format!(
                "p50 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms; {commits:.0} group commits of {per_commit:.1} events on average; hello-world p99 {:.2} ms",
                relay.ms(0.5),
                relay.ms(0.999),
                relay.latency_us.max() as f64 / 1000.0,
                floor.ms(0.99)
            ),
        ),
    ])
}
