//! "No plaintext at rest", the test both stores share: a real `ponte-relay serve` child
//! (its stderr, at debug level, is the relay's log), channels made with the admin CLI and
//! given the test desktop's key, signed deliveries carrying canary strings in their bodies
//! and kept headers; then the caller looks for the canaries, in plain, base64 and hex
//! form, in whatever the relay wrote: the database file or dump, and the log.

use super::sealing;
use super::serve::{ServeChild, relay_command};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use chrono::Utc;
use ponte_webhooks::relay_api::EventPage;
use ponte_webhooks::{AuthMode, Outgoing, ingest_url, sign};
use reqwest::StatusCode;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A `ponte-relay serve` child on `--database`, its log in a file; killed when dropped.
pub struct Serve {
    child: ServeChild,
    database: String,
    log: PathBuf,
}

impl Serve {
    pub async fn start(database: &str, log: &Path) -> Serve {
        let mut command =
            relay_command(&["--database", database, "serve", "--addr", "127.0.0.1:0"]);
        // Everything the relay and its libraries log short of trace.
        command
            .env("RUST_LOG", "debug")
            .stderr(std::fs::File::create(log).unwrap());
        let child = ServeChild::start(command).await;
        Serve {
            child,
            database: database.to_string(),
            log: log.to_path_buf(),
        }
    }

    /// What the relay logged so far.
    pub fn log(&self) -> Vec<u8> {
        std::fs::read(&self.log).unwrap()
    }

    /// `ponte-relay --database … channel create …`: a channel made by hand.
    fn create_channel(&self, provider: &str, mode: &str) -> Value {
        let output = relay_command(&["--database", &self.database, "channel", "create"])
            .args(["--provider", provider, "--auth", mode, "--json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// Sends canary deliveries through every auth mode, and one to a channel without a
    /// key (refused, 503), then pulls and opens the stored ones to prove the canaries
    /// went in. Answers the canaries.
    pub async fn ingest_canaries(&self) -> Vec<String> {
        let http = reqwest::Client::new();
        let mut canaries = Vec::new();
        let channels = [
            ("gestaoclick", "hmac", AuthMode::Hmac),
            ("gestaoclick", "standard", AuthMode::Standard),
            ("coinzz", "url-token", AuthMode::UrlToken),
            ("coinzz", "bearer", AuthMode::Bearer),
        ];
        for (index, (provider, mode_name, mode)) in channels.into_iter().enumerate() {
            let channel = self.create_channel(provider, mode_name);
            let id = channel["channel_id"].as_str().unwrap();
            let secret = channel["secret"].as_str().unwrap();
            let pull_token = channel["pull_token"].as_str().unwrap();
            sealing::register(&http, &self.child.base_url, id, pull_token).await;
            let in_body = canary();
            let in_header = canary();
            let event_id = format!("evt-{index}");
            let body = format!(
                r#"{{"event":"sale.updated","event_id":"{event_id}","data":{{"cliente":"{in_body}"}}}}"#
            )
            .into_bytes();
            let answer = post(
                &http,
                &self.child.base_url,
                id,
                mode,
                secret,
                &event_id,
                &body,
                &in_header,
            )
            .await;
            assert_eq!(answer.0, StatusCode::OK, "{mode}: {}", answer.1);
            // The desktop gets both back: the canaries really went through the relay.
            let page: EventPage = http
                .get(format!(
                    "{}/v1/channels/{id}/events?after=0",
                    self.child.base_url
                ))
                .bearer_auth(pull_token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let opened = sealing::open(id, &page.events[0]);
            assert_eq!(opened.body, body);
            assert_eq!(opened.headers["webhook-canary"], in_header);
            canaries.extend([in_body, in_header]);
        }
        // A channel made by hand and never connected: refused, and nothing stored.
        let keyless = self.create_channel("gestaoclick", "hmac");
        let id = keyless["channel_id"].as_str().unwrap();
        let refused_canary = canary();
        let body = format!(r#"{{"event_id":"k1","data":"{refused_canary}"}}"#).into_bytes();
        let secret = keyless["secret"].as_str().unwrap();
        let (status, text) = post(
            &http,
            &self.child.base_url,
            id,
            AuthMode::Hmac,
            secret,
            "k1",
            &body,
            &refused_canary,
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
        let reply: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(reply["code"], "channel_not_sealed");
        assert!(
            reply["message"]
                .as_str()
                .unwrap()
                .contains("conecte o canal no Ponte"),
            "{text}"
        );
        let page: EventPage = http
            .get(format!(
                "{}/v1/channels/{id}/events?after=0",
                self.child.base_url
            ))
            .bearer_auth(keyless["pull_token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(page.events.is_empty(), "a keyless channel stored an event");
        canaries.push(refused_canary);
        canaries
    }
}

#[allow(clippy::too_many_arguments)]
async fn post(
    http: &reqwest::Client,
    base_url: &str,
    channel: &str,
    mode: AuthMode,
    secret: &str,
    event_id: &str,
    body: &[u8],
    header_canary: &str,
) -> (StatusCode, String) {
    let headers = sign(
        mode,
        secret,
        &Outgoing {
            id: event_id,
            timestamp: Utc::now(),
            body,
        },
    )
    .unwrap();
    let response = http
        .post(ingest_url(base_url, channel, mode, secret))
        .headers(headers)
        .header("content-type", "application/json")
        .header("webhook-canary", header_canary)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// A string no relay would write by chance.
fn canary() -> String {
    format!("CANARIO{}", hex::encode(rand::random::<[u8; 12]>()))
}

/// Fails when any canary is in `haystack` in plain, hex or base64 form (standard and
/// URL-safe, at each of the three alignments a substring can take inside a longer
/// encoded text).
pub fn assert_absent(what: &str, haystack: &[u8], canaries: &[String]) {
    let text = String::from_utf8_lossy(haystack);
    for canary in canaries {
        let bytes = canary.as_bytes();
        let mut forms = vec![canary.clone(), hex::encode(bytes), hex::encode_upper(bytes)];
        for shift in 0..3 {
            let mut shifted = vec![0u8; shift];
            shifted.extend_from_slice(bytes);
            for engine in [&STANDARD, &URL_SAFE] {
                let encoded = engine.encode(&shifted);
                // Only the characters every bit of which comes from the canary.
                let start = (shift * 8).div_ceil(6);
                let end = ((shift + bytes.len()) * 8) / 6;
                forms.push(encoded[start..end].to_string());
            }
        }
        for form in forms {
            assert!(
                !text.contains(&form),
                "{what} holds the canary {canary} (as {form})"
            );
        }
    }
}
