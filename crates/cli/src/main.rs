//! `ponte`: the headless command line over `ponte-core`. It opens the store in the data
//! directory, runs one command, and shuts the core down cleanly (runs commit or roll back
//! their current page, the pool closes) before exiting.

mod args;
mod backup_args;
mod commands;
mod error;
mod logs_args;
mod output;
mod tokens;
mod writeback_args;

use args::{Cli, Command, RelayCommand};
use clap::Parser;
use error::CliError;
use ponte_core::error::ErrorCode;
use ponte_core::paths::resolve_data_dir;
use ponte_core::providers::credential_store_from_env;
use ponte_core::store::DATABASE_FILE;
use ponte_core::{Core, CoreOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("erro: não foi possível iniciar ({error})");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> ExitCode {
    let data_dir = match resolve_data_dir(cli.data_dir) {
        Ok(dir) => dir,
        Err(error) => return report(&error.into()),
    };
    let _log_guard = ponte_core::logging::init(&data_dir, "ponte-cli", cli.verbose);
    let database = data_dir.join(DATABASE_FILE);
    let core = match Core::open(CoreOptions {
        data_dir: data_dir.clone(),
        credentials: credential_store_from_env(),
    })
    .await
    {
        Ok(core) => core,
        // A damaged store keeps any `Core` from opening: the recovery works on the folder.
        Err(error) if error.error_code() == ErrorCode::StoreDamaged => {
            if let Command::Recuperar(args) = cli.command {
                return match commands::maintenance::recover(&data_dir, args).await {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(error) => report(&error),
                };
            }
            let code = report(&error.into());
            eprintln!("{}", commands::maintenance::recovery_hint(&data_dir).await);
            return code;
        }
        Err(error) => return report(&error.into()),
    };
    let result = match cli.command {
        Command::Integration(command) => commands::integration::run(&core, command).await,
        Command::Sync(args) => commands::sync::run(&core, args).await,
        Command::Status(output) => commands::status::run(&core, output).await,
        Command::Relay(RelayCommand::Connect(args)) => commands::relay::connect(&core, args).await,
        Command::Relay(RelayCommand::Open(args)) => commands::relay::open(&core, args).await,
        Command::Relay(RelayCommand::Verify(args)) => commands::relay::verify(&core, args).await,
        Command::Relay(RelayCommand::RecoveryKey(args)) => {
            commands::relay::recovery_key(&core, args).await
        }
        Command::Relay(RelayCommand::UseRecoveryKey(args)) => {
            commands::relay::use_recovery_key(&core, args).await
        }
        Command::Relay(RelayCommand::Account(command)) => {
            commands::relay_account::run(&core, command).await
        }
        Command::Follow(output) => commands::relay::follow(&core, output).await,
        Command::Report(command) => commands::report::run(&core, command).await,
        Command::Backup(command) => commands::backup::run(&core, command).await,
        Command::Logs(args) => commands::logs::run(&core, args).await,
        Command::Doctor(args) => commands::doctor::run(&core, args).await,
        Command::Diagnostics(command) => commands::diagnostics::run(&core, command).await,
        Command::Reset(args) => commands::maintenance::reset(&core, args).await,
        Command::Restore(args) => commands::restore::run(&core, args).await,
        Command::Lancamento(command) => commands::lancamento::run(&core, command).await,
        Command::Outbox(command) => commands::outbox::run(&core, command).await,
        Command::Recuperar(_) => Err(CliError::NothingToRecover),
    };
    core.shutdown().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A full disk or a read-only store, named with the file, whatever command met it.
        Err(CliError::Core(error)) => report(&CliError::Core(error.about_store(&database))),
        Err(error) => report(&error),
    }
}

fn report(error: &CliError) -> ExitCode {
    tracing::error!(code = error.code(), "{error}");
    eprintln!("erro [{}]: {error}", error.code());
    if let Some(hint) = error.command_line_hint() {
        eprintln!("{hint}");
    }
    ExitCode::from(error.exit_code())
}
