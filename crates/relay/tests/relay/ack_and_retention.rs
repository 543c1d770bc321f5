//! Acknowledging: the backlog shrinks and a pull without `after` starts past the ack, but
//! acknowledged events stay for replay until the retention period ends; then the purge
//! removes them. Unacknowledged events are never purged.

use super::*;
use ponte_webhooks::relay_api::AckReply;

const PURGES: &str = "ponte_relay_purges_total";

#[tokio::test]
async fn an_ack_moves_the_default_start_and_the_backlog_but_keeps_events_for_replay() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let seqs: Vec<i64> = {
        let mut seqs = Vec::new();
        for i in 0..3 {
            seqs.push(h.deliver(&channel, &format!("a-{i}")).await.seq());
        }
        seqs
    };
    assert_eq!(h.pull(&channel, "").await.backlog, 3);

    let reply = h.ack(&channel, seqs[1]).await;
    assert_eq!(
        reply,
        AckReply {
            acked_seq: seqs[1],
            backlog: 1
        }
    );
    let page = h.pull(&channel, "").await;
    assert_eq!(
        page.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [seqs[2]]
    );
    assert_eq!(page.acked_seq, seqs[1]);
    assert_eq!(
        h.all_events(&channel).await.len(),
        3,
        "replay lost acked events"
    );

    // Acking again, or backwards, changes nothing.
    assert_eq!(h.ack(&channel, seqs[0]).await.acked_seq, seqs[1]);
}

#[tokio::test]
async fn an_ack_past_the_newest_event_stops_at_it() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let last = h.deliver(&channel, "only").await.seq();
    let reply = h.ack(&channel, last + 1_000).await;
    assert_eq!(reply.acked_seq, last);
    // The next event, whatever its seq, is not acknowledged in advance.
    let next = h.deliver(&channel, "next").await.seq();
    let page = h.pull(&channel, "").await;
    assert_eq!(
        page.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [next]
    );
    assert_eq!(page.backlog, 1);
}

#[tokio::test]
async fn an_ack_needs_the_pull_token() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let seq = h.deliver(&channel, "x").await.seq();
    let url = format!(
        "{}/v1/channels/{}/ack",
        h.relay.base_url(),
        channel.channel_id
    );
    let response = h
        .http
        .post(&url)
        .bearer_auth(&channel.secret)
        .json(&serde_json::json!({ "up_to": seq }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = h
        .http
        .post(&url)
        .bearer_auth(&channel.pull_token)
        .json(&serde_json::json!({ "upto": seq }))
        .send()
        .await
        .unwrap();
    let answer = answer(response).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(answer.code(), "invalid_request");
    assert_eq!(h.pull(&channel, "").await.backlog, 1);
}

#[tokio::test]
async fn acked_events_are_purged_after_the_retention_and_unacked_ones_stay() {
    let mut config = config();
    config.retention = Duration::from_secs(3600);
    config.purge_interval = Duration::from_millis(50);
    let h = start_with(config).await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let acked = h.deliver(&channel, "acked").await.seq();
    let pending = h.deliver(&channel, "pending").await.seq();
    h.ack(&channel, acked).await;

    h.clock.advance(TimeDelta::minutes(59));
    // Two more runs: at least one started after the clock moved.
    let runs = h.metric(PURGES).await.unwrap_or(0.0);
    eventually(Duration::from_secs(10), "the purge did not run", || async {
        h.metric(PURGES).await.unwrap_or(0.0) >= runs + 2.0
    })
    .await;
    assert_eq!(
        h.all_events(&channel).await.len(),
        2,
        "purged before the retention"
    );

    h.clock.advance(TimeDelta::minutes(2));
    eventually(
        Duration::from_secs(10),
        "the acked event outlived its retention",
        || async { h.all_events(&channel).await.len() == 1 },
    )
    .await;
    let page = h.pull(&channel, "after=0").await;
    assert_eq!(page.events[0].seq, pending);
    assert_eq!(page.backlog, 1);
    assert_eq!(page.acked_seq, acked);
}
