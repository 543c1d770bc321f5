//! The one error type of `ponte-core`: every failure a user can meet, with a stable code
//! and a pt-BR message that says what to do next. The shell maps it to `{code, message}`.

pub use crate::error_code::ErrorCode;
use std::time::Duration;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, named for the user. `Display` is the pt-BR message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The provider's messages name it, and `fix` (its own wording) says where its tokens are.
    #[error("Credenciais inválidas: {provider} recusou as credenciais cadastradas. {fix}")]
    InvalidCredentials {
        provider: &'static str,
        fix: &'static str,
    },

    #[error("{provider} limitou as requisições (HTTP 429) e não liberou depois de {attempts} tentativas. Aguarde {} segundos e sincronize de novo.", retry_after.as_secs().max(1))]
    RateLimited {
        provider: &'static str,
        attempts: u32,
        retry_after: Duration,
    },

    #[error(
        "A cota diária de {limit} requisições desta conta foi usada ({used}). A sincronização volta a funcionar amanhã (horário de Brasília)."
    )]
    DailyBudgetExhausted { used: u32, limit: u32 },

    #[error("{provider} recusou a requisição: {mensagem}")]
    ProviderValidation {
        provider: &'static str,
        mensagem: String,
    },

    #[error(
        "{provider} não respondeu corretamente depois de {attempts} tentativas ({detail}). Verifique a conexão com a internet e tente de novo em alguns minutos."
    )]
    ProviderUnavailable {
        provider: &'static str,
        attempts: u32,
        detail: String,
    },

    #[error("Registro {entity} {external_id} com dados inválidos: {detail}")]
    InvalidRecord {
        entity: &'static str,
        external_id: String,
        detail: String,
    },

    #[error(
        "Nenhum serviço de chaveiro do sistema está disponível ({detail}). No Linux, instale e inicie o gnome-keyring (ou outro Secret Service) e desbloqueie-o; a Ponte nunca guarda tokens em texto puro."
    )]
    KeyringUnavailable { detail: String },

    #[error(
        "Não há tokens salvos para a integração \"{integration}\". Cadastre-os em Integrações › \"{integration}\" › Trocar tokens."
    )]
    CredentialsMissing { integration: String },

    #[error(
        "Integração \"{name}\" não encontrada; ela pode ter sido removida. Veja as integrações cadastradas em Integrações (ou com `ponte integration list`)."
    )]
    IntegrationNotFound { name: String },

    #[error(
        "A integração \"{name}\" está desativada. Ative-a em Integrações para voltar a sincronizar."
    )]
    IntegrationDisabled { name: String },

    #[error("Já existe uma integração chamada \"{name}\". Escolha outro nome.")]
    IntegrationNameTaken { name: String },

    #[error(
        "Não há segredos do relay salvos para a integração \"{integration}\". Conecte-a ao relay de novo em Integrações › Tempo real (ou com `ponte relay connect`)."
    )]
    RelaySecretsMissing { integration: String },

    #[error(
        "O relay não respondeu ({detail}). As notificações em tempo real ficam guardadas nele; a Ponte tenta de novo sozinha."
    )]
    RelayUnavailable { detail: String },

    #[error(
        "O relay recusou o token de leitura do canal {channel}. Gere um novo token com `ponte-relay channel create` e conecte a integração de novo."
    )]
    RelayRefused { channel: String },

    #[error(
        "A integração \"{integration}\" não está ligada a um relay. Ligue-a em Integrações › Tempo real (ou com `ponte relay connect`)."
    )]
    RelayNotConnected { integration: String },

    #[error(
        "O relay recusou o evento de teste ({detail}). Confira se o segredo de ingestão e o modo de autenticação são os que `ponte-relay channel create` mostrou."
    )]
    RelayIngestRejected { detail: String },

    #[error(
        "Para adicionar uma integração {provider}, a Ponte cria um canal no relay de webhooks, e para isso precisa do endereço e do token da conta do relay. Informe-os em Configurações › Relay de webhooks (ou com `ponte relay account set --url URL`)."
    )]
    RelayAccountMissing { provider: &'static str },

    #[error(
        "O relay recusou o token da conta. Confira o token em Configurações › Relay de webhooks; quem administra o relay o fornece."
    )]
    RelayAccountRejected,

    #[error(
        "O relay em {relay_url} não cria canais pela Ponte. Peça a quem o administra que o inicie com um token de conta (PONTE_RELAY_ACCOUNT_TOKEN), ou confira o endereço em Configurações › Relay de webhooks."
    )]
    RelayProvisioningDisabled { relay_url: String },

    #[error(
        "O evento de teste chegou ao relay, mas não voltou em {secs} s. Veja se o tempo real desta integração está ativo (status do relay) e tente de novo."
    )]
    RelayVerifyTimeout { secs: u64 },

    #[error(
        "Notificação {0} não encontrada; ela pode ter sido apagada junto com a integração. Atualize a lista de notificações."
    )]
    NotificationNotFound(i64),

    #[error(
        "Não foi possível gerar o arquivo {format}: {detail}. Tente de novo; se persistir, exporte em CSV e veja os logs."
    )]
    Export {
        format: &'static str,
        detail: String,
    },

    #[error(
        "Não foi possível gravar {path}: {detail}. Escolha outra pasta, ou feche o arquivo se ele estiver aberto em outro programa."
    )]
    WriteFile { path: String, detail: String },

    #[error(
        "A {provider} não tem API de consulta: não há o que sincronizar nem testar por aqui. Os dados chegam em tempo real, pelos webhooks que ela envia ao relay; conecte a integração a um canal do relay em Integrações › Tempo real e use \"Verificar\" para testar o caminho."
    )]
    RealtimeOnly { provider: &'static str },

    #[error(
        "A integração usa o provedor \"{key}\", que esta versão da Ponte não conhece. Atualize a Ponte ou remova a integração em Integrações."
    )]
    UnknownProvider { key: String },

    #[error("Valor inválido em {field}: {detail}")]
    InvalidInput { field: &'static str, detail: String },

    #[error(
        "Este banco de dados foi gravado por uma versão mais nova da Ponte (migração {found}, esta versão conhece até {supported}). Atualize a Ponte; o arquivo não foi alterado."
    )]
    DatabaseFromNewerVersion { found: i64, supported: i64 },

    #[error(
        "A sincronização foi cancelada. O que já foi gravado fica salvo e a próxima sincronização continua de onde parou."
    )]
    Cancelled,

    #[error(
        "Não foi possível usar a pasta de dados {path}: {source}. Escolha outra pasta com --data-dir ou PONTE_DATA_DIR."
    )]
    DataDir {
        path: String,
        source: std::io::Error,
    },

    /// A file the core reads or writes itself; `action` is the verb, "apagar", "ler", ...
    #[error(
        "Não foi possível {action} o arquivo {path}: {source}. Verifique se a pasta existe e se a Ponte tem permissão para usá-la, e tente de novo."
    )]
    FileAccess {
        path: String,
        action: &'static str,
        source: std::io::Error,
    },

    #[error(
        "Erro no banco de dados local: {0}. Se persistir, veja a seção de solução de problemas no README."
    )]
    Database(#[from] sqlx::Error),

    #[error(
        "Não foi possível atualizar o banco de dados local: {0}. O arquivo original foi copiado antes da atualização."
    )]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl Error {
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::DailyBudgetExhausted { .. } => ErrorCode::DailyBudgetExhausted,
            Error::ProviderValidation { .. } => ErrorCode::ProviderValidation,
            Error::ProviderUnavailable { .. } => ErrorCode::ProviderUnavailable,
            Error::InvalidRecord { .. } => ErrorCode::InvalidRecord,
            Error::KeyringUnavailable { .. } => ErrorCode::KeyringUnavailable,
            Error::CredentialsMissing { .. } => ErrorCode::CredentialsMissing,
            Error::IntegrationNotFound { .. } => ErrorCode::IntegrationNotFound,
            Error::IntegrationDisabled { .. } => ErrorCode::IntegrationDisabled,
            Error::IntegrationNameTaken { .. } => ErrorCode::IntegrationNameTaken,
            Error::NotificationNotFound(_) => ErrorCode::NotificationNotFound,
            Error::RelaySecretsMissing { .. } => ErrorCode::RelaySecretsMissing,
            Error::RelayUnavailable { .. } => ErrorCode::RelayUnavailable,
            Error::RelayRefused { .. } => ErrorCode::RelayRefused,
            Error::RelayNotConnected { .. } => ErrorCode::RelayNotConnected,
            Error::RelayIngestRejected { .. } => ErrorCode::RelayIngestRejected,
            Error::RelayVerifyTimeout { .. } => ErrorCode::RelayVerifyTimeout,
            Error::RelayAccountMissing { .. } => ErrorCode::RelayAccountMissing,
            Error::RelayAccountRejected => ErrorCode::RelayAccountRejected,
            Error::RelayProvisioningDisabled { .. } => ErrorCode::RelayProvisioningDisabled,
            Error::Export { .. } => ErrorCode::Export,
            Error::WriteFile { .. } => ErrorCode::WriteFile,
            Error::RealtimeOnly { .. } => ErrorCode::RealtimeOnly,
            Error::UnknownProvider { .. } => ErrorCode::UnknownProvider,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::DatabaseFromNewerVersion { .. } => ErrorCode::DatabaseFromNewerVersion,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::FileAccess { .. } => ErrorCode::FileAccess,
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
        }
    }

    /// A stable, machine-readable code for the UI, the CLI's JSON and tests:
    /// `error_code`'s wire spelling.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }
}
