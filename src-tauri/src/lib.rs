//! Ponte's desktop shell: a Tauri 2 window, tray and commands over `ponte-core`. The shell
//! wires things together; every operation lives in the core.

pub mod about;
mod args;
pub mod commands;
pub mod demo;
pub mod error;
pub mod events;
pub mod ipc;
mod recovery;
pub mod state;
pub mod toasts;
mod tray;
pub mod updates;
mod window;

use args::{Args, BACKGROUND_FLAG};
use clap::Parser;
use error::IpcErrorCode;
use ponte_core::credentials::CredentialStore;
use ponte_core::error_code::ErrorCode;
use ponte_core::locks::lock;
use ponte_core::paths::{logs_dir, resolve_data_dir, resolve_demo_data_dir};
use ponte_core::{Core, CoreOptions};
use recovery::RecoveryState;
use state::{AppInfo, AppState};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};
use tauri::{Manager, RunEvent};
use tauri_plugin_autostart::MacosLauncher;
use tokio_util::sync::CancellationToken;

/// How often the scheduler looks for integrations whose interval has passed.
const SCHEDULER_TICK: Duration = Duration::from_secs(30);

/// Opens the core (and, in demo mode, the sandbox and the relay) before any window exists, so a
/// failure is reported plainly instead of as a blank window.
async fn open_core(
    args: &Args,
) -> Result<(Core, AppInfo, Option<demo::DemoWorld>), error::IpcError> {
    let data_dir = if args.demo {
        resolve_demo_data_dir(args.data_dir.clone())?
    } else {
        resolve_data_dir(args.data_dir.clone())?
    };
    let core = Core::open(CoreOptions {
        data_dir: data_dir.clone(),
        credentials: CredentialStore::default(),
    })
    .await?;
    let demo_world = if args.demo {
        Some(demo::start(&core, args.demo_changes_per_minute).await?)
    } else {
        None
    };
    let info = AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        demo: args.demo,
        data_dir: data_dir.display().to_string(),
        logs_dir: logs_dir(&data_dir).display().to_string(),
    };
    Ok((core, info, demo_world))
}

pub fn run() -> ExitCode {
    let launched_at = Instant::now();
    let args = Args::parse();
    let log_dir_base = if args.demo {
        resolve_demo_data_dir(args.data_dir.clone())
    } else {
        resolve_data_dir(args.data_dir.clone())
    };
    let _log_guard = log_dir_base
        .as_ref()
        .ok()
        .and_then(|dir| ponte_core::logging::init(dir, "ponte-desktop", cfg!(debug_assertions)));

    // One tokio runtime for Tauri and the core; entered on the main thread too, because the
    // core spawns its tasks (scheduler, runs) with tokio directly.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("A Ponte não pôde iniciar seu executor de tarefas: {error}");
            return ExitCode::FAILURE;
        }
    };
    tauri::async_runtime::set(runtime.handle().clone());
    let _entered = runtime.enter();

    let (core, info, demo_world) = match runtime.block_on(open_core(&args)) {
        Ok(opened) => opened,
        Err(error) => {
            tracing::error!(code = %error.code, %error, "a Ponte não pôde abrir");
            eprintln!("A Ponte não pôde abrir: {error}");
            if let (IpcErrorCode::Core(ErrorCode::StoreDamaged), Ok(data_dir)) =
                (error.code, &log_dir_base)
            {
                return recovery::run(&runtime, data_dir.clone(), &error);
            }
            return ExitCode::FAILURE;
        }
    };
    let ipc = ipc::builder();
    let app = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::reveal(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec![BACKGROUND_FLAG]),
        ))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(ipc.invoke_handler())
        .manage(RecoveryState(None))
        .manage(updates::Updates::from_env())
        .manage(AppState {
            core,
            info,
            shutdown: CancellationToken::new(),
            demo: Mutex::new(demo_world),
            launched_at,
            painel_painted: AtomicBool::new(false),
        })
        .setup(move |app| {
            ipc.mount_events(app);
            // Started by autostart: stay in the tray until the operator opens the window.
            // A restart that applied a restore keeps the arguments it was launched with,
            // `--background` included, yet the operator is waiting for the window.
            if !args.background || app.state::<AppState>().core.restore().awaits_replay() {
                window::reveal(app.handle());
            }
            tray::build(app.handle())?;
            events::spawn_forwarders(app.handle());
            updates::spawn_daily_check(app.handle());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { tray::refresh_status(&handle).await });
            app.state::<AppState>()
                .core
                .sync()
                .spawn_scheduler(SCHEDULER_TICK);
            app.state::<AppState>().core.backups().spawn_scheduler();
            // The outbox's sender: changes queued before a restart are sent again.
            app.state::<AppState>().core.writeback().start();
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                // After a restore the store's relay cursors are older: the relay serves
                // the events since then again before the pollers take over, so none is
                // lost. A no-op unless a restore was applied and not yet replayed (also
                // when the app stopped between the swap and the replay).
                match state.core.restore().replay().await {
                    Ok(None) => {}
                    Ok(Some(report)) => tracing::info!(
                        channels = report.channels.len(),
                        "eventos do tempo real puxados de novo depois da restauração"
                    ),
                    Err(error) => {
                        tracing::warn!(%error, "eventos depois da restauração não puxados de novo")
                    }
                }
                match state.core.realtime().spawn_relay_pollers().await {
                    Ok(0) => {}
                    Ok(pollers) => tracing::info!(pollers, "tempo real: relay conectado"),
                    Err(error) => tracing::warn!(%error, "tempo real não iniciado"),
                }
            });
            Ok(())
        })
        .on_window_event(window::on_event)
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "a janela da Ponte não pôde ser criada");
            eprintln!("A janela da Ponte não pôde ser criada: {error}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            shut_down(app);
        }
    });
    ExitCode::SUCCESS
}

/// Stops the shell's tasks and the core's (runs commit or roll back their page), closes
/// the pool, then the demo's relay and sandbox. Also the way out of a restart after a
/// restore was staged: Tauri spawns the new process only after this returns, so the new
/// one finds the store closed and can swap the staged file in.
fn shut_down(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    state.shutdown.cancel();
    let demo_world = lock(&state.demo).take();
    tauri::async_runtime::block_on(async {
        state.core.shutdown().await;
        if let Some(demo_world) = demo_world {
            demo_world.shutdown().await;
        }
    });
    tracing::info!("Ponte encerrada");
}
