//! One module per top-level command (and per command group or provider that would crowd
//! its parent). Each is a thin layer over `ponte_core::Core`.

pub mod backup;
mod coinzz;
pub mod diagnostics;
pub mod doctor;
pub mod integration;
pub mod lancamento;
pub mod logs;
pub mod maintenance;
pub mod outbox;
pub mod relay;
pub mod relay_account;
pub mod report;
pub mod restore;
pub mod status;
pub mod sync;

use serde::Serialize;

/// Prints a value as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(json) => println!("{json}"),
        Err(error) => eprintln!("erro ao gerar JSON: {error}"),
    }
}
