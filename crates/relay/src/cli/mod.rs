//! The binary's commands: `serve` and the `channel` administration, which opens the same
//! SQLite file (safe while `serve` runs: WAL and a busy timeout).

pub mod args;
mod output;

use anyhow::Context;
use args::{ChannelCommand, Cli, Command, ServeArgs};
use ponte_relay::{
    ChannelAdmin, EventStore, Provisioning, RateLimit, Relay, RelayConfig, SqliteStore, SystemClock,
};
use ponte_webhooks::shutdown_signal;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let store = Arc::new(
        SqliteStore::open(&cli.db)
            .await
            .with_context(|| format!("abrindo {}", cli.db.display()))?,
    );
    match cli.command {
        Command::Serve(args) => serve(store, args, &cli.db).await,
        Command::Channel(command) => {
            let admin = ChannelAdmin::new(store.clone(), Arc::new(SystemClock));
            let result = channel(&admin, command).await;
            store.close().await;
            result
        }
    }
}

async fn serve(store: Arc<SqliteStore>, args: ServeArgs, db: &Path) -> anyhow::Result<()> {
    let mut config = RelayConfig::new(args.addr);
    config.retention = args.retention;
    config.purge_interval = args.purge_interval;
    config.rate_limit = RateLimit {
        per_second: args.rate,
        burst: args.burst,
    };
    config.provisioning = args
        .account_token
        .as_deref()
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(|token| Provisioning::new(token, &args.public_url.url));
    let relay = Relay::start(config, store, Arc::new(SystemClock)).await?;
    // Scripts and tests read this line to learn the port picked for `--addr ...:0`.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "ponte-relay listening on {}", relay.base_url())?;
    stdout.flush()?;
    tracing::info!(db = %db.display(), "serving");
    shutdown_signal().await;
    tracing::info!("shutting down: finishing requests in flight");
    relay.shutdown().await;
    Ok(())
}

async fn channel(admin: &ChannelAdmin, command: ChannelCommand) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout();
    match command {
        ChannelCommand::Create(args) => {
            let created = admin
                .create(args.provider, args.auth, &args.public_url.url)
                .await?;
            if args.output.json {
                writeln!(stdout, "{}", serde_json::to_string_pretty(&created)?)?;
            } else {
                write!(stdout, "{}", output::created(&created))?;
            }
        }
        ChannelCommand::List(args) => {
            let channels = admin.list().await?;
            if args.json {
                writeln!(stdout, "{}", serde_json::to_string_pretty(&channels)?)?;
            } else {
                write!(stdout, "{}", output::channel_table(&channels))?;
            }
        }
        ChannelCommand::RotateSecret(args) => {
            let rotated = admin
                .rotate_secret(&args.id, args.overlap, &args.public_url.url)
                .await?;
            if args.output.json {
                writeln!(stdout, "{}", serde_json::to_string_pretty(&rotated)?)?;
            } else {
                write!(stdout, "{}", output::rotated(&rotated))?;
            }
        }
        ChannelCommand::Delete(args) => {
            admin.delete(&args.id).await?;
            writeln!(
                stdout,
                "Canal {} removido, com todos os seus eventos.",
                args.id
            )?;
        }
    }
    Ok(())
}
