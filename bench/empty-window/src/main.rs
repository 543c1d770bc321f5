//! `empty-window`: the floor that ponte-bench compares ponte-desktop with. The same Tauri,
//! webview, features and release profile, a window of the same size, and a page with
//! nothing on it. When the page has painted it calls `painted`, which prints
//! `painted_ms=N` on stdout: milliseconds since the top of `main`, the point from which
//! ponte-desktop measures its `Painel pintado elapsed_ms`.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static LAUNCHED_AT: OnceLock<Instant> = OnceLock::new();

/// Prints the launch-to-paint time, once (the page calls it once).
#[tauri::command]
fn painted() {
    let elapsed_ms = LAUNCHED_AT.get().map_or(0, |at| at.elapsed().as_millis());
    // Not println!: a reader that went away must not make the app panic.
    let _ = writeln!(std::io::stdout(), "painted_ms={elapsed_ms}");
}

fn main() -> std::process::ExitCode {
    LAUNCHED_AT.get_or_init(Instant::now);
    let built = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .build(tauri::generate_context!());
    match built {
        Ok(app) => {
            app.run(|_, _| {});
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("empty-window: the window could not be created: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
