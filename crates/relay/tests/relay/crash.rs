//! Kill -9 of the relay in the middle of a stream of concurrent ingests: every event that
//! got a 2xx must still be there, byte for byte, once the relay is started again on the
//! same file. (Events whose answer was lost to the kill may be there too: at-least-once.)

use super::*;
use crate::serve::{ServeChild, relay_command};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

const WORKERS: usize = 32;
/// Acknowledged ingests to wait for before the kill.
const KILL_AFTER: usize = 300;

/// `ponte-relay --db DB serve` on a free port, its rate limit lifted.
async fn serve(db: &Path) -> ServeChild {
    let db = db.display().to_string();
    ServeChild::start(relay_command(&[
        "--db",
        &db,
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--rate",
        "100000",
        "--burst",
        "100000",
    ]))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_ingest_answered_2xx_survives_a_kill_9_of_the_relay() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let created = run_cli(
        &db,
        &[
            "channel",
            "create",
            "--provider",
            "gestaoclick",
            "--auth",
            "standard",
            "--json",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let channel: Value = serde_json::from_slice(&created.stdout).unwrap();
    let channel_id = channel["channel_id"].as_str().unwrap().to_string();
    let secret = channel["secret"].as_str().unwrap().to_string();
    let pull_token = channel["pull_token"].as_str().unwrap().to_string();

    let mut relay = serve(&db).await;
    let url = format!("{}/hooks/{channel_id}", relay.base_url);
    let acknowledged: Arc<Mutex<BTreeMap<String, Vec<u8>>>> = Arc::default();
    let http = reqwest::Client::new();
    // Made by hand, so keyless until a desktop registers its key.
    sealing::register(&http, &relay.base_url, &channel_id, &pull_token).await;
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| {
            let (http, url, secret) = (http.clone(), url.clone(), secret.clone());
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                for i in 0.. {
                    let id = format!("w{worker}-{i}");
                    let body = body(&id);
                    let headers = signed(AuthMode::Standard, &secret, &id, Utc::now(), &body);
                    let sent = http
                        .post(&url)
                        .headers(headers)
                        .body(body.clone())
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status().is_success() => {
                            acknowledged.lock().unwrap().insert(id, body);
                        }
                        Ok(response) => panic!("unexpected {} before the kill", response.status()),
                        // The relay is gone: this worker's run ends.
                        Err(_) => return,
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
    relay.kill_9();
    for worker in workers {
        within(
            Duration::from_secs(30),
            "a worker outlived the relay",
            worker,
        )
        .await
        .unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    let relay = serve(&db).await;
    let mut stored: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut after = 0;
    loop {
        let page: EventPage = http
            .get(format!(
                "{}/v1/channels/{channel_id}/events?after={after}&limit=1000",
                relay.base_url
            ))
            .bearer_auth(&pull_token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if page.events.is_empty() {
            break;
        }
        for event in &page.events {
            let id = event.event_id.clone().unwrap();
            assert!(seen.insert(id.clone()), "{id} stored twice");
            stored.insert(id, sealing::open(&channel_id, event).body);
        }
        after = page.next_after;
    }
    let lost: Vec<_> = acknowledged
        .keys()
        .filter(|id| !stored.contains_key(*id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged events were lost, e.g. {:?}",
        lost.len(),
        acknowledged.len(),
        &lost[..lost.len().min(5)]
    );
    for (id, body) in &acknowledged {
        assert_eq!(&stored[id], body, "{id} changed");
    }
}
