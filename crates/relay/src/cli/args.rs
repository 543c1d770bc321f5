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
    /// Banco do relay: `postgres://usuário@host:porta/banco` para PostgreSQL (vários relays
    /// no mesmo banco), ou o caminho de um arquivo SQLite (criado se não existir; também
    /// `sqlite:caminho`). Padrão: ponte-relay.db.
    #[arg(
        long,
        global = true,
        env = "PONTE_RELAY_DATABASE_URL",
        hide_env_values = true
    )]
    pub database: Option<String>,

    /// Arquivo SQLite do relay; o mesmo que `--database CAMINHO`, mantido para as
    /// instalações que já o usam.
    #[arg(
        long,
        global = true,
        env = "PONTE_RELAY_DB",
        conflicts_with = "database"
    )]
    pub db: Option<PathBuf>,

    /// Arquivo com as chaves que cifram os segredos dos canais HMAC e Standard: `id:base64`
    /// (32 bytes) por linha ou separadas por vírgula, a primeira cifra e todas decifram.
    /// Só o dono pode ler o arquivo (chmod 600). Alternativas, só por variável de ambiente:
    /// PONTE_RELAY_SECRETS_KEYS=id1:base64,id2:base64 ou PONTE_RELAY_SECRETS_KEY=base64.
    #[arg(long, global = true, env = "PONTE_RELAY_SECRETS_KEY_FILE")]
    pub secrets_key_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The store to open: `--database`, else `--db`, else `ponte-relay.db`.
    pub fn database(&self) -> String {
        match (&self.database, &self.db) {
            (Some(database), _) => database.clone(),
            (None, Some(path)) => path.display().to_string(),
            (None, None) => "ponte-relay.db".to_string(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve o relay até Ctrl-C ou SIGTERM.
    Serve(ServeArgs),
    /// Cria, lista, gira o segredo e remove canais.
    #[command(subcommand)]
    Channel(ChannelCommand),
    /// Administra os segredos guardados dos canais.
    #[command(subcommand)]
    Secrets(SecretsCommand),
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Recifra todos os segredos com a chave atual (a primeira informada): o passo 2 da
    /// troca de chave, antes de remover a antiga.
    Reencrypt,
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
    #[command(flatten)]
    pub hardening: HardeningArgs,
}

/// Conexões, limites de falhas e a identidade do relay entre vários.
#[derive(Debug, Args)]
pub struct HardeningArgs {
    /// Prazo para o cabeçalho de uma requisição chegar inteiro (também entre requisições
    /// de uma conexão keep-alive).
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_read_timeout: Duration,
    /// Uma conexão sem requisição em andamento e sem bytes passando é fechada após isso.
    #[arg(long, default_value = "75s", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,
    /// Prazo para o corpo de uma requisição chegar inteiro (408 depois).
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    pub body_read_timeout: Duration,
    /// Conexões atendidas ao mesmo tempo; o relay reduz o número para caber no limite de
    /// arquivos abertos (LimitNOFILE).
    #[arg(long, default_value = "4096")]
    pub max_connections: usize,
    /// Falhas de verificação por segundo aceitas por endereço de origem (depois, 429).
    #[arg(long, default_value = "5")]
    pub failed_auth_rate: NonZeroU32,
    /// Rajada de falhas de verificação aceita por endereço de origem.
    #[arg(long, default_value = "20")]
    pub failed_auth_burst: NonZeroU32,
    /// O relay está atrás de um proxy reverso: a origem de uma requisição é o último
    /// endereço de X-Forwarded-For. Sem proxy, não ligue: qualquer um envia esse cabeçalho.
    #[arg(long, env = "PONTE_RELAY_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Quantos relays atendem os mesmos canais: cada um aceita --rate e --burst divididos
    /// por este número.
    #[arg(long, env = "PONTE_RELAY_COUNT", default_value = "1")]
    pub relay_count: NonZeroU32,
    /// O nome deste relay no rótulo `relay` de /metrics e em /healthz (padrão: o nome da
    /// máquina).
    #[arg(long, env = "PONTE_RELAY_ID")]
    pub relay_id: Option<String>,
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
