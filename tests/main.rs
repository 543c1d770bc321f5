//! The cross-process and real-window tests, one module per behaviour, linked into one test
//! binary instead of one per file (each link costs CI time and disk). nextest still runs
//! every test in its own process; `.config/nextest.toml` groups some by module.

mod backup_cli;
mod bad_paths_cli;
mod cli;
mod coinzz_cli;
mod damaged_store_cli;
mod desktop;
mod dev_node;
mod diagnostics_cli;
mod doctor_cli;
mod installed_package;
mod licenses;
mod logs_cli;
mod realtime_crash;
mod relay_open_cli;
mod reset_cli;
mod restore_cli;
mod version_cli;
mod writeback_cli;
