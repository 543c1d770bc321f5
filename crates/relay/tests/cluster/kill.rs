//! SIGKILL of one of two relays mid-ingest: relay A runs in this process, relay B is a
//! `ponte-relay serve --database postgres://...` child killed with -9 while both take
//! concurrent signed ingests for many channels. Every event answered 2xx by either relay
//! is pulled exactly once, byte for byte, and every channel's seqs still run 1..n: B's
//! transactions cut off by the kill left nothing half-way.

use super::*;
use crate::serve::{ServeChild, relay_command};
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

const CHANNELS: usize = 10;
const WORKERS: usize = 16;
const EVENTS_PER_WORKER: usize = 60;
/// Acknowledged ingests to wait for before the kill.
const KILL_AFTER: usize = 250;

/// Event id -> (channel index, body) of every ingest answered 2xx.
type Acknowledged = BTreeMap<String, (usize, Vec<u8>)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_relay_killed_mid_ingest_loses_no_acknowledged_event_and_leaves_no_gap() {
    let database = TestDatabase::create().await;
    let a = relay(&database, config()).await;
    let mut channels = Vec::new();
    for _ in 0..CHANNELS {
        channels.push(
            a.admin()
                .create(
                    Provider::GestaoClick,
                    AuthMode::Hmac,
                    &a.base_url(),
                    &sealing::recipients(),
                )
                .await
                .unwrap(),
        );
    }
    let mut b = ServeChild::start(relay_command(&[
        "--database",
        &database.url,
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--rate",
        "100000",
        "--burst",
        "100000",
    ]))
    .await;
    let channels = Arc::new(channels);
    let acknowledged: Arc<Mutex<Acknowledged>> = Arc::default();
    let http = reqwest::Client::new();
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| {
            let (http, channels, acknowledged) =
                (http.clone(), channels.clone(), acknowledged.clone());
            let bases = [a.base_url(), b.base_url.clone()];
            tokio::spawn(async move {
                for i in 0..EVENTS_PER_WORKER {
                    let index = (worker * 7 + i) % CHANNELS;
                    let channel = &channels[index];
                    let id = format!("w{worker}-{i}");
                    let body = body(&id);
                    let headers = sign(
                        channel.auth_mode,
                        &channel.secret,
                        &Outgoing {
                            id: &id,
                            timestamp: Utc::now(),
                            body: &body,
                        },
                    )
                    .unwrap();
                    let url = ponte_webhooks::ingest_url(
                        &bases[i % 2],
                        &channel.channel_id,
                        channel.auth_mode,
                        &channel.secret,
                    );
                    let sent = http
                        .post(url)
                        .headers(headers)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    // After the kill B refuses connections, or drops one mid-answer:
                    // not acknowledged, so the event may or may not be stored.
                    if let Ok(response) = sent
                        && response.status().is_success()
                    {
                        acknowledged.lock().unwrap().insert(id, (index, body));
                    }
                }
            })
        })
        .collect();
    eventually(
        Duration::from_secs(60),
        "ingests were not being acknowledged",
        || async { acknowledged.lock().unwrap().len() >= KILL_AFTER },
    )
    .await;
    b.kill_9();
    for worker in workers {
        worker.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > KILL_AFTER, "A stopped acknowledging");

    let mut seen = HashSet::new();
    for (index, channel) in channels.iter().enumerate() {
        let page = pull(&http, &a.base_url(), channel, "after=0&limit=1000").await;
        let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
        let n = i64::try_from(seqs.len()).unwrap();
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "channel {index}: a gap");
        for event in &page.events {
            let id = event.event_id.clone().unwrap();
            assert!(seen.insert(id.clone()), "{id} stored twice");
            if let Some((sent_to, body)) = acknowledged.get(&id) {
                assert_eq!(*sent_to, index, "{id} on the wrong channel");
                let opened = sealing::open(&channels[index].channel_id, event);
                assert_eq!(&opened.body, body, "{id} changed");
            }
        }
    }
    let lost: Vec<_> = acknowledged
        .keys()
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged events were lost, e.g. {:?}",
        lost.len(),
        acknowledged.len(),
        &lost[..lost.len().min(5)]
    );
    // Counters and backlogs agree with the rows: no transaction left either half-done.
    let mut conn = database.connect().await;
    let inconsistent: Vec<String> = sqlx::query_scalar(
        "SELECT c.id FROM channels c
         WHERE c.next_seq - 1 <> (SELECT count(*) FROM events e WHERE e.channel_id = c.id)
            OR c.backlog <> (SELECT count(*) FROM events e WHERE e.channel_id = c.id)",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(inconsistent.is_empty(), "{inconsistent:?}");
    sqlx::Connection::close(conn).await.ok();
    a.shutdown().await;
    database.remove().await;
}
