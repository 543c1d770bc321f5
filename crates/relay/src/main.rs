//! The `ponte-relay` binary: serve the relay, or administer its channels on the same
//! database file. The grammar is in `cli/args.rs`.

mod cli;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match cli::run(cli::args::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ponte-relay: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
