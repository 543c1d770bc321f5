//! What an integration's name and API address must be, checked before anything is kept:
//! a name short enough to show on a card and in a file name, and an address the app can
//! reach (http or https, with a host), refused at once with the reason instead of after a
//! round of retries that would blame the internet connection.

use crate::error::{Error, Result};

/// The longest integration name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The trimmed name, refused when longer than `MAX_NAME_CHARS`.
pub(super) fn integration_name(name: &str) -> Result<&str> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::InvalidInput {
            field: "nome",
            detail: format!(
                "o nome tem {chars} caracteres, e o limite é {MAX_NAME_CHARS}; use um nome mais curto, como \"Loja Principal\""
            ),
        });
    }
    Ok(name)
}

/// Refuses an API address that is not http or https with a host. An empty one is
/// allowed only for a provider without a query API, which has nothing to point at.
pub(super) fn api_base_url(base_url: &str, has_query_api: bool) -> Result<()> {
    let trimmed = base_url.trim();
    if trimmed.is_empty() && !has_query_api {
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(Error::InvalidInput {
            field: "endereço da API",
            detail: format!(
                "\"{trimmed}\" {why}; use o endereço da API do provedor, como https://api.gestaoclick.com"
            ),
        })
    };
    let Ok(url) = reqwest::Url::parse(trimmed) else {
        return refuse("não é um endereço");
    };
    if !matches!(url.scheme(), "http" | "https") {
        return refuse("não começa com https:// nem http://");
    }
    if !url.has_host() || url.host_str().is_some_and(str::is_empty) {
        return refuse("não tem o nome do servidor");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_with_a_host_are_accepted() {
        assert!(api_base_url("https://api.gestaoclick.com", true).is_ok());
        assert!(api_base_url(" http://127.0.0.1:8080/ ", true).is_ok());
        for bad in [
            "not a url",
            "file:///etc/passwd",
            "ftp://",
            "ftp://host",
            "http://",
            "",
        ] {
            let error = api_base_url(bad, true).expect_err(bad);
            assert_eq!(error.code(), "invalid_input", "{bad}");
        }
        assert!(api_base_url("", false).is_ok(), "no API, no address");
    }

    #[test]
    fn a_name_longer_than_the_limit_is_refused() {
        assert_eq!(integration_name("  Loja  ").unwrap(), "Loja");
        assert!(integration_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
        let error = integration_name(&"a".repeat(5_000)).expect_err("too long");
        assert!(error.to_string().contains("5000 caracteres"), "{error}");
    }
}
