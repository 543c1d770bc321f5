//! The `ponte-desktop` binary: everything lives in the library, so tests and benchmarks
//! reach the same code.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    ponte_desktop::run()
}
