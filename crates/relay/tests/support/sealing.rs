//! The desktop's side of sealing, for the relay's tests: one key pair per test process,
//! registered on every channel the tests make, and opening what a pull returns with it.

use ponte_webhooks::relay_api::{KeyRole, PulledEvent, RecipientKey};
use ponte_webhooks::seal::{SealedContent, SealingKeyPair};
use std::sync::OnceLock;

/// The test desktop's key pair.
pub fn desktop_key() -> &'static SealingKeyPair {
    static KEY: OnceLock<SealingKeyPair> = OnceLock::new();
    KEY.get_or_init(SealingKeyPair::generate)
}

/// What a channel registers: the test desktop's key.
pub fn recipients() -> Vec<RecipientKey> {
    vec![RecipientKey::new(desktop_key().public(), KeyRole::Desktop)]
}

/// The headers and body of a pulled event of `channel`, opened with the test key.
pub fn open(channel: &str, event: &PulledEvent) -> SealedContent {
    assert!(event.sealed.is_some(), "event {} came unsealed", event.seq);
    event
        .content(channel, std::slice::from_ref(desktop_key()))
        .unwrap_or_else(|error| panic!("event {} does not open: {error}", event.seq))
}

/// Registers the test key on a channel made by hand (`PUT /v1/channels/{id}/keys`), as
/// Ponte does when it connects one.
pub async fn register(http: &reqwest::Client, base_url: &str, channel: &str, pull_token: &str) {
    let response = http
        .put(format!("{base_url}/v1/channels/{channel}/keys"))
        .bearer_auth(pull_token)
        .json(&ponte_webhooks::relay_api::RegisterKeysRequest { keys: recipients() })
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert!(
        status.is_success(),
        "{status}: {}",
        response.text().await.unwrap()
    );
}
