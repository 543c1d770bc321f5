//! The recovery window: the store could not be opened (malformed, truncated, not a
//! database), so there is no `Core` and the normal app cannot start. Instead of crashing
//! or showing an empty Painel, the shell opens the same window on a screen that says what
//! happened and offers the newest verified backup or a clean start
//! (`commands::recovery`). Either way the damaged file is moved aside, never deleted, and
//! the app restarts into the normal window.

use crate::error::IpcError;
use crate::ipc;
use crate::window;
use ponte_core::maintenance::{AvailableBackup, newest_verified_backup};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// What the recovery screen shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DamagedStore {
    /// The core's pt-BR message: which file, and what is wrong with it.
    pub message: String,
    pub data_dir: String,
    /// The newest backup that verifies whole, when there is one.
    pub backup: Option<AvailableBackup>,
}

/// Managed in both modes: `None` in the normal app (nothing to recover, and the recovery
/// commands refuse), the damaged store in the recovery window.
pub struct RecoveryState(pub Option<Recovery>);

pub struct Recovery {
    pub damaged: DamagedStore,
    pub data_dir: PathBuf,
}

/// Runs the recovery window until the operator chose (the app then restarts) or closed it.
pub fn run(runtime: &tokio::runtime::Runtime, data_dir: PathBuf, error: &IpcError) -> ExitCode {
    let backup = match runtime.block_on(newest_verified_backup(&data_dir)) {
        Ok(backup) => backup,
        Err(error) => {
            tracing::warn!(%error, "backups não puderam ser lidos para a recuperação");
            None
        }
    };
    let damaged = DamagedStore {
        message: error.message.clone(),
        data_dir: data_dir.display().to_string(),
        backup,
    };
    let ipc = ipc::builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::reveal(app)
        }))
        .invoke_handler(ipc.invoke_handler())
        .manage(RecoveryState(Some(Recovery { damaged, data_dir })))
        .setup(|app| {
            window::reveal(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "a janela de recuperação não pôde ser criada");
            eprintln!("A janela de recuperação da Ponte não pôde ser criada: {error}");
            ExitCode::FAILURE
        }
    }
}
