//! `Settings`, the front door to the operator's preferences (the app's behaviour on
//! closing, desktop notifications): what Configurações shows and changes.

use crate::error::Result;
use crate::store::{Preferences, Store};

#[derive(Clone)]
pub struct Settings {
    store: Store,
}

impl Settings {
    pub fn new(store: Store) -> Settings {
        Settings { store }
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

    /// Whether to tell the operator, once, that closing the window keeps Ponte in the tray.
    pub async fn take_close_to_tray_notice(&self) -> Result<bool> {
        self.store.take_close_to_tray_notice().await
    }
}
