//! A relay's base address as the operator types it: trimmed, without a trailing slash,
//! and refused in pt-BR when it is not an http(s) address.

use crate::error::{Error, Result};

/// A relay's base address, trimmed and without a trailing slash; an error in pt-BR when
/// it is not an http(s) address.
pub fn relay_base_url(input: &str) -> Result<String> {
    let trimmed = input.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).ok();
    if !url.is_some_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host()) {
        return Err(Error::InvalidInput {
            field: "endereço do relay",
            detail: format!(
                "\"{}\" não é um endereço; use o do relay, como https://relay.exemplo.com.br",
                input.trim()
            ),
        });
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::relay_base_url;

    #[test]
    fn a_relay_address_is_trimmed_and_must_be_http() {
        assert_eq!(
            relay_base_url(" https://relay.exemplo.com.br/ ").unwrap(),
            "https://relay.exemplo.com.br"
        );
        assert_eq!(
            relay_base_url("http://127.0.0.1:8788").unwrap(),
            "http://127.0.0.1:8788"
        );
        for bad in ["", "relay.exemplo.com.br", "ftp://relay", "https://"] {
            let error = relay_base_url(bad).unwrap_err();
            assert_eq!(error.code(), "invalid_input", "{bad}");
        }
    }
}
