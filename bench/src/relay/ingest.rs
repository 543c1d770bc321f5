//! Ingest throughput: the same signed webhooks (same bytes, same headers) POSTed by the
//! same keep-alive clients, first to a plain axum hello-world that reads the body and
//! answers a tiny JSON (the floor: loopback HTTP, axum and the client alone), then to each
//! setup of relays in turn: one on SQLite, one on PostgreSQL, two on one PostgreSQL
//! database with the clients split over both. A relay looks the channel up, verifies the
//! HMAC, parses the JSON and answers only after its group commit has reached the disk
//! (SQLite `synchronous=FULL`; PostgreSQL `synchronous_commit=on` on a cluster with fsync
//! on). Everything serves from this process's runtime, one setup after the other, each
//! after an untimed warm-up, each on a fresh database; PostgreSQL's server processes share
//! the same cores. The relay on SQLite then takes the load once more, its channel sealing
//! to one key more, for the cost of sealing (`sealing.rs`).

use super::Options;
use super::cpu;
use super::load::{self, Load};
use super::relays::{Relays, Setup};
use super::webhooks::{self, Signed, Targets};
use crate::error::BenchError;
use crate::report::{Line, line};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::post;
use ponte_relay::ChannelCredentials;
use ponte_webhooks::relay_api::{EventPage, KeyRole, RecipientKey, RegisterKeysRequest};
use ponte_webhooks::seal::SealingKeyPair;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Untimed requests sent to each server first: connections opened, caches warm.
const WARMUP: usize = 1_000;

/// The setups measured, in this order.
const SETUPS: [Setup; 3] = [Setup::Sqlite, Setup::Postgres, Setup::TwoPostgres];

/// One setup's result, for the lines and for the cost of sealing.
pub struct Measured {
    pub setup: Setup,
    pub per_second: f64,
    /// CPU time this process spent per timed event: the load generator's and the relay's,
    /// and SQLite's, which runs in it (not PostgreSQL's, which runs in its own processes).
    pub cpu_per_event: Duration,
    /// How many keys the relay sealed a stored event to; `None` if it stored plaintext.
    pub sealed_to: Option<usize>,
    /// The relay on SQLite only: the same load again once the channel seals to one key
    /// more (a recovery key), for the cost of sealing.
    pub one_key_more: Option<OneKeyMore>,
}

pub struct OneKeyMore {
    pub per_second: f64,
    pub cpu_per_event: Duration,
}

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

/// `(commits, events committed)` so far, summed over the relays' `/metrics` (each series
/// carries a `relay` label).
async fn commits(http: &reqwest::Client, relays: &Relays) -> Result<(f64, f64), BenchError> {
    let mut total = (0.0, 0.0);
    for rig in relays.all() {
        let text = http
            .get(format!("{}/metrics", rig.relay.base_url()))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        let value = |name: &str| {
            text.lines()
                .find_map(|line| {
                    let rest = line.strip_prefix(name)?;
                    if !(rest.starts_with(' ') || rest.starts_with('{')) {
                        return None;
                    }
                    line.rsplit(' ').next()?.parse::<f64>().ok()
                })
                .unwrap_or(0.0)
        };
        total.0 += value("ponte_relay_commit_batch_size_count");
        total.1 += value("ponte_relay_commit_batch_size_sum");
    }
    Ok(total)
}

/// Whether the relay stored the channel's first event sealed, and to how many keys: what
/// the cost of sealing is computed from (see `sealing.rs`).
async fn sealed_to(
    http: &reqwest::Client,
    base_url: &str,
    channel: &ChannelCredentials,
) -> Result<Option<usize>, BenchError> {
    let page: EventPage = http
        .get(format!(
            "{base_url}/v1/channels/{}/events?after=0&limit=1",
            channel.channel_id
        ))
        .bearer_auth(&channel.pull_token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let event = page
        .events
        .first()
        .ok_or_else(|| BenchError::RelayBench("the ingested events were not served".into()))?;
    Ok(event.sealed.as_ref().map(|sealed| sealed.key_ids.len()))
}

/// The SQLite relay's load again, its channel now sealing to `keys + 1` keys (the desktop's
/// and recovery keys, registered as a desktop does), on new event ids: `sealing.rs` reads
/// what one HPKE recipient more costs the relay under this load. The database already
/// holds the first run's events, which if anything slows this run: the cost is overstated.
async fn with_one_key_more(
    options: &Options,
    http: &reqwest::Client,
    relays: &Relays,
    range: std::ops::Range<usize>,
    keys: usize,
) -> Result<OneKeyMore, BenchError> {
    let rig = &relays.a;
    let mut recipients = vec![RecipientKey::new(
        SealingKeyPair::generate().public(),
        KeyRole::Desktop,
    )];
    recipients.extend(
        (0..keys)
            .map(|_| RecipientKey::new(SealingKeyPair::generate().public(), KeyRole::Recovery)),
    );
    http.put(format!(
        "{}/v1/channels/{}/keys",
        rig.relay.base_url(),
        rig.channel.channel_id
    ))
    .bearer_auth(&rig.channel.pull_token)
    .json(&RegisterKeysRequest { keys: recipients })
    .send()
    .await?
    .error_for_status()?;
    let signed = webhooks::batch(
        "ingest-more-keys",
        range,
        &Targets::unmirrored(),
        &rig.channel.secret,
    )?;
    let (warmup, timed) = split(signed);
    let urls = relays.ingest_urls();
    load::drive_split(http, &urls, warmup, options.clients).await?;
    let cpu_before = cpu::process()?;
    let load = load::drive_split(http, &urls, timed, options.clients).await?;
    let cpu = cpu::process()?.saturating_sub(cpu_before);
    Ok(OneKeyMore {
        per_second: load.per_second(),
        cpu_per_event: cpu / u32::try_from(load.sent.max(1)).unwrap_or(u32::MAX),
    })
}

/// Warm-up and timed halves of `signed`.
fn split(signed: Vec<Signed>) -> (Arc<[Signed]>, Arc<[Signed]>) {
    let (warmup, timed) = signed.split_at(WARMUP.min(signed.len()));
    (warmup.into(), timed.into())
}

/// What the cores are shared by, for the detail column.
pub fn machine(relays: &str, storage: &str) -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cores} cores shared by the load generator, {relays} and {storage}")
}

