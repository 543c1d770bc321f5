//! `ponte status`: the last run and the mirrored totals of every integration.

use super::print_json;
use crate::args::OutputArgs;
use crate::error::CliError;
use crate::output::status_text;
use ponte_core::Core;

pub async fn run(core: &Core, output: OutputArgs) -> Result<(), CliError> {
    let statuses = core.integrations().status().await?;
    if output.json {
        print_json(&statuses);
    } else if statuses.is_empty() {
        println!("Nenhuma integração cadastrada.");
    } else {
        for status in &statuses {
            print!("{}", status_text(status));
        }
    }
    Ok(())
}
