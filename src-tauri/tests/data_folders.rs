//! Configurações' folders through the app's own IPC handler on Tauri's mock runtime: the
//! data and logs folders the UI shows (and "Abrir pasta" opens) are the ones under the
//! data directory the app was started with, and both exist once it has started. The UI
//! sends no path: the commands take none.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::store::DATABASE_FILE;
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::AppState;
use serde_json::json;
use std::path::PathBuf;
use support::{invoke_ok, mock_app, runtime};
use tauri::Manager;

#[test]
fn the_folders_shown_are_the_data_dirs_and_exist() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    // As `--data-dir` gives it: a folder of the operator's choosing, not the platform's.
    let data_dir = dir.path().join("dados da Ponte");
    std::fs::create_dir_all(&data_dir).expect("data dir");
    let core = runtime.block_on(async {
        Core::open(CoreOptions {
            data_dir: data_dir.clone(),
            credentials: CredentialStore::with_service("ponte-data-folders-test"),
        })
        .await
        .expect("core opens")
    });
    // The app's start does this before anything else (src-tauri/src/lib.rs).
    let _log_guard = ponte_core::logging::init(&data_dir, "ponte-desktop-test", false);

    let (app, window) = mock_app(core, &data_dir, false);
    let folders = invoke_ok(&window, "data_folders", json!({}));

    let shown = |key: &str| PathBuf::from(folders[key].as_str().expect(key));
    assert_eq!(shown("data_dir"), data_dir);
    assert_eq!(shown("logs_dir"), data_dir.join("logs"));
    for key in ["data_dir", "logs_dir"] {
        assert!(shown(key).is_dir(), "{key} {:?} does not exist", shown(key));
    }
    // The database lives in the folder shown, so it is the one in use.
    assert!(shown("data_dir").join(DATABASE_FILE).is_file());

    runtime.block_on(app.state::<AppState>().core.shutdown());
    drop(window);
    drop(app);
}
