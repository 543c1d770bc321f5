//! The `maintenance` room: the guarded reset ("Limpar dados espelhados", `reset.rs`) behind
//! `Core::maintenance()`, and the recovery of a store that cannot be opened
//! (`recovery.rs`), which works on the data directory alone because no `Core` can open.

mod recovery;
mod relay_heads;
mod reset;

pub use recovery::{
    AvailableBackup, DamagedStoreChoice, RecoveredStore, damaged_file_name, newest_verified_backup,
    recover_damaged_store,
};
pub use reset::{ResetOptions, ResetReport};

use crate::backups::Backups;
use crate::context::ServiceContext;
use crate::realtime::Realtime;
use crate::sync::SyncEngine;

#[derive(Clone)]
pub struct Maintenance {
    context: ServiceContext,
    engine: SyncEngine,
    realtime: Realtime,
    backups: Backups,
}

impl Maintenance {
    pub fn new(
        context: ServiceContext,
        engine: SyncEngine,
        realtime: Realtime,
        backups: Backups,
    ) -> Maintenance {
        Maintenance {
            context,
            engine,
            realtime,
            backups,
        }
    }
}
