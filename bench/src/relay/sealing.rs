//! The cost of sealing: relay ingest with sealing ÷ ingest without. The relay has no switch
//! to turn sealing off (a channel without a key takes nothing), so ingest without it cannot
//! be measured on the relay; subtracting a seal's time from a request's latency would not
//! be honest either, as under load the relay's time goes to many requests at once. What
//! can be measured is how the relay's throughput answers to more sealing work: the relay
//! on SQLite takes the 64-client load sealing to `k` keys (rate `R1`), then again sealing
//! to `k + 1` (`R2`; see `ingest.rs`). One recipient more is one HPKE seal of the content
//! key more, the bulk of a seal's work; `seal()` itself is timed on the same payloads, in
//! CPU time (as many threads as cores, all busy): `s_k` and `s_k+1` per event, so one
//! recipient costs `h = s_k+1 − s_k`. The relay's wall time per event grows by
//! `1/R2 − 1/R1` for `h` more CPU, so sealing as a whole costs it `s_k / h` times that,
//! and the ratio is `1 − (s_k / h) × (R1/R2 − 1)`. That holds whether the ingest is
//! CPU-bound or waits on disk flushes (where sealing hides in the wait), since it is the
//! relay's own answer; it assumes only that the cost is linear in the seal's work.
//!
//! Printed beside it: the lower bound that assumes the ingest CPU-bound, `(C − s_k) / C`
//! with `C` the CPU time per event of this whole process during the first load (load
//! generator, relay and SQLite all run in it), and the issue's
//! `1 − s_k × R1 / cores`, the same with `C` taken as `cores / R1`, which holds only when
//! nothing else uses the cores. CPU time rather than wall time, so whatever else shares
//! the machine does not skew one measurement more than the other.

use super::Options;
use super::cpu;
use super::ingest::Measured;
use super::relays::Setup;
use super::webhooks::{self, Signed, Targets};
use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_webhooks::seal::{PublicKey, SealContext, SealedContent, SealingKeyPair, seal};
use std::time::Duration;

/// Seals done untimed first, on each thread.
const WARMUP: usize = 200;

/// What one payload is sealed from: the headers the relay keeps and the body.
struct Payload {
    event_id: String,
    content: SealedContent,
}

impl Payload {
    fn of(signed: &Signed) -> Payload {
        let headers = signed
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
            .collect();
        Payload {
            event_id: signed.event_id.clone(),
            content: SealedContent {
                headers,
                body: signed.body.to_vec(),
            },
        }
    }

    fn seal(&self, recipients: &[PublicKey]) -> Result<(), BenchError> {
        let context = SealContext {
            channel_id: "bench-seal",
            event_id: &self.event_id,
        };
        seal(&self.content, &context, recipients)?;
        Ok(())
    }
}

/// Seals every payload once, spread over `threads` threads; the CPU time they spent.
fn seal_all(
    payloads: &[Payload],
    recipients: &[PublicKey],
    threads: usize,
) -> Result<Duration, BenchError> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    let mine = || payloads.iter().skip(first).step_by(threads);
                    for payload in mine().take(WARMUP) {
                        payload.seal(recipients)?;
                    }
                    let before = cpu::thread()?;
                    for payload in mine() {
                        payload.seal(recipients)?;
                    }
                    Ok::<_, BenchError>(cpu::thread()?.saturating_sub(before))
                })
            })
            .collect();
        workers
            .into_iter()
            .try_fold(Duration::ZERO, |total, worker| {
                let spent = worker
                    .join()
                    .map_err(|_| BenchError::RelayBench("a sealing thread panicked".into()))??;
                Ok(total + spent)
            })
    })
}

/// CPU time of `seal()` per payload, to `keys` keys.
async fn seal_cpu(payloads: &std::sync::Arc<[Payload]>, keys: usize) -> Result<f64, BenchError> {
    let recipients: Vec<PublicKey> = (0..keys)
        .map(|_| SealingKeyPair::generate().public().clone())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let count = payloads.len().max(1) as f64;
    let payloads = payloads.clone();
    // CPU-bound threads, off the runtime's workers.
    let spent =
        tokio::task::spawn_blocking(move || seal_all(&payloads, &recipients, cores)).await??;
    Ok(spent.as_secs_f64() * 1e6 / count)
}

pub async fn run(options: &Options, measured: &[Measured]) -> Result<Vec<Line>, BenchError> {
    let ingest = measured
        .iter()
        .find(|m| m.setup == Setup::Sqlite)
        .ok_or_else(|| BenchError::RelayBench("the SQLite ingest was not measured".into()))?;
    let (Some(keys), Some(more)) = (ingest.sealed_to, ingest.one_key_more.as_ref()) else {
        return Err(BenchError::RelayBench(
            "the relay stored the ingested events unsealed: there is no sealing to measure".into(),
        ));
    };
    let signed = webhooks::batch("seal", 0..options.requests, &Targets::unmirrored(), "seal")?;
    let payloads: std::sync::Arc<[Payload]> = signed.iter().map(Payload::of).collect();
    let bytes = signed.iter().map(|s| s.body.len()).sum::<usize>() / signed.len().max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let seal_us = seal_cpu(&payloads, keys).await?;
    let seal_more_us = seal_cpu(&payloads, keys + 1).await?;
    let recipient_us = seal_more_us - seal_us;
    if recipient_us <= 0.0 {
        return Err(BenchError::RelayBench(format!(
            "sealing to {} keys took no more CPU than to {keys} ({seal_more_us:.0} µs vs {seal_us:.0} µs): run again on a quieter machine",
            keys + 1
        )));
    }
    let (r1, r2) = (ingest.per_second, more.per_second);
    let ratio = 1.0 - seal_us / recipient_us * (r1 / r2 - 1.0);
    let cpu_us = ingest.cpu_per_event.as_secs_f64() * 1e6;
    let cpu_more_us = more.cpu_per_event.as_secs_f64() * 1e6;
    let by_cpu = (cpu_us - seal_us) / cpu_us;
    let by_rate = 1.0 - seal_us * r1 / (cores as f64 * 1e6);
    Ok(vec![line(
        "sealing: ingest with it ÷ without it",
        format!("{ratio:.3}"),
        "≥ 0.9",
        format!(
            "relay on SQLite, 64-client load sealing to {keys} key(s): {r1:.0}/s, to {}: {r2:.0}/s; seal() of {} payloads of ~{bytes} B on {cores} threads: {seal_us:.0} µs CPU to {keys} key(s), {seal_more_us:.0} µs to {}; ratio 1 − (s_k/h)(R1/R2 − 1); lower bound if CPU-bound (C − s)/C = {by_cpu:.3} with C = {cpu_us:.0} µs CPU per event in this process ({cpu_more_us:.0} µs with a key more); by rate 1 − s·R/cores = {by_rate:.3}; {cores} cores shared by the load generator, the relay and SQLite",
            keys + 1,
            options.requests,
            keys + 1,
        ),
    )])
}
