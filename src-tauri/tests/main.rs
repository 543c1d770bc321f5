//! The desktop shell's integration tests, one module per behaviour, linked into one test
//! binary (one link of Tauri and the core instead of one per file); nextest still runs each
//! test in its own process.

mod support;

mod about;
mod bindings;
mod commands;
mod data_folders;
mod restore_commands;
mod toasts;
mod updates;
