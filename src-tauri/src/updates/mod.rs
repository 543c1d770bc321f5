//! In-app updates (tauri-plugin-updater over a signed static feed): check the feed, download
//! and verify the offered package against the public key built into the app, and install it
//! on the operator's confirmation. Tauri-only, so it lives in the shell; the core is asked
//! whether a sync or a backup is running and takes the backup before the install.
//!
//! The feed is `latest.json` (version, notes, pub_date, a url and a minisign signature per
//! platform) at the configured endpoint or `PONTE_UPDATE_FEED` (`feed.rs`). Only a newer
//! version is offered (`version.rs`); `requireSignedVersion` in `tauri.conf.json` makes the
//! plugin also refuse a package whose signature was made for another version, so a feed
//! cannot pair a new number with an old signed package.

mod daily;
pub mod errors;
pub mod feed;
pub mod version;

pub use daily::{UpdateOffered, spawn_daily_check};

use crate::error::IpcResult;
use crate::state::AppState;
use ponte_core::Core;
use ponte_core::backups::BackupKind;
use ponte_core::locks::lock;
use semver::Version;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, Updater, UpdaterExt};
use version::{Verdict, judge};

/// A feed that takes longer than this is reported as unreachable.
const CHECK_TIMEOUT: Duration = Duration::from_secs(30);
/// The whole package download; a .deb of Ponte is tens of megabytes.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// A newer version the feed offers, as the Sobre screen and the banner show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct UpdateOffer {
    pub version: String,
    pub installed_version: String,
    /// The release notes, as written in the feed (plain text).
    pub notes: Option<String>,
    /// RFC 3339, as written in the feed.
    pub pub_date: Option<String>,
}

/// What the Sobre screen shows about updates.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UpdateSettings {
    pub installed_version: String,
    /// "Verificar atualizações diariamente".
    pub daily_check: bool,
    /// Demo mode never checks on its own.
    pub demo: bool,
    /// The feed's address, with its `{{target}}`/`{{arch}}` placeholders.
    pub feed: String,
}

/// The updater service, managed by the app. Keeps the last offer between "Verificar" and
/// "Instalar", with its package once downloaded and verified.
pub struct Updates {
    feed_override: Option<String>,
    pending: tokio::sync::Mutex<Option<Pending>>,
}

struct Pending {
    update: Update,
    /// The verified package, once downloaded.
    package: Option<Vec<u8>>,
}

impl Updates {
    /// `feed_override` is `PONTE_UPDATE_FEED`'s value, if set.
    pub fn new(feed_override: Option<String>) -> Updates {
        Updates {
            feed_override,
            pending: tokio::sync::Mutex::new(None),
        }
    }

    pub fn from_env() -> Updates {
        Updates::new(std::env::var(feed::FEED_ENV).ok())
    }

    /// The feed in use, for the Sobre screen: the override, else the configured endpoint.
    pub fn feed<R: Runtime>(&self, app: &AppHandle<R>) -> String {
        match feed::parse_override(self.feed_override.as_deref()) {
            Ok(Some(url)) => url.to_string(),
            Ok(None) => app
                .config()
                .plugins
                .0
                .get("updater")
                .and_then(|updater| updater["endpoints"][0].as_str())
                .unwrap_or_default()
                .to_string(),
            Err(reason) => reason,
        }
    }

    pub async fn settings<R: Runtime>(&self, app: &AppHandle<R>) -> IpcResult<UpdateSettings> {
        let state = app.state::<AppState>();
        Ok(UpdateSettings {
            installed_version: app.package_info().version.to_string(),
            daily_check: state.core.settings().daily_update_check().await?,
            demo: state.info.demo,
            feed: self.feed(app),
        })
    }

    /// Asks the feed. `Ok(None)` when the installed version is the newest; an older offer
    /// is refused with the reason. Replaces any earlier offer.
    pub async fn check<R: Runtime>(&self, app: &AppHandle<R>) -> IpcResult<Option<UpdateOffer>> {
        let mut pending = self.pending.lock().await;
        *pending = None;
        // The comparator is the plugin's guard; it also remembers what was offered, so a
        // refused offer can be explained.
        let offered = Arc::new(Mutex::new(None::<Version>));
        let updater = self.updater(app, offered.clone())?;
        let Some(update) = updater.check().await.map_err(errors::from_check)? else {
            let installed = &app.package_info().version;
            return match lock(&offered).take() {
                Some(offered) if judge(installed, &offered) == Verdict::Older => Err(
                    errors::not_newer(&offered.to_string(), &installed.to_string()),
                ),
                _ => Ok(None),
            };
        };
        let offer = offer_of(&update);
        tracing::info!(version = %offer.version, "nova versão oferecida pelo canal de atualizações");
        *pending = Some(Pending {
            update,
            package: None,
        });
        Ok(Some(offer))
    }

