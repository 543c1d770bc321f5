//! Configurações' folders through the app's own IPC handler on Tauri's mock runtime: the
//! data and logs folders the UI shows (and "Abrir pasta" opens) are the ones under the
//! data directory the app was started with, and both exist once it has started. The UI
//! sends no path: the commands take none.

use ponte_core::credentials::CredentialStore;
use ponte_core::store::DATABASE_FILE;
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::{AppInfo, AppState};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

#[test]
fn the_folders_shown_are_the_data_dirs_and_exist() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tauri::async_runtime::set(runtime.handle().clone());
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

    let app = mock_builder()
        .invoke_handler(ponte_desktop::ipc::builder::<MockRuntime>().invoke_handler())
        .manage(AppState {
            core,
            info: AppInfo {
                version: "test".into(),
                demo: false,
                data_dir: data_dir.display().to_string(),
                logs_dir: data_dir.join("logs").display().to_string(),
            },
            shutdown: Default::default(),
            demo: Mutex::new(None),
            launched_at: Instant::now(),
            painel_painted: AtomicBool::new(false),
        })
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    let request = InvokeRequest {
        cmd: "data_folders".into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: tauri::ipc::InvokeBody::Json(json!({})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let folders: Value = get_ipc_response(&window, request)
        .expect("data_folders answers")
        .deserialize()
        .expect("JSON");

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
