//! One module per top-level command. Each is a thin layer over `ponte_core::Core`.

pub mod integration;
pub mod relay;
pub mod report;
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
