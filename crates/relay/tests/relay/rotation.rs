//! Rotating an ingest secret: during the overlap both the old and the new secret are
//! accepted; after it, only the new one, and the old one is purged.

use super::*;
use ponte_relay::RelayError;

#[tokio::test]
async fn old_and_new_secrets_both_work_during_the_overlap_and_only_the_new_after() {
    let h = start().await;
    for mode in AuthMode::ALL {
        let channel = h.channel(Provider::GestaoClick, mode).await;
        let rotated = h
            .relay
            .admin()
            .rotate_secret(
                &channel.channel_id,
                Duration::from_secs(24 * 3600),
                &h.relay.base_url(),
            )
            .await
            .unwrap();
        assert_ne!(rotated.secret, channel.secret);
        let (old, new) = (&channel.secret, &rotated.secret);

        h.clock.advance(TimeDelta::hours(23));
        for (name, secret) in [("old", old), ("new", new)] {
            let id = format!("{mode}-{name}-during");
            let answer = h.deliver_with(&channel, secret, &id, body(&id)).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{mode} {name}: {}",
                answer.body
            );
        }

        h.clock.advance(TimeDelta::hours(2));
        let id = format!("{mode}-old-after");
        let answer = h.deliver_with(&channel, old, &id, body(&id)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{mode}: {}",
            answer.body
        );
        let id = format!("{mode}-new-after");
        let answer = h.deliver_with(&channel, new, &id, body(&id)).await;
        assert_eq!(answer.status, StatusCode::OK, "{mode}: {}", answer.body);
        // Put the clock back for the next mode's overlap.
        h.clock.advance(TimeDelta::hours(-25));
    }
}

#[tokio::test]
async fn a_url_token_rotation_gives_a_new_ingest_url() {
    let h = start().await;
    let channel = h.channel(Provider::Coinzz, AuthMode::UrlToken).await;
    let rotated = h
        .relay
        .admin()
        .rotate_secret(&channel.channel_id, Duration::ZERO, &h.relay.base_url())
        .await
        .unwrap();
    assert!(rotated.ingest_url.ends_with(&rotated.secret));
    let order = br#"{"order":{"order_number":"o1"}}"#.to_vec();
    let new = h
        .post(&rotated.ingest_url, HeaderMap::new(), order.clone())
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    // No overlap: the old URL stops working at once.
    let old = h.post(&channel.ingest_url, HeaderMap::new(), order).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED, "{}", old.body);
}

#[tokio::test]
async fn a_second_rotation_never_extends_the_first_old_secret() {
    let h = start().await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Bearer).await;
    let admin = h.relay.admin();
    let url = h.relay.base_url();
    admin
        .rotate_secret(&channel.channel_id, Duration::from_secs(3600), &url)
        .await
        .unwrap();
    admin
        .rotate_secret(&channel.channel_id, Duration::from_secs(48 * 3600), &url)
        .await
        .unwrap();
    h.clock.advance(TimeDelta::hours(2));
    let answer = h.deliver(&channel, "first-secret").await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
}

#[tokio::test]
async fn expired_secrets_are_purged_in_the_background() {
    let mut config = config();
    config.purge_interval = Duration::from_millis(50);
    let h = start_with(config).await;
    let channel = h.channel(Provider::GestaoClick, AuthMode::Hmac).await;
    let admin = h.relay.admin();
    admin
        .rotate_secret(
            &channel.channel_id,
            Duration::from_secs(60),
            &h.relay.base_url(),
        )
        .await
        .unwrap();
    assert_eq!(admin.list().await.unwrap()[0].secrets.len(), 2);
    h.clock.advance(TimeDelta::minutes(2));
    eventually(
        Duration::from_secs(10),
        "the expired secret was not purged",
        || async { admin.list().await.unwrap()[0].secrets.len() == 1 },
    )
    .await;
}

#[tokio::test]
async fn rotating_an_unknown_channel_says_so() {
    let h = start().await;
    let result = h
        .relay
        .admin()
        .rotate_secret("ch_nope", Duration::ZERO, &h.relay.base_url())
        .await;
    assert!(matches!(result, Err(RelayError::UnknownChannel { .. })));
}
