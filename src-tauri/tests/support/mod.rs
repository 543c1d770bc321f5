//! The app's own IPC handler on Tauri's mock runtime, for the shell's command tests: one
//! runtime the core's tasks and Tauri share, the app managing the state `run` manages,
//! its main window, and one IPC call as the UI makes it.

use ponte_core::Core;
use ponte_desktop::state::{AppInfo, AppState};
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Builder, Context, WebviewWindow, WebviewWindowBuilder};
use tokio::runtime::Runtime;

/// The runtime the core and Tauri's async tasks run on, as in `run`.
pub fn runtime() -> Runtime {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tauri::async_runtime::set(runtime.handle().clone());
    runtime
}

/// The app over `core` (opened in `data_dir`) with the app's handler, and its main window.
pub fn mock_app(
    core: Core,
    data_dir: &Path,
    demo: bool,
) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    mock_app_with(
        core,
        data_dir,
        demo,
        mock_context(noop_assets()),
        |builder| builder,
    )
}

/// `mock_app` with a given context (its config, its package version) and what else the
/// test's app registers (a plugin, a managed service).
pub fn mock_app_with(
    core: Core,
    data_dir: &Path,
    demo: bool,
    context: Context<MockRuntime>,
    extra: impl FnOnce(Builder<MockRuntime>) -> Builder<MockRuntime>,
) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let builder = mock_builder()
        .invoke_handler(ponte_desktop::ipc::builder::<MockRuntime>().invoke_handler())
        .manage(AppState {
            core,
            info: AppInfo {
                version: "test".into(),
                demo,
                data_dir: data_dir.display().to_string(),
                logs_dir: data_dir.join("logs").display().to_string(),
            },
            shutdown: Default::default(),
            demo: Mutex::new(None),
            launched_at: Instant::now(),
            painel_painted: AtomicBool::new(false),
        });
    let app = extra(builder).build(context).expect("mock app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    (app, window)
}

/// One IPC call as the UI makes it: the command name and its camelCase arguments.
pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    command: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request)
        .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

/// The answer of a command that must succeed.
pub fn invoke_ok(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Value {
    invoke(window, command, args).unwrap_or_else(|error| panic!("{command} failed: {error}"))
}

/// The `{code, message}` of a command that must fail.
pub fn invoke_err(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Value {
    match invoke(window, command, args) {
        Ok(answer) => panic!("{command} should have failed, answered {answer}"),
        Err(error) => error,
    }
}
