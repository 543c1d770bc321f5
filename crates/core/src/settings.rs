//! `Settings`, the front door to the operator's preferences (the app's behaviour on
//! closing, desktop notifications, the daily update check) and to this run's folders: what Configurações shows and
//! changes.

use crate::error::Result;
use crate::paths::Folders;
use crate::store::{Preferences, Store};
use std::path::Path;

#[derive(Clone)]
pub struct Settings {
    store: Store,
    folders: Folders,
}

impl Settings {
    pub fn new(store: Store, data_dir: &Path) -> Settings {
        Settings {
            store,
            folders: Folders::of(data_dir),
        }
    }

    /// The data and logs folders of this run, the only ones the app opens for the operator.
    pub fn folders(&self) -> &Folders {
        &self.folders
    }

    pub async fn preferences(&self) -> Result<Preferences> {
        self.store.preferences().await
    }

    pub async fn set_close_to_tray(&self, enabled: bool) -> Result<()> {
        self.store.set_close_to_tray(enabled).await
    }

    pub async fn set_desktop_notifications(&self, enabled: bool) -> Result<()> {
        self.store.set_desktop_notifications(enabled).await
    }

    /// Whether the desktop looks for a new version once a day (on by default).
    pub async fn daily_update_check(&self) -> Result<bool> {
        self.store.daily_update_check().await
    }

    pub async fn set_daily_update_check(&self, enabled: bool) -> Result<()> {
        self.store.set_daily_update_check(enabled).await
    }

    /// Whether to tell the operator, once, that closing the window keeps Ponte in the tray.
    pub async fn take_close_to_tray_notice(&self) -> Result<bool> {
        self.store.take_close_to_tray_notice().await
    }
}
