//! The `ponte-sandbox` binary: serve a seeded sandbox, print a dataset's summary, send
//! random mutations to a running sandbox, or make it emit webhooks to a relay.

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use ponte_sandbox::{
    EmitSummary, Faults, MetaVariant, MutationOutcome, Sandbox, SandboxConfig, Scale, WebhookTarget,
};
use ponte_webhooks::{AuthMode, shutdown_signal};
use std::io::Write;
use std::net::SocketAddr;

#[derive(Parser)]
#[command(
    name = "ponte-sandbox",
    about = "Simulador da API do Gestão Click para testes e demonstração"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a seeded sandbox until Ctrl-C or SIGTERM.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        #[command(flatten)]
        dataset: DatasetArgs,
        /// Do not enforce 3 requests/s and 30,000/day.
        #[arg(long)]
        no_limits: bool,
        /// Count 3 requests/s with a GCRA, which admits evenly paced requests, instead of
        /// at most 3 in any window of one second.
        #[arg(long, conflicts_with = "no_limits")]
        lenient_limits: bool,
        /// Share of requests answered 500, from 0 to 1.
        #[arg(long, default_value_t = 0.0)]
        failure_rate: f64,
        /// Delay added to every API response.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Share of requests answered with a truncated JSON body, from 0 to 1.
        #[arg(long, default_value_t = 0.0)]
        malformed_rate: f64,
        /// Which `meta` shape lists carry.
        #[arg(long, value_enum, default_value = "per-resource")]
        meta: MetaVariant,
        /// Wrap vendas and formas_pagamentos list items as {"Venda": {...}}.
        #[arg(long)]
        wrapped: bool,
    },
    /// Print the summary of a dataset as JSON, without serving it.
    Summary {
        #[command(flatten)]
        dataset: DatasetArgs,
    },
    /// Apply random creates, updates and deletes to a running sandbox.
    Mutate {
        /// The sandbox address, e.g. http://127.0.0.1:8787 (a trailing /api is ignored).
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 0)]
        creates: usize,
        #[arg(long, default_value_t = 0)]
        updates: usize,
        #[arg(long, default_value_t = 0)]
        deletes: usize,
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Make a running sandbox apply random changes and send each one's webhook to a relay
    /// channel, signed in the channel's auth mode; prints the summary.
    Emit {
        /// The sandbox address (a trailing /api is ignored).
        #[arg(long, default_value = "http://127.0.0.1:8787")]
        url: String,
        /// The relay's base URL, e.g. http://127.0.0.1:8790.
        #[arg(long)]
        relay: String,
        /// The relay channel's id.
        #[arg(long)]
        channel: String,
        #[arg(long, value_enum)]
        auth: AuthMode,
        /// The channel's ingest secret, as `ponte-relay channel create` printed it.
        #[arg(long, env = "PONTE_WEBHOOK_SECRET", hide_env_values = true)]
        secret: String,
        /// Webhooks per second at most; fractions allowed.
        #[arg(long, default_value_t = 1.0)]
        rate: f64,
        #[arg(long, default_value_t = 10)]
        count: usize,
        /// The same seed on the same dataset makes the same changes.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
}

#[derive(clap::Args)]
struct DatasetArgs {
    #[arg(long, default_value_t = 7)]
    seed: u64,
    #[arg(long, value_enum, default_value = "small")]
    scale: Scale,
    /// The date that ends the generated data (default: today in São Paulo).
    #[arg(long)]
    today: Option<NaiveDate>,
}

impl DatasetArgs {
    fn config(&self) -> SandboxConfig {
        let mut config = SandboxConfig::new(self.seed, self.scale);
        if let Some(today) = self.today {
            config.today = today;
        }
        config
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::Serve {
            addr,
            dataset,
            no_limits,
            lenient_limits,
            failure_rate,
            latency_ms,
            malformed_rate,
            meta,
            wrapped,
        } => {
            let mut config = dataset.config();
            config.enforce_limits = !no_limits;
            config.lenient_limits = lenient_limits;
            config.faults = Faults {
                failure_rate,
                latency_ms,
                malformed_rate,
            };
            config.meta_variant = meta;
            config.wrapped_items = wrapped;
            serve(config, addr).await
        }
        Command::Summary { dataset } => {
            let summary = Sandbox::summary(&dataset.config());
            println!("{}", serde_json::to_string_pretty(&summary)?);
            Ok(())
        }
        Command::Mutate {
            url,
            creates,
            updates,
            deletes,
            seed,
        } => {
            mutate(
                &url,
                serde_json::json!({
                    "creates": creates, "updates": updates, "deletes": deletes, "seed": seed
                }),
            )
            .await
        }
        Command::Emit {
            url,
            relay,
            channel,
            auth,
            secret,
            rate,
            count,
            seed,
        } => {
            let target = WebhookTarget::relay(&relay, &channel, auth, &secret);
            emit(
                &url,
                serde_json::json!({
                    "target": target, "count": count, "rate_per_sec": rate, "seed": seed
                }),
            )
            .await
        }
    }
}

async fn serve(config: SandboxConfig, addr: SocketAddr) -> anyhow::Result<()> {
    let sandbox = Sandbox::start(config, addr)
        .await
        .with_context(|| format!("não foi possível escutar em {addr}"))?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "ponte-sandbox listening on {}", sandbox.base_url())?;
    stdout.flush()?;
    shutdown_signal().await;
    tracing::info!("encerrando o ponte-sandbox");
    sandbox.shutdown().await;
    Ok(())
}

async fn mutate(url: &str, batch: serde_json::Value) -> anyhow::Result<()> {
    let response = post_admin(url, "mutations", &batch)
        .await?
        .error_for_status()?;
    let outcomes: Vec<MutationOutcome> = response.json().await?;
    println!("{}", serde_json::to_string_pretty(&outcomes)?);
    Ok(())
}

/// Fails when the sandbox refuses the request or any webhook was never accepted, so a
/// script notices.
async fn emit(url: &str, request: serde_json::Value) -> anyhow::Result<()> {
    let response = post_admin(url, "webhooks", &request).await?;
    let status = response.status();
    if !status.is_success() {
        let answer: serde_json::Value = response.json().await.unwrap_or_default();
        let message = answer["message"].as_str().unwrap_or("sem detalhes");
        anyhow::bail!("o sandbox recusou o envio ({status}): {message}");
    }
    let summary: EmitSummary = response.json().await?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    if !summary.failed.is_empty() {
        anyhow::bail!(
            "{} de {} webhooks não foram aceitos",
            summary.failed.len(),
            summary.sent
        );
    }
    Ok(())
}

/// POSTs `body` to the `/__sandbox/{route}` admin route of the sandbox at `url`.
async fn post_admin(
    url: &str,
    route: &str,
    body: &serde_json::Value,
) -> anyhow::Result<reqwest::Response> {
    let base = url.trim_end_matches('/').trim_end_matches("/api");
    let endpoint = format!("{base}/__sandbox/{route}");
    reqwest::Client::new()
        .post(&endpoint)
        .json(body)
        .send()
        .await
        .with_context(|| format!("o sandbox não respondeu em {endpoint}"))
}
