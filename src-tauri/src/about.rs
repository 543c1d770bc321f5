//! What Sobre shows about this build and this install: the version, commit and build date
//! the build script recorded (`ponte-build-info`), the data and logs folders, and the
//! update feed when the updater is configured. The licences come to the UI from
//! `ui/src/lib/licenses.json` directly, not through here.

use crate::state::AppInfo;
use serde::Serialize;

/// Facts for Sobre.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AboutInfo {
    pub version: String,
    /// The short commit hash, or "desconhecido" for a build outside a git checkout.
    pub commit: String,
    /// `YYYY-MM-DD`, UTC.
    pub build_date: String,
    pub demo: bool,
    pub data_dir: String,
    pub logs_dir: String,
    /// Where the app looks for new versions (`Updates::feed`: the override or the updater's
    /// first endpoint), if it does.
    pub update_feed: Option<String>,
}

impl AboutInfo {
    /// `feed` is `Updates::feed`, empty when the updater is not configured.
    pub fn new(info: &AppInfo, feed: &str) -> Self {
        Self {
            version: info.version.clone(),
            commit: env!("PONTE_COMMIT").to_string(),
            build_date: env!("PONTE_BUILD_DATE").to_string(),
            demo: info.demo,
            data_dir: info.data_dir.clone(),
            logs_dir: info.logs_dir.clone(),
            update_feed: update_feed(feed, &info.version),
        }
    }
}

/// The feed's address with the placeholders filled in as the updater fills them for this
/// machine, so Sobre shows the address actually asked.
fn update_feed(endpoint: &str, version: &str) -> Option<String> {
    if endpoint.is_empty() {
        return None;
    }
    // The updater's names: "darwin" for macOS, Rust's for the rest.
    let target = match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    };
    Some(
        endpoint
            .replace("{{current_version}}", version)
            .replace("{{target}}", target)
            .replace("{{arch}}", std::env::consts::ARCH),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_has_its_placeholders_filled_in() {
        let endpoint =
            "https://ponte.example/{{target}}/{{arch}}/latest.json?de={{current_version}}";
        let feed = format!(
            "https://ponte.example/{}/{}/latest.json?de=0.1.0",
            if cfg!(target_os = "macos") {
                "darwin"
            } else {
                std::env::consts::OS
            },
            std::env::consts::ARCH
        );
        assert_eq!(update_feed(endpoint, "0.1.0"), Some(feed));
    }

    #[test]
    fn no_updater_no_feed() {
        assert_eq!(update_feed("", "0.1.0"), None);
    }
}
