//! The command line grammar (clap derive). Help texts are pt-BR, like the rest of the
//! operator-facing surface.

use clap::{Args, Parser, Subcommand};
use ponte_webhooks::{AuthMode, Provider};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "ponte-relay",
    version,
    about = "Relay de webhooks da Ponte: recebe, guarda e entrega eventos dos provedores"
)]
pub struct Cli {
    /// Arquivo SQLite do relay (criado se não existir).
    #[arg(
        long,
        global = true,
        env = "PONTE_RELAY_DB",
        default_value = "ponte-relay.db"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve o relay até Ctrl-C ou SIGTERM.
    Serve(ServeArgs),
    /// Cria, lista, gira o segredo e remove canais.
    #[command(subcommand)]
    Channel(ChannelCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, env = "PONTE_RELAY_ADDR", default_value = "127.0.0.1:8788")]
    pub addr: SocketAddr,
    /// Por quanto tempo eventos já confirmados ficam disponíveis para reenvio.
    #[arg(long, default_value = "30d", value_parser = humantime::parse_duration)]
    pub retention: Duration,
    /// De quanto em quanto tempo a limpeza roda.
    #[arg(long, default_value = "1h", value_parser = humantime::parse_duration)]
    pub purge_interval: Duration,
    /// Webhooks por segundo aceitos por canal (sustentado).
    #[arg(long, default_value = "100")]
    pub rate: NonZeroU32,
    /// Rajada aceita por canal além do ritmo sustentado.
    #[arg(long, default_value = "200")]
    pub burst: NonZeroU32,
    /// Token da conta: com ele, a Ponte cria e remove os próprios canais
    /// (`POST /v1/channels`). Sem ele, só `channel create` cria canais. Prefira a
    /// variável de ambiente: um argumento aparece na lista de processos.
    #[arg(long, env = "PONTE_RELAY_ACCOUNT_TOKEN", hide_env_values = true)]
    pub account_token: Option<String>,
    #[command(flatten)]
    pub public_url: PublicUrlArg,
}

#[derive(Debug, Subcommand)]
pub enum ChannelCommand {
    /// Cria um canal e mostra, uma única vez, a URL, o segredo e o token de leitura.
    Create(CreateArgs),
    /// Lista os canais (sem segredos).
    List(OutputArgs),
    /// Gera um segredo novo; os atuais continuam valendo durante a sobreposição.
    RotateSecret(RotateArgs),
    /// Remove o canal e todos os eventos dele.
    Delete(ChannelIdArg),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[arg(long, value_enum)]
    pub provider: Provider,
    #[arg(long, value_enum)]
    pub auth: AuthMode,
    #[command(flatten)]
    pub public_url: PublicUrlArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    pub id: String,
    /// Por quanto tempo os segredos atuais continuam aceitos (ex.: 24h, 30m, 0s).
    #[arg(long, default_value = "24h", value_parser = humantime::parse_duration)]
    pub overlap: Duration,
    #[command(flatten)]
    pub public_url: PublicUrlArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct PublicUrlArg {
    /// O endereço público do relay, como os provedores o alcançam.
    #[arg(
        long = "public-url",
        env = "PONTE_RELAY_PUBLIC_URL",
        default_value = "http://127.0.0.1:8788"
    )]
    pub url: String,
}

#[derive(Debug, Args)]
pub struct ChannelIdArg {
    pub id: String,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}
