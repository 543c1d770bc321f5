//! Channels a desktop opens and closes itself: `POST /v1/channels` with the account
//! token hands out working credentials once; a wrong or missing token, or a relay started
//! without one, creates nothing; `DELETE` with the channel's pull token removes it. The
//! desktop's keys come with the request, and the channel seals to them from its first
//! event; bad keys create nothing.

use super::*;
use ponte_relay::Provisioning;
use ponte_webhooks::relay_api::CreateChannelRequest;

const ACCOUNT_TOKEN: &str = "conta-de-teste-0123456789";
const PUBLIC_URL: &str = "https://relay.example.com";

async fn provisioning_relay() -> Harness {
    let mut config = config();
    config.provisioning = Some(Provisioning::new(ACCOUNT_TOKEN, PUBLIC_URL));
    start_with(config).await
}

impl Harness {
    async fn create_channel(&self, token: Option<&str>, request: &serde_json::Value) -> Answer {
        let mut post = self
            .http
            .post(format!("{}/v1/channels", self.relay.base_url()))
            .json(request);
        if let Some(token) = token {
            post = post.bearer_auth(token);
        }
        answer(post.send().await.unwrap()).await
    }

    async fn delete_channel(&self, channel_id: &str, token: &str) -> Answer {
        let response = self
            .http
            .delete(format!(
                "{}/v1/channels/{channel_id}",
                self.relay.base_url()
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    async fn channel_count(&self) -> usize {
        self.relay.admin().list().await.unwrap().len()
    }
}

fn coinzz_url_token() -> serde_json::Value {
    serde_json::to_value(CreateChannelRequest {
        provider: Provider::Coinzz,
        auth_mode: AuthMode::UrlToken,
        sealing_keys: sealing::recipients(),
    })
    .unwrap()
}

#[tokio::test]
async fn the_account_token_creates_a_channel_that_ingests_and_pulls() {
    let harness = provisioning_relay().await;
    let created = harness
        .create_channel(Some(ACCOUNT_TOKEN), &coinzz_url_token())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let channel: ChannelCredentials = serde_json::from_str(&created.body).unwrap();
    assert_eq!(channel.provider, Provider::Coinzz);
    assert_eq!(channel.auth_mode, AuthMode::UrlToken);
    assert_eq!(
        channel.ingest_url,
        format!(
            "{PUBLIC_URL}/hooks/{}/{}",
            channel.channel_id, channel.secret
        )
    );

    // The public URL is the one providers reach; here the relay is on loopback.
    let delivered = harness.deliver(&channel, "venda-1").await;
    assert_eq!(delivered.status, StatusCode::OK, "{}", delivered.body);
    let events = harness.all_events(&channel).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].sealed.as_ref().unwrap().key_ids,
        [sealing::desktop_key().id().to_string()]
    );
    assert_eq!(
        sealing::open(&channel.channel_id, &events[0]).body,
        body("venda-1")
    );
}

#[tokio::test]
async fn bad_sealing_keys_create_no_channel() {
    let harness = provisioning_relay().await;
    let mut request = coinzz_url_token();
    request["sealing_keys"][0]["public_key"] = "bm90IGEga2V5".into();
    let refused = harness.create_channel(Some(ACCOUNT_TOKEN), &request).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_eq!(refused.code(), "invalid_sealing_keys");
    assert_eq!(harness.channel_count().await, 0);
}

#[tokio::test]
async fn a_wrong_or_missing_account_token_creates_nothing() {
    let harness = provisioning_relay().await;
    for token in [Some("outro-token"), Some(""), None] {
        let refused = harness.create_channel(token, &coinzz_url_token()).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(refused.code(), "invalid_account_token");
        assert!(!refused.body.contains("conta-de-teste"), "{}", refused.body);
    }
    assert_eq!(harness.channel_count().await, 0);
}

#[tokio::test]
async fn an_unknown_provider_or_mode_is_a_clear_400() {
    let harness = provisioning_relay().await;
    for request in [
        serde_json::json!({"provider": "mercadopago", "auth_mode": "url_token"}),
        serde_json::json!({"provider": "coinzz", "auth_mode": "senha"}),
        serde_json::json!({"provider": "coinzz"}),
    ] {
        let refused = harness.create_channel(Some(ACCOUNT_TOKEN), &request).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{request}");
        assert_eq!(refused.code(), "invalid_request");
    }
    assert_eq!(harness.channel_count().await, 0);
}

#[tokio::test]
async fn a_relay_without_an_account_token_creates_no_channel() {
    let harness = start().await;
    let refused = harness
        .create_channel(Some(ACCOUNT_TOKEN), &coinzz_url_token())
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.code(), "provisioning_disabled");
    assert_eq!(harness.channel_count().await, 0);
}

#[tokio::test]
async fn the_pull_token_deletes_its_own_channel_and_no_other() {
    let harness = provisioning_relay().await;
    let mine = harness.channel(Provider::Coinzz, AuthMode::UrlToken).await;
    let other = harness.channel(Provider::Coinzz, AuthMode::UrlToken).await;
    harness.deliver(&mine, "venda-1").await;

    let refused = harness
        .delete_channel(&other.channel_id, &mine.pull_token)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.code(), "invalid_pull_token");

    let deleted = harness
        .delete_channel(&mine.channel_id, &mine.pull_token)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
    let channels = harness.relay.admin().list().await.unwrap();
    assert_eq!(
        channels.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [other.channel_id.as_str()]
    );
    let gone = harness.deliver(&mine, "venda-2").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let again = harness
        .delete_channel(&mine.channel_id, &mine.pull_token)
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
