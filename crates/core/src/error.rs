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
        "Não há segredos do relay salvos para a integração \"{integration}\". Ligue o tempo real dela de novo em Integrações › Tempo real."
    )]
    RelaySecretsMissing { integration: String },

    #[error(
        "O relay não respondeu ({detail}). Nada se perde: os eventos esperam no relay, e a Ponte tenta de novo sozinha."
    )]
    RelayUnavailable { detail: String },

    /// The relay could not be reached while connecting a channel: nothing was saved, so
    /// nothing waits on a retry either.
    #[error(
        "Não foi possível falar com o relay em {relay_url} ({detail}). Nada foi salvo. Confira o endereço e a conexão com a internet e tente de novo; se continuar, o relay está fora do ar: fale com quem o administra."
    )]
    RelayUnreachable { relay_url: String, detail: String },

    #[error(
        "O relay não tem o canal {channel}: ele não existe ou foi removido. Confira o canal informado, ou use “Ligar tempo real” para a Ponte abrir um canal novo."
    )]
    RelayChannelNotFound { channel: String },

    #[error(
        "O relay recusou o token de leitura do canal {channel}. Confira o token de leitura, ou use “Ligar tempo real” para a Ponte abrir um canal novo."
    )]
    RelayRefused { channel: String },

    #[error(
        "A integração \"{integration}\" não está ligada a um relay. Ligue o tempo real dela em Integrações › Tempo real."
    )]
    RelayNotConnected { integration: String },

    #[error(
        "O relay recusou o evento de teste ({detail}). Confira se o segredo de ingestão e a autenticação são os do canal, ou use “Ligar tempo real” para a Ponte abrir um canal novo."
    )]
    RelayIngestRejected { detail: String },

    #[error(
        "Para receber os dados da integração {provider} em tempo real, a Ponte cria um canal no relay de webhooks, e para isso precisa do endereço e do token da conta do relay. Informe-os em Configurações › Relay de webhooks."
    )]
    RelayAccountMissing { provider: &'static str },

    #[error(
        "O relay recusou o token da conta. Confira o token em Configurações › Relay de webhooks; quem administra o relay o fornece."
    )]
    RelayAccountRejected,

    #[error(
        "O relay em {relay_url} não cria canais pela Ponte. Peça a quem o administra que habilite a criação de canais com um token de conta, ou confira o endereço em Configurações › Relay de webhooks."
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
        "{provider} não tem API de consulta: não há o que sincronizar nem testar por aqui. Os dados chegam em tempo real, pelos webhooks que envia ao relay; conecte a integração a um canal do relay em Integrações › Tempo real e use \"Verificar\" para testar o caminho."
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
        "Não foi possível usar a pasta de dados {path}: {source}. Confira se a pasta existe e se a Ponte pode gravar nela, ou escolha outra pasta de dados; veja “Pasta de dados sem permissão de escrita” em “Solução de problemas” no README."
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
        "Erro no banco de dados local: {0}. Se persistir, veja “Solução de problemas” no README."
    )]
    Database(#[from] sqlx::Error),

    #[error(
        "Não foi possível atualizar o banco de dados local: {0}. Se persistir, veja “Migração que não confere” em “Solução de problemas” no README."
    )]
    Migration(#[from] sqlx::migrate::MigrateError),

    #[error("O backup {id} não existe. Confira o nome na lista de backups (`ponte backup list`).")]
    BackupNotFound { id: String },

    /// A backup that failed verification, when written or checked later; a copy being
    /// written is deleted, never listed.
    #[error(
        "O backup {path} não passou na verificação: {reason}. Ele não será usado; faça um novo backup agora e, se o problema se repetir, veja “Backups” no README."
    )]
    BackupInvalid { path: String, reason: String },

    /// The store file cannot be read as a database (not SQLite, truncated, malformed).
    /// Nothing is written to it: recovery moves it aside first (`maintenance::recovery`).
    #[error(
        "O arquivo de dados {path} está danificado ({detail}). Nada foi apagado. Abra a Ponte para restaurar o backup verificado mais recente ou começar do zero (na linha de comando: ponte recuperar --restaurar-backup, ou ponte recuperar --comecar-do-zero)."
    )]
    StoreDamaged { path: String, detail: String },

    #[error(
        "A sincronização de \"{integration}\" está em andamento. Espere ela terminar (ou cancele) e limpe os dados de novo."
    )]
    ResetWhileSyncing { integration: String },

    #[error(
        "Não há backup verificado para restaurar em {dir}. Escolha \"Começar do zero\" (na linha de comando: ponte recuperar --comecar-do-zero)."
    )]
    NoVerifiedBackup { dir: String },

    /// SQLite could not grow a file of the store (SQLITE_FULL, or the shared-memory file
    /// it could not extend): the disk holding the data directory is full.
    #[error(
        "Disco cheio: não há espaço para gravar {path}. Nada do que já estava gravado se perdeu. Libere espaço nesse disco (ou mude a pasta de dados para outro) e tente de novo; a sincronização continua de onde parou. Veja “Disco cheio” em “Solução de problemas” no README."
    )]
    DiskFull { path: String },

    #[error(
        "O arquivo {path} está somente leitura: a Ponte mostra os dados dele, mas não consegue gravar. Devolva a permissão de escrita ao arquivo e à pasta dele (ou copie a pasta para um lugar onde possa gravar e use essa cópia) e tente de novo. Veja “Banco de dados somente leitura” em “Solução de problemas” no README."
    )]
    ReadOnlyStore { path: String },

    #[error(
        "Não foi possível abrir o banco de dados {path}: a pasta {dir} não deixa criar ou gravar arquivos. Dê à Ponte permissão de escrita nessa pasta, ou escolha outra pasta de dados. Veja “Pasta de dados sem permissão de escrita” em “Solução de problemas” no README."
    )]
    StoreUnopenable { path: String, dir: String },

    #[error(
        "O caminho da pasta de dados ({path}) tem caracteres que não são texto válido (UTF-8), e o banco de dados não pode ser aberto nele. Renomeie a pasta ou escolha outra, com um nome sem esses caracteres. Veja “Pasta de dados com nome inválido” em “Solução de problemas” no README."
    )]
    DataDirNotUtf8 { path: String },

    /// A migration this build knows was applied to the store with other contents: the
    /// store was written by a modified build. Nothing is applied or changed.
    #[error(
        "O banco de dados {path} foi atualizado por uma versão diferente desta (a migração {version} não confere). A Ponte não alterou o arquivo. Use a versão da Ponte que gravou este banco, ou restaure um backup feito por esta. Veja “Migração que não confere” em “Solução de problemas” no README."
    )]
    MigrationModified { path: String, version: i64 },

    /// A migration failed after the verified backup taken just before it.
    #[error(
        "Não foi possível atualizar o banco de dados {path}: {detail}. Uma cópia verificada de antes da atualização foi guardada como o backup {backup} (em {backup_path}): nada se perdeu. Volte a usar a versão anterior da Ponte ou restaure esse backup, e veja “Migração que não confere” em “Solução de problemas” no README."
    )]
    MigrationFailed {
        path: String,
        detail: String,
        backup: String,
        backup_path: String,
    },

    /// "Desfazer restauração" with no restore on record in this data directory.
    #[error(
        "Não há restauração para desfazer nesta pasta de dados. Para voltar a um estado anterior, escolha um backup na lista (`ponte backup list`) e restaure-o."
    )]
    NoRestoreToUndo,

    /// A staged restore found the store still open by another Ponte process.
    #[error(
        "A restauração não foi aplicada: o banco {path} está aberto por outro programa da Ponte (o aplicativo, ou um `ponte follow`). Feche-o e abra a Ponte de novo; a restauração preparada é aplicada nessa abertura, e o banco atual continua intacto até lá."
    )]
    StoreInUse { path: String },

    /// A change to write back names an integration whose "Permitir alterações" is off.
    #[error(
        "As alterações no {provider} estão desligadas para a integração \"{integration}\". Ligue \"Permitir alterações no {provider}\" em Integrações › \"{integration}\" › Configurações e tente de novo."
    )]
    WritesDisabled {
        provider: &'static str,
        integration: String,
    },

    /// A change to write back names a record of a provider without a write API.
    #[error(
        "{provider} não oferece uma API para alterar registros: corrija este lançamento no próprio {provider}; a Ponte recebe a correção na próxima sincronização."
    )]
    WritesUnsupported { provider: &'static str },

    /// A write the provider answered with success, whose record does not hold the change.
    #[error(
        "{provider} aceitou a alteração, mas não gravou {fields}. Faça a correção no próprio {provider}; a Ponte a recebe na próxima sincronização."
    )]
    WriteNotApplied {
        provider: &'static str,
        fields: String,
    },

    #[error(
        "Lançamento {id} não encontrado no banco local; ele pode ter sido removido. Atualize a lista em Dados e escolha de novo."
    )]
    LancamentoNotFound { id: i64 },

    #[error(
        "Alteração #{id} não encontrada; ela pode ter sido descartada. Atualize a lista em Alterações enviadas (ou `ponte outbox list`)."
    )]
    OutboxItemNotFound { id: i64 },

    /// An outbox action asked of a row in a state it does not apply to.
    #[error("A alteração #{id} está {state}: {what}. Atualize a lista em Alterações enviadas.")]
    OutboxItemState {
        id: i64,
        state: &'static str,
        what: &'static str,
    },
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
            Error::RelayUnreachable { .. } => ErrorCode::RelayUnreachable,
            Error::RelayChannelNotFound { .. } => ErrorCode::RelayChannelNotFound,
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
            Error::BackupNotFound { .. } => ErrorCode::BackupNotFound,
            Error::BackupInvalid { .. } => ErrorCode::BackupInvalid,
            Error::StoreDamaged { .. } => ErrorCode::StoreDamaged,
            Error::ResetWhileSyncing { .. } => ErrorCode::ResetWhileSyncing,
            Error::NoVerifiedBackup { .. } => ErrorCode::NoVerifiedBackup,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::ReadOnlyStore { .. } => ErrorCode::ReadOnlyStore,
            Error::StoreUnopenable { .. } => ErrorCode::StoreUnopenable,
            Error::DataDirNotUtf8 { .. } => ErrorCode::DataDirNotUtf8,
            Error::MigrationModified { .. } => ErrorCode::MigrationModified,
            Error::MigrationFailed { .. } => ErrorCode::MigrationFailed,
            Error::NoRestoreToUndo => ErrorCode::NoRestoreToUndo,
            Error::StoreInUse { .. } => ErrorCode::StoreInUse,
            Error::WritesDisabled { .. } => ErrorCode::WritesDisabled,
            Error::WritesUnsupported { .. } => ErrorCode::WritesUnsupported,
            Error::WriteNotApplied { .. } => ErrorCode::WriteNotApplied,
            Error::LancamentoNotFound { .. } => ErrorCode::LancamentoNotFound,
            Error::OutboxItemNotFound { .. } => ErrorCode::OutboxItemNotFound,
            Error::OutboxItemState { .. } => ErrorCode::OutboxItemState,
        }
    }

    /// A stable, machine-readable code for the UI, the CLI's JSON and tests:
    /// `error_code`'s wire spelling.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }
}
