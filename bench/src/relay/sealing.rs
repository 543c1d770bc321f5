//! The cost of sealing: relay ingest with sealing ÷ ingest without. The relay has no switch
//! to turn sealing off (a channel without a key takes nothing), so ingest without it cannot
//! be run; subtracting a seal's time from a request's latency would not be honest either,
//! as under load the relay's time goes to many requests at once. What is measured instead
//! is a bound that holds either way: `C`, the CPU time per event of this whole process
//! while the relay on SQLite takes the 64-client load (load generator, relay and SQLite all
//! run in it), and `s`, the CPU time per event of the seal the relay does, timed on the
//! same payloads with as many threads as cores, all busy. The relay seals in sessions
//! (`ponte_relay`'s `SealingSessions`: one HPKE setup per channel and recipient set every
//! 10 minutes or 100,000 events, then symmetric work per event), so `s` is
//! `SealingSession::seal` per event plus the session's setup spread over the events of one
//! run. If the ingest is CPU-bound, taking `s` away speeds it up by at most `C / (C − s)`,
//! so the ratio is at least `(C − s) / C`; if it waits on disk flushes, sealing hides in
//! the wait and costs less still. CPU time rather than wall time, so whatever else shares
//! the machine does not skew one measurement more than the other. The relay's rate when it
//! seals to one key more is printed beside it: a recipient more costs one key wrap.

use super::Options;
use super::cpu;
use super::ingest::Measured;
use super::relays::Setup;
use super::webhooks::{self, Signed, Targets};
use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_webhooks::seal::{PublicKey, SealContext, SealedContent, SealingKeyPair, SealingSession};
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

    fn seal(&self, session: &SealingSession) -> Result<(), BenchError> {
        let context = SealContext {
            channel_id: "bench-seal",
            event_id: &self.event_id,
        };
        session.seal(&self.content, &context)?;
        Ok(())
    }
}

/// Seals every payload once, spread over `threads` threads, each with a session of its own
/// as each relay holds its own; the CPU time they spent, the sessions' setups included.
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
                    let warm = SealingSession::new(recipients)?;
                    for payload in mine().take(WARMUP) {
                        payload.seal(&warm)?;
                    }
                    let before = cpu::thread()?;
                    let session = SealingSession::new(recipients)?;
                    for payload in mine() {
                        payload.seal(&session)?;
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

/// CPU time of a session's seal per payload, to `keys` keys, its setup spread over them.
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
    let cpu_us = ingest.cpu_per_event.as_secs_f64() * 1e6;
    let ratio = (cpu_us - seal_us) / cpu_us;
    let (r1, r2) = (ingest.per_second, more.per_second);
    let cpu_more_us = more.cpu_per_event.as_secs_f64() * 1e6;
    Ok(vec![line(
        "sealing: ingest with it ÷ without it",
        format!("≥ {ratio:.3}"),
        "≥ 0.9",
        format!(
            "(C − s)/C with C = {cpu_us:.0} µs CPU per event of the relay on SQLite under the 64-client load (load generator, relay and SQLite in this process) and s = {seal_us:.1} µs CPU per event sealing {} payloads of ~{bytes} B to {keys} key(s) in sessions on {cores} threads ({seal_more_us:.1} µs to {}); the relay took {r1:.0}/s sealing to {keys} key(s), {r2:.0}/s to {} (C = {cpu_more_us:.0} µs); {cores} cores shared by the load generator, the relay and SQLite",
            options.requests,
            keys + 1,
            keys + 1,
        ),
    )])
}
