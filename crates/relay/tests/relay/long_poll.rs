//! The long-poll: a pull answers at once when events exist after `after`; otherwise it
//! waits, and an ingest that commits on its channel wakes it well before its `wait`.
//! Shutdown answers waiting pulls at once.

use super::*;

const WAITING: &str = "ponte_relay_pulls_waiting";

#[tokio::test]
async fn a_waiting_pull_is_woken_by_an_ingest_on_its_channel() {
    let h = Arc::new(start().await);
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let pull = {
        let (h, channel) = (h.clone(), channel.clone());
        tokio::spawn(async move { h.pull(&channel, "after=0&wait=60").await })
    };
    eventually(
        Duration::from_secs(10),
        "the pull never started waiting",
        || async { h.metric(WAITING).await == Some(1.0) },
    )
    .await;

    let stored = h.deliver(&channel, "wake-1").await.seq();
    // The pull asked for 60 s; answering within 10 means the commit woke it.
    let page = within(
        Duration::from_secs(10),
        "the ingest did not wake the pull",
        pull,
    )
    .await
    .unwrap();
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].seq, stored);
    assert_eq!(page.next_after, stored);
    assert_eq!(page.backlog, 1);
    assert_eq!(
        h.metric(r#"ponte_relay_pull_waits_total{outcome="woken"}"#)
            .await,
        Some(1.0)
    );
}

#[tokio::test]
async fn an_ingest_on_another_channel_does_not_answer_a_pull() {
    let h = Arc::new(start().await);
    let watched = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let other = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let pull = {
        let (h, channel) = (h.clone(), watched.clone());
        tokio::spawn(async move { h.pull(&channel, "after=0&wait=60").await })
    };
    eventually(
        Duration::from_secs(10),
        "the pull never started waiting",
        || async { h.metric(WAITING).await == Some(1.0) },
    )
    .await;
    h.deliver(&other, "elsewhere").await;
    h.deliver(&watched, "here").await;
    let page = within(Duration::from_secs(10), "the pull was not woken", pull)
        .await
        .unwrap();
    let ids: Vec<_> = page.events.iter().map(|e| e.event_id.clone()).collect();
    assert_eq!(ids, [Some("here".to_string())]);
}

#[tokio::test]
async fn a_pull_with_events_after_its_seq_answers_without_waiting() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    h.deliver(&channel, "ready").await;
    let page = within(
        Duration::from_secs(10),
        "a pull with events ready waited",
        h.pull(&channel, "after=0&wait=60"),
    )
    .await;
    assert_eq!(page.events.len(), 1);
}

#[tokio::test]
async fn a_pull_with_nothing_new_answers_empty_when_its_wait_ends() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let seq = h.deliver(&channel, "old").await.seq();
    let page = h.pull(&channel, &format!("after={seq}&wait=1")).await;
    assert!(page.events.is_empty());
    assert_eq!(page.next_after, seq);
    assert_eq!(
        h.metric(r#"ponte_relay_pull_waits_total{outcome="timed_out"}"#)
            .await,
        Some(1.0)
    );
}

#[tokio::test]
async fn limit_and_after_page_through_the_events_in_seq_order() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    for i in 0..5 {
        h.deliver(&channel, &format!("p-{i}")).await;
    }
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = h.pull(&channel, &format!("after={after}&limit=2")).await;
        if page.events.is_empty() {
            break;
        }
        assert!(page.events.len() <= 2);
        seen.extend(page.events.iter().map(|e| e.event_id.clone().unwrap()));
        after = page.next_after;
    }
    assert_eq!(seen, ["p-0", "p-1", "p-2", "p-3", "p-4"]);
}

#[tokio::test]
async fn a_pull_needs_its_channels_pull_token() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let other = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    for token in [other.pull_token.as_str(), channel.secret.as_str(), ""] {
        let answer = h.pull_raw(&channel.channel_id, token, "after=0").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
        assert_eq!(answer.code(), "invalid_pull_token");
    }
    let answer = h.pull_raw("ch_nope", &channel.pull_token, "after=0").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = h
        .pull_raw(&channel.channel_id, &channel.pull_token, "after=soon")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(answer.code(), "invalid_request");
}

#[tokio::test]
async fn shutdown_answers_a_waiting_pull_at_once() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let url = format!(
        "{}/v1/channels/{}/events?after=0&wait=60",
        h.relay.base_url(),
        channel.channel_id
    );
    let pull = tokio::spawn(h.http.get(url).bearer_auth(&channel.pull_token).send());
    eventually(
        Duration::from_secs(10),
        "the pull never started waiting",
        || async { h.metric(WAITING).await == Some(1.0) },
    )
    .await;
    within(
        Duration::from_secs(10),
        "shutdown waited for the pull",
        h.relay.shutdown(),
    )
    .await;
    let response = within(Duration::from_secs(10), "the pull got no answer", pull)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page: EventPage = response.json().await.unwrap();
    assert!(page.events.is_empty());
}
