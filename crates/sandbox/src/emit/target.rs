//! Where the emitter delivers and how it proves who it is: the ingest URL, the auth mode
//! and the secret. Its `Debug` shows neither the secret nor, in url-token mode, the URL
//! that holds it.

use ponte_webhooks::{AuthMode, ingest_url};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Serialize, Deserialize)]
pub struct WebhookTarget {
    /// Where webhooks are POSTed; in url-token mode it ends with the secret.
    pub ingest_url: String,
    pub mode: AuthMode,
    /// What `ponte_webhooks::sign` signs with (`whsec_…` in standard mode).
    pub secret: String,
}

impl WebhookTarget {
    /// A relay channel's ingest URL, built as the relay prints it.
    pub fn relay(relay_base_url: &str, channel: &str, mode: AuthMode, secret: &str) -> Self {
        WebhookTarget {
            ingest_url: ingest_url(relay_base_url, channel, mode, secret),
            mode,
            secret: secret.to_string(),
        }
    }
}

impl fmt::Debug for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.mode {
            AuthMode::UrlToken => "<redacted: holds the secret>",
            AuthMode::Bearer | AuthMode::Hmac | AuthMode::Standard => self.ingest_url.as_str(),
        };
        f.debug_struct("WebhookTarget")
            .field("ingest_url", &url)
            .field("mode", &self.mode)
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        for mode in AuthMode::ALL {
            let target = WebhookTarget::relay("http://127.0.0.1:8790", "ch_1", mode, "s3cr3t");
            let shown = format!("{target:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(shown.contains(&format!("{mode:?}")), "{shown}");
        }
    }
}
