//! The binary's commands: `serve` and the `channel` and `secrets` administration, which
//! open the same database (safe while relays serve it: PostgreSQL, or SQLite's WAL and
//! busy timeout), each with the operator's secrets keys (`secrets.rs` in the library).

pub mod args;
mod output;

use anyhow::Context;
use args::{ChannelCommand, Cli, Command, SecretsCommand, ServeArgs};
use ponte_relay::{
    ChannelAdmin, ConnectionLimits, EventStore, Provisioning, RateLimit, Relay, RelayConfig,
    SecretsKeys, SystemClock, open_store_with_keys,
};
use ponte_webhooks::shutdown_signal;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let database = cli.database();
    let keys = secrets_keys(
        std::env::var("PONTE_RELAY_SECRETS_KEYS").ok(),
        std::env::var("PONTE_RELAY_SECRETS_KEY").ok(),
        cli.secrets_key_file.as_deref(),
    )?;
    let store = open_store_with_keys(&database, keys.clone())
        .await
        .with_context(|| format!("abrindo {}", redacted(&database)))?;
    match cli.command {
        Command::Serve(args) => serve(store, args, &database).await,
        Command::Channel(command) => {
            let admin = ChannelAdmin::new(store.clone(), Arc::new(SystemClock));
            let result = channel(&admin, command).await;
            store.close().await;
            result
        }
        Command::Secrets(SecretsCommand::Reencrypt) => {
            let result = reencrypt(store.as_ref(), &keys).await;
            store.close().await;
            result
        }
    }
}

/// The server keys from exactly one of the three places an operator may give them; none
/// at all is a relay without HMAC or Standard channels.
fn secrets_keys(
    list: Option<String>,
    one: Option<String>,
    file: Option<&Path>,
) -> anyhow::Result<SecretsKeys> {
    let list = list.filter(|value| !value.trim().is_empty());
    let one = one.filter(|value| !value.trim().is_empty());
    Ok(match (list, one, file) {
        (None, None, None) => SecretsKeys::none(),
        (Some(text), None, None) | (None, Some(text), None) => SecretsKeys::parse(&text)?,
        (None, None, Some(path)) => SecretsKeys::from_file(path)?,
        _ => anyhow::bail!(
            "Informe as chaves de segredos de um só jeito: PONTE_RELAY_SECRETS_KEYS, \
             PONTE_RELAY_SECRETS_KEY ou --secrets-key-file."
        ),
    })
}

async fn reencrypt(store: &dyn EventStore, keys: &SecretsKeys) -> anyhow::Result<()> {
    let Some(current) = keys.current_id() else {
        anyhow::bail!(
            "Recifrar precisa das chaves: defina PONTE_RELAY_SECRETS_KEYS=nova:base64,antiga:base64 \
             (a nova primeiro) ou use --secrets-key-file."
        );
    };
    let rewritten = store.reencrypt_secrets().await?;
    writeln!(
        std::io::stdout(),
        "{rewritten} segredo(s) recifrado(s) com a chave {current}. Os demais já estavam nela."
    )?;
    Ok(())
}

async fn serve(store: Arc<dyn EventStore>, args: ServeArgs, database: &str) -> anyhow::Result<()> {
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
    let hardening = args.hardening;
    config.connections = ConnectionLimits {
        header_read_timeout: hardening.header_read_timeout,
        idle_timeout: hardening.idle_timeout,
        body_read_timeout: hardening.body_read_timeout,
        max_connections: hardening.max_connections,
    };
    config.failed_auth_limit = RateLimit {
        per_second: hardening.failed_auth_rate,
        burst: hardening.failed_auth_burst,
    };
    config.behind_proxy = hardening.behind_proxy;
    config.relay_count = hardening.relay_count;
    if let Some(relay_id) = hardening.relay_id.filter(|id| !id.trim().is_empty()) {
        config.relay_id = relay_id;
    }
    let relay = Relay::start(config, store, Arc::new(SystemClock)).await?;
    // Scripts and tests read this line to learn the port picked for `--addr ...:0`.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "ponte-relay listening on {}", relay.base_url())?;
    stdout.flush()?;
    tracing::info!(database = %redacted(database), "serving");
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
                // No keys: a channel made by hand takes no webhooks until Ponte connects
                // it and registers the desktop's key (`PUT /v1/channels/{id}/keys`).
                .create(args.provider, args.auth, &args.public_url.url, &[])
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

/// The database as it may be logged: a URL's password (`postgres://user:PASSWORD@...`)
/// becomes `***`.
fn redacted(database: &str) -> String {
    let Some((scheme, rest)) = database.split_once("://") else {
        return database.to_string();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return database.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => database.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn a_database_url_is_logged_without_its_password() {
        assert_eq!(
            redacted("postgres://relay:s3cr3t@db:5432/ponte"),
            "postgres://relay:***@db:5432/ponte"
        );
        assert_eq!(
            redacted("postgres://relay@db/ponte"),
            "postgres://relay@db/ponte"
        );
        assert_eq!(redacted("/var/lib/relay.db"), "/var/lib/relay.db");
    }
}
