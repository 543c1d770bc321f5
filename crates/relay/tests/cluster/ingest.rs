//! Ingest through both relays at once: one event id sent to both is stored once, and a
//! concurrent stream to 50 channels leaves every channel with seqs 1..n and every
//! acknowledged event pullable exactly once.

use super::*;
use std::collections::{BTreeMap, HashSet};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_event_id_sent_to_both_relays_at_once_is_stored_once_and_both_answer_200() {
    let cluster = Cluster::start(config(), config()).await;
    let channel = cluster.channel().await;
    for round in 0..10 {
        let id = format!("both-{round}");
        let (a, b) = tokio::join!(
            cluster.deliver(&cluster.a, &channel, &id),
            cluster.deliver(&cluster.b, &channel, &id),
        );
        assert_eq!((a, b), (StatusCode::OK, StatusCode::OK), "{id}");
    }
    let page = cluster
        .pull(&cluster.b, &channel, "after=0&limit=1000")
        .await;
    let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=10).collect::<Vec<_>>());
    cluster.stop().await;
}

const CHANNELS: usize = 50;
const EVENTS_PER_CHANNEL: usize = 12;
const WORKERS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_ingest_to_50_channels_through_both_relays_leaves_no_gap() {
    let cluster = Arc::new(Cluster::start(config(), config()).await);
    let mut channels = Vec::new();
    for _ in 0..CHANNELS {
        channels.push(cluster.channel().await);
    }
    let jobs: Vec<(usize, usize)> = (0..EVENTS_PER_CHANNEL)
        .flat_map(|event| (0..CHANNELS).map(move |channel| (channel, event)))
        .collect();
    let jobs = Arc::new(std::sync::Mutex::new(jobs));
    let channels = Arc::new(channels);
    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let (cluster, channels, jobs) = (cluster.clone(), channels.clone(), jobs.clone());
        workers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            loop {
                let Some((channel, event)) = jobs.lock().unwrap().pop() else {
                    return acknowledged;
                };
                let relay = if (worker + event) % 2 == 0 {
                    &cluster.a
                } else {
                    &cluster.b
                };
                let id = format!("c{channel}-e{event}");
                let status = cluster.deliver(relay, &channels[channel], &id).await;
                if status.is_success() {
                    acknowledged.push((channel, id));
                }
            }
        }));
    }
    let mut expected: BTreeMap<usize, HashSet<String>> = BTreeMap::new();
    for worker in workers {
        for (channel, id) in worker.await.unwrap() {
            assert!(expected.entry(channel).or_default().insert(id));
        }
    }
    for (index, channel) in channels.iter().enumerate() {
        // Read through the relay that did not create the channel, half of them.
        let relay = if index % 2 == 0 {
            &cluster.a
        } else {
            &cluster.b
        };
        let page = cluster.pull(relay, channel, "after=0&limit=1000").await;
        let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
        let n = i64::try_from(page.events.len()).unwrap();
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "channel {index}: a gap");
        let pulled: Vec<String> = page
            .events
            .iter()
            .map(|e| e.event_id.clone().unwrap())
            .collect();
        let unique: HashSet<String> = pulled.iter().cloned().collect();
        assert_eq!(unique.len(), pulled.len(), "channel {index}: pulled twice");
        assert_eq!(
            unique,
            expected.remove(&index).unwrap_or_default(),
            "channel {index}: 2xx events and stored events differ"
        );
    }
    Arc::into_inner(cluster)
        .unwrap_or_else(|| panic!("a worker kept the cluster"))
        .stop()
        .await;
}
