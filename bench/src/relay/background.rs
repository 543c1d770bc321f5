//! The background load of the latency measurement: HMAC-signed Gestão Click webhooks at a
//! steady rate (1,000 a second by default), spread over channels of their own on the same
//! relay, which no desktop follows. The measured channel's webhooks then meet a relay that
//! is verifying, sealing and committing other channels' events all the time, as a relay
//! serving many desktops does.
//!
//! `SENDERS` tasks share the rate, each on its own clock, their ticks staggered so that the
//! POSTs leave about evenly spaced rather than in bursts of `SENDERS`. A sender that falls
//! behind (a slow answer) catches up with back-to-back POSTs, so the rate holds on average;
//! the rate actually sent is measured and printed.

use super::load;
use super::rig::RelayRig;
use super::webhooks::{self, Targets};
use crate::error::BenchError;
use ponte_webhooks::{AuthMode, Provider};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

/// Concurrent senders: enough that one slow answer does not hold the rate back.
const SENDERS: usize = 16;

pub struct Background {
    stop: Arc<AtomicBool>,
    started: Instant,
    channels: usize,
    senders: JoinSet<Result<u64, BenchError>>,
}

/// What the background load sent, for the detail column.
pub struct Sent {
    pub per_second: f64,
    pub channels: usize,
}

impl Background {
    /// Opens `channels` channels on `rig`'s relay and starts sending `rate` webhooks a
    /// second over them, until `stop`.
    pub async fn start(
        rig: &RelayRig,
        rate: u64,
        channels: usize,
    ) -> Result<Background, BenchError> {
        let mut opened = Vec::with_capacity(channels);
        for _ in 0..channels.max(1) {
            opened.push(
                rig.open_channel(Provider::GestaoClick, AuthMode::Hmac)
                    .await?,
            );
        }
        let http = load::client()?;
        let stop = Arc::new(AtomicBool::new(false));
        let period = Duration::from_secs_f64(SENDERS as f64 / rate.max(1) as f64);
        let start = tokio::time::Instant::now();
        let mut senders = JoinSet::new();
        for sender in 0..SENDERS {
            let channel = opened[sender % opened.len()].clone();
            let (http, stop) = (http.clone(), stop.clone());
            let first = start + period.mul_f64(sender as f64 / SENDERS as f64);
            senders.spawn(async move {
                let mut pace = tokio::time::interval_at(first, period);
                pace.set_missed_tick_behavior(MissedTickBehavior::Burst);
                let targets = Targets::unmirrored();
                let run = format!("background-{sender}");
                let mut sent = 0;
                while !stop.load(Ordering::Relaxed) {
                    pace.tick().await;
                    // Signed now, not ahead: the load lasts as long as the measurement.
                    let (event_id, body) = webhooks::envelope(&run, sent, &targets);
                    let signed = webhooks::signed(AuthMode::Hmac, &channel.secret, event_id, body)?;
                    load::post(&http, &channel.ingest_url, &signed).await?;
                    sent += 1;
                }
                Ok(sent as u64)
            });
        }
        Ok(Background {
            stop,
            started: Instant::now(),
            channels: opened.len(),
            senders,
        })
    }

    /// Stops the senders (each after its POST in flight) and says what they sent.
    pub async fn stop(mut self) -> Result<Sent, BenchError> {
        self.stop.store(true, Ordering::Relaxed);
        let mut sent = 0;
        while let Some(joined) = self.senders.join_next().await {
            sent += joined??;
        }
        Ok(Sent {
            per_second: sent as f64 / self.started.elapsed().as_secs_f64(),
            channels: self.channels,
        })
    }
}
