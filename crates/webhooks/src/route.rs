//! The relay's ingest URL, here so that every sender (the sandbox, the desktop's
//! "Verificar") builds the same one the relay prints.

use crate::mode::AuthMode;

/// `{relay}/hooks/{channel}`, or `{relay}/hooks/{channel}/{secret}` in url-token mode.
/// Generated secrets are URL-safe, so the secret goes into the path as it is.
pub fn ingest_url(relay_base_url: &str, channel_id: &str, mode: AuthMode, secret: &str) -> String {
    let base = relay_base_url.trim_end_matches('/');
    match mode {
        AuthMode::UrlToken => format!("{base}/hooks/{channel_id}/{secret}"),
        AuthMode::Bearer | AuthMode::Hmac | AuthMode::Standard => {
            format!("{base}/hooks/{channel_id}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_url_token_mode_puts_the_secret_in_the_url() {
        assert_eq!(
            ingest_url("https://relay.example/", "ch_1", AuthMode::UrlToken, "s3"),
            "https://relay.example/hooks/ch_1/s3"
        );
        for mode in [AuthMode::Bearer, AuthMode::Hmac, AuthMode::Standard] {
            assert_eq!(
                ingest_url("https://relay.example", "ch_1", mode, "s3"),
                "https://relay.example/hooks/ch_1"
            );
        }
    }
}