pub async fn run(options: &Options) -> Result<(Vec<Line>, Vec<Measured>), BenchError> {
    let http = load::client()?;
    let range = 0..WARMUP + options.requests;

    // The floor verifies nothing: any secret gives the same sizes.
    let floor_signed = webhooks::batch("ingest", range.clone(), &Targets::unmirrored(), "floor")?;
    let body_bytes =
        floor_signed.iter().map(|s| s.body.len()).sum::<usize>() / floor_signed.len().max(1);
    let (warmup, timed) = split(floor_signed);
    let floor_server = HelloWorld::start().await?;
    let floor_url = format!("http://{}/hooks/floor", floor_server.addr);
    load::drive(&http, &floor_url, warmup, options.clients).await?;
    let floor = load::drive(&http, &floor_url, timed, options.clients).await?;
    floor_server.shutdown().await?;

    let mut lines = Vec::new();
    let mut measured = Vec::new();
    for setup in SETUPS {
        let relays = Relays::start(setup).await?;
        let signed = webhooks::batch(
            "ingest",
            range.clone(),
            &Targets::unmirrored(),
            &relays.a.channel.secret,
        )?;
        let (warmup, timed) = split(signed);
        let urls = relays.ingest_urls();
        load::drive_split(&http, &urls, warmup, options.clients).await?;
        let before = commits(&http, &relays).await?;
        let cpu_before = cpu::process()?;
        let relay = load::drive_split(&http, &urls, timed, options.clients).await?;
        let cpu = cpu::process()?.saturating_sub(cpu_before);
        let after = commits(&http, &relays).await?;
        let pulled = relays.pulled_from();
        let sealed = sealed_to(&http, &pulled.relay.base_url(), &pulled.channel).await?;
        let one_key_more = match (setup, sealed) {
            (Setup::Sqlite, Some(keys)) => {
                Some(with_one_key_more(options, &http, &relays, range.clone(), keys).await?)
            }
            _ => None,
        };
        let storage = relays.storage();
        relays.shutdown().await?;
        lines.extend(setup_lines(
            options,
            setup,
            &relay,
            &floor,
            (after.0 - before.0, after.1 - before.1),
            &format!("{body_bytes} B"),
            &storage,
        ));
        measured.push(Measured {
            setup,
            per_second: relay.per_second(),
            cpu_per_event: cpu / u32::try_from(relay.sent.max(1)).unwrap_or(u32::MAX),
            sealed_to: sealed,
            one_key_more,
        });
    }
    Ok((lines, measured))
}

fn setup_lines(
    options: &Options,
    setup: Setup,
    relay: &Load,
    floor: &Load,
    (commits, committed): (f64, f64),
    body: &str,
    storage: &str,
) -> Vec<Line> {
    let label = setup.label();
    let relays = match setup {
        Setup::TwoPostgres => "both relays",
        Setup::Sqlite | Setup::Postgres => "the relay",
    };
    let split = match setup {
        Setup::TwoPostgres => " split over both relays (one channel, served by both)",
        Setup::Sqlite | Setup::Postgres => "",
    };
    let how = format!(
        "{} signed POSTs of ~{body}, {} keep-alive clients{split}; {}",
        options.requests,
        options.clients,
        machine(relays, storage)
    );
    vec![
        line(
            &format!("ingest, {label}: req/s ÷ hello-world"),
            format!("{:.3}", relay.per_second() / floor.per_second()),
            // Issue 20 raised it from 0.25.
            "≥ 0.5",
            format!(
                "{how}: relay {}; axum hello-world {}",
                relay.summary(),
                floor.summary()
            ),
        ),
        line(
            &format!("ingest, {label}: p99 latency"),
            format!("{:.2} ms", relay.ms(0.99)),
            "≤ 20 ms",
            format!(
                "p50 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms; {commits:.0} group commits of {:.1} events on average; hello-world p99 {:.2} ms",
                relay.ms(0.5),
                relay.ms(0.999),
                relay.latency_us.max() as f64 / 1000.0,
                committed / commits.max(1.0),
                floor.ms(0.99)
            ),
        ),
    ]
}