    /// Downloads the offered package and verifies its signature (and the version it was
    /// signed for). A package that fails is dropped with the offer: check again.
    pub async fn download_and_verify(&self) -> IpcResult<UpdateOffer> {
        let mut slot = self.pending.lock().await;
        let pending = slot.as_mut().ok_or_else(errors::nothing_to_install)?;
        if pending.package.is_none() {
            let mut update = pending.update.clone();
            update.timeout = Some(DOWNLOAD_TIMEOUT);
            match update.download(|_, _| {}, || {}).await {
                Ok(package) => pending.package = Some(package),
                Err(failure) => {
                    let error = errors::from_download(failure, &pending.update.version);
                    tracing::warn!(code = %error.code, %error, "atualização recusada");
                    *slot = None;
                    return Err(error);
                }
            }
        }
        Ok(offer_of(&pending.update))
    }

    /// "Instalar e reiniciar", confirmed: never during a sync or a backup; the package is
    /// verified, the store is backed up, the system's package manager installs it (dpkg or
    /// rpm through pkexec, which asks for the administrator's password), then the app
    /// restarts through its exit path (`shut_down` in `lib.rs`: the shell's
    /// CancellationToken, the core's runs commit or roll back their page, the pool
    /// closes). If the install fails, nothing was stopped and the app goes on as it was.
    pub async fn install<R: Runtime>(&self, app: &AppHandle<R>) -> IpcResult<()> {
        let core = &app.state::<AppState>().core;
        ensure_idle(core)?;
        let offer = self.download_and_verify().await?;
        if tauri::utils::platform::bundle_type().is_none() {
            return Err(errors::not_packaged(&offer.version));
        }
        // Again: the download may have taken minutes.
        ensure_idle(core)?;
        let backup = core.backups().create(BackupKind::BeforeUpdate).await?;
        let (update, package) = {
            let slot = self.pending.lock().await;
            let pending = slot.as_ref().ok_or_else(errors::nothing_to_install)?;
            let package = pending
                .package
                .clone()
                .ok_or_else(errors::nothing_to_install)?;
            (pending.update.clone(), package)
        };
        // Blocking: it waits for pkexec (the password prompt) and dpkg or rpm.
        let installed = tokio::task::spawn_blocking(move || update.install(package)).await;
        match installed {
            Ok(Ok(())) => {}
            Ok(Err(failure)) => return Err(errors::from_install(failure, &offer.version)),
            Err(join) => {
                return Err(errors::from_install(
                    tauri_plugin_updater::Error::Network(join.to_string()),
                    &offer.version,
                ));
            }
        }
        tracing::info!(version = %offer.version, backup = %backup.id, "atualização instalada; reiniciando");
        app.request_restart();
        Ok(())
    }

    fn updater<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        offered: Arc<Mutex<Option<Version>>>,
    ) -> IpcResult<Updater> {
        let mut builder = app
            .updater_builder()
            .timeout(CHECK_TIMEOUT)
            .version_comparator(move |installed, release| {
                let newer = judge(&installed, &release.version) == Verdict::Newer;
                *lock(&offered) = Some(release.version);
                newer
            });
        let override_url = feed::parse_override(self.feed_override.as_deref())
            .map_err(|r| errors::bad_feed(&r))?;
        if let Some(url) = override_url {
            builder = builder.endpoints(vec![url]).map_err(errors::from_check)?;
        }
        builder.build().map_err(errors::from_check)
    }
}

/// No sync and no backup running: an install would otherwise cut one short.
fn ensure_idle(core: &Core) -> IpcResult<()> {
    if core.sync().any_running() || core.backups().is_writing() {
        return Err(errors::busy());
    }
    Ok(())
}

fn offer_of(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        installed_version: update.current_version.clone(),
        notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
        pub_date: update.raw_json["pub_date"].as_str().map(str::to_string),
    }
}
