//! The load: `clients` tasks sharing one keep-alive HTTP client (one connection each, to
//! one URL or, split evenly, to several), each POSTing the next unsent webhook as soon as
//! its previous one is answered, until all are sent. Every answer must be a 2xx; each
//! one's latency goes into a histogram.

use super::webhooks::Signed;
use crate::error::BenchError;
use hdrhistogram::Histogram;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// Latencies are recorded in microseconds, up to a minute, to 3 significant digits.
const MAX_LATENCY_US: u64 = 60_000_000;

/// The bench's HTTP client, the same for the relay and its floor.
pub fn client() -> Result<reqwest::Client, BenchError> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?)
}

pub struct Load {
    pub sent: usize,
    pub elapsed: Duration,
    pub latency_us: Histogram<u64>,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.sent as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at `quantile` (0.5, 0.99), in milliseconds.
    pub fn ms(&self, quantile: f64) -> f64 {
        self.latency_us.value_at_quantile(quantile) as f64 / 1000.0
    }

    /// `N/s, p50 x ms, p99 y ms`
    pub fn summary(&self) -> String {
        format!(
            "{:.0}/s, p50 {:.2} ms, p99 {:.2} ms",
            self.per_second(),
            self.ms(0.5),
            self.ms(0.99)
        )
    }
}

pub fn histogram() -> Result<Histogram<u64>, BenchError> {
    Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
        .map_err(|error| BenchError::RelayBench(format!("histogram: {error}")))
}

/// Sends every webhook in `requests` to `url` from `clients` concurrent tasks.
pub async fn drive(
    http: &reqwest::Client,
    url: &str,
    requests: Arc<[Signed]>,
    clients: usize,
) -> Result<Load, BenchError> {
    drive_split(http, &[url.to_string()], requests, clients).await
}

/// The same, the clients split evenly over `urls` (client `i` sends to `urls[i % n]`): one
/// load over several relays behind an imaginary load balancer.
pub async fn drive_split(
    http: &reqwest::Client,
    urls: &[String],
    requests: Arc<[Signed]>,
    clients: usize,
) -> Result<Load, BenchError> {
    if urls.is_empty() {
        return Err(BenchError::RelayBench("a load needs a URL".into()));
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for client in 0..clients.max(1) {
        let (http, url, requests, next) = (
            http.clone(),
            urls[client % urls.len()].clone(),
            requests.clone(),
            next.clone(),
        );
        tasks.spawn(async move {
            let mut latency_us = histogram()?;
            while let Some(request) = requests.get(next.fetch_add(1, Ordering::Relaxed)) {
                let sent_at = Instant::now();
                post(&http, &url, request).await?;
                latency_us.saturating_record(sent_at.elapsed().as_micros() as u64);
            }
            Ok::<_, BenchError>(latency_us)
        });
    }
    let mut latency_us = histogram()?;
    while let Some(joined) = tasks.join_next().await {
        latency_us
            .add(joined??)
            .map_err(|error| BenchError::RelayBench(format!("histogram: {error}")))?;
    }
    Ok(Load {
        sent: requests.len(),
        elapsed: started.elapsed(),
        latency_us,
    })
}

/// One POST, answered 2xx and read to the end (so the connection is reused).
pub async fn post(http: &reqwest::Client, url: &str, request: &Signed) -> Result<(), BenchError> {
    let response = http
        .post(url)
        .headers(request.headers.clone())
        .body(request.body.clone())
        .send()
        .await?;
    let status = response.status();
    let answer = response.bytes().await?;
    if !status.is_success() {
        return Err(BenchError::RelayBench(format!(
            "{url} answered {status} to {}: {}",
            request.event_id,
            String::from_utf8_lossy(&answer)
        )));
    }
    Ok(())
}
