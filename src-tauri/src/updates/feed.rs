//! Where the update feed is: the `endpoints` of `plugins.updater` in `tauri.conf.json`
//! (Ponte's own feed), unless `PONTE_UPDATE_FEED` names another one (a staging feed, a
//! mirror inside a company network, the tests' loopback server).

use tauri::Url;

/// The environment variable that replaces the configured feed.
pub const FEED_ENV: &str = "PONTE_UPDATE_FEED";

/// The feed override, if the variable is set and not blank. `Err` says, in pt-BR, why its
/// value is not an address, so the check reports it instead of quietly using another feed.
pub fn parse_override(value: Option<&str>) -> Result<Option<Url>, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let url = Url::parse(value)
        .map_err(|error| format!("{FEED_ENV} não é um endereço válido ({value}: {error})"))?;
    match url.scheme() {
        "https" | "http" => Ok(Some(url)),
        other => Err(format!(
            "{FEED_ENV} precisa ser um endereço https:// (recebido {other}://)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_or_blank_keeps_the_configured_feed() {
        assert_eq!(parse_override(None), Ok(None));
        assert_eq!(parse_override(Some("  ")), Ok(None));
    }

    #[test]
    fn an_address_replaces_it_with_its_placeholders() {
        let url = parse_override(Some(
            " https://espelho.exemplo/{{target}}/{{arch}}/latest.json ",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(url.host_str(), Some("espelho.exemplo"));
        assert!(url.as_str().ends_with("/latest.json"), "{url}");
    }

    #[test]
    fn anything_else_is_reported() {
        let error = parse_override(Some("atualizacoes.ponte")).unwrap_err();
        assert!(
            error.starts_with("PONTE_UPDATE_FEED não é um endereço válido"),
            "{error}"
        );
        let error = parse_override(Some("file:///tmp/latest.json")).unwrap_err();
        assert!(error.contains("https://"), "{error}");
    }
}
