//! Waking across relays: a pull waiting on relay A answers when relay B commits (NOTIFY),
//! still answers with notices off (the backstop re-read), and a channel changed through
//! one relay is seen by the other.

use super::*;
use std::time::Instant;

/// Until relay's `/metrics` shows a waiting pull: the pull subscribed and read nothing.
async fn until_waiting(cluster: &Cluster, relay: &RunningRelay) {
    eventually(Duration::from_secs(10), "the pull never waited", || async {
        cluster.metric(relay, "ponte_relay_pulls_waiting").await == Some(1.0)
    })
    .await;
}

/// Holds a pull on A, ingests on B, and returns how long the pull took to answer after
/// B's 2xx, with the events it got.
async fn wake_across(cluster: &Cluster) -> (Duration, EventPage) {
    let channel = cluster.channel().await;
    let waiting = {
        let (http, base_url, channel) =
            (cluster.http.clone(), cluster.a.base_url(), channel.clone());
        tokio::spawn(async move {
            let page = pull(&http, &base_url, &channel, "after=0&wait=30").await;
            (Instant::now(), page)
        })
    };
    until_waiting(cluster, &cluster.a).await;
    assert_eq!(
        cluster.deliver(&cluster.b, &channel, "across-1").await,
        StatusCode::OK
    );
    let stored_at = Instant::now();
    let (answered_at, page) = waiting.await.unwrap();
    (answered_at.saturating_duration_since(stored_at), page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_on_one_relay_wakes_on_an_ingest_on_the_other() {
    let mut a = config();
    // Far beyond the bound below: only the notice can wake the pull in time.
    a.pull_recheck = Duration::from_secs(60);
    let cluster = Cluster::start(a, config()).await;
    let (took, page) = wake_across(&cluster).await;
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].seq, 1);
    // The bound for a cross-relay wake: within 1 s of the ingest on the other relay.
    assert!(took < Duration::from_secs(1), "woke after {took:?}");
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_notices_a_waiting_pull_still_answers_within_the_backstop() {
    let mut a = config();
    a.store_notices = false;
    let recheck = a.pull_recheck;
    let cluster = Cluster::start(a, config()).await;
    let (took, page) = wake_across(&cluster).await;
    assert_eq!(page.events.len(), 1);
    // The bound with NOTIFY off: the backstop interval, plus a generous margin
    // for a loaded machine (two cores shared by the whole test run).
    let bound = recheck + Duration::from_millis(1_500);
    assert!(
        took < bound,
        "answered after {took:?}, backstop {recheck:?}"
    );
    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_rotated_or_deleted_on_one_relay_is_seen_by_the_other_within_a_second() {
    let cluster = Cluster::start(config(), config()).await;
    let channel = cluster.channel().await;
    // B has the channel (and its secret) in its cache now.
    assert_eq!(
        cluster.deliver(&cluster.b, &channel, "before").await,
        StatusCode::OK
    );
    let rotated = cluster
        .a
        .admin()
        .rotate_secret(&channel.channel_id, Duration::ZERO, &cluster.a.base_url())
        .await
        .unwrap();
    let changed = Instant::now();
    let with_new_secret = ChannelCredentials {
        secret: rotated.secret,
        ..channel.clone()
    };
    eventually(
        Duration::from_secs(10),
        "B never took the new secret",
        || async { cluster.deliver(&cluster.b, &with_new_secret, "after").await == StatusCode::OK },
    )
    .await;
    // The bound for a channel change to reach every relay.
    assert!(
        changed.elapsed() < Duration::from_secs(1),
        "{:?}",
        changed.elapsed()
    );

    cluster.a.admin().delete(&channel.channel_id).await.unwrap();
    let deleted = Instant::now();
    eventually(Duration::from_secs(10), "B still ingests", || async {
        cluster.deliver(&cluster.b, &with_new_secret, "gone").await == StatusCode::NOT_FOUND
    })
    .await;
    assert!(
        deleted.elapsed() < Duration::from_secs(1),
        "{:?}",
        deleted.elapsed()
    );
    cluster.stop().await;
}
