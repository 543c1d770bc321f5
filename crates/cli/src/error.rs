//! The CLI's one error type: the core's errors, plus what only the command line can get
//! wrong (reading tokens, an option of another provider) and runs that ended badly. Each
//! maps to an exit code.

use ponte_core::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] ponte_core::Error),

    #[error(
        "Não foi possível ler os tokens: {0}. Digite-os no terminal ou envie os dois por stdin, um por linha."
    )]
    TokenInput(std::io::Error),

    #[error(
        "Nenhuma integração ativa para sincronizar. Cadastre uma com `ponte integration add gestaoclick --name NOME`; a Coinzz não sincroniza, recebe os dados em tempo real (`ponte follow`)."
    )]
    NoIntegrations,

    #[error(
        "Nenhuma integração está ligada a um relay. Ligue uma com `ponte relay open NOME` (ou, com um canal existente, `ponte relay connect NOME --relay URL --channel ID --auth MODO`)."
    )]
    NoRelayChannels,

    #[error(
        "Não foi possível ler os segredos do relay: {0}. Digite-os no terminal ou envie por stdin o token de leitura e o segredo de ingestão, um por linha."
    )]
    RelaySecretInput(std::io::Error),

    #[error(
        "Não foi possível ler o token da conta do relay: {0}. Digite-o no terminal ou envie-o por stdin, numa linha."
    )]
    RelayAccountTokenInput(std::io::Error),

    #[error(
        "A opção {option} só vale para o Gestão Click. A Coinzz não tem API nem tokens: os dados dela chegam pelos webhooks, pelo canal que a Ponte abre no relay."
    )]
    GestaoClickOnly { option: &'static str },

    #[error("Não foi possível gravar {path}: {source}. Escolha outra pasta com --out.")]
    Output {
        path: String,
        source: std::io::Error,
    },

    #[error(
        "{failing} verificação(ões) da conferência não conferem; veja o relatório acima e os lançamentos apontados."
    )]
    ConferenciaDiverges { failing: usize },

    #[error(
        "O diagnóstico encontrou {problems} problema(s); veja acima o que fazer em cada um (`ponte doctor --fix` aplica as correções seguras)."
    )]
    DoctorFoundProblems { problems: usize },

    #[error("{failed} de {total} sincronizações não terminaram com sucesso.")]
    RunsFailed { failed: usize, total: usize },

    #[error(
        "A limpeza dos dados espelhados apaga clientes, fornecedores, vendas e lançamentos do banco local (um backup verificado é feito antes). Para confirmar, rode de novo com --yes: `ponte reset --yes` (ou `ponte reset --keep-annotations --yes` para manter as notas)."
    )]
    ResetNotConfirmed,

    #[error(
        "Nada foi restaurado. A restauração troca os dados atuais pelos do backup (um backup verificado do estado atual é feito antes). Para confirmar, rode de novo com --yes: `{command}`."
    )]
    RestoreNotConfirmed { command: String },

    #[error(
        "O arquivo de dados abre normalmente: não há nada a recuperar. Para voltar a um backup, use `ponte backup list`."
    )]
    NothingToRecover,

    #[error(
        "{kind} \"{text}\" não encontrado(a) entre os espelhados. Confira o nome ou o id (como no Gestão Click) e, se for novo, sincronize antes: `ponte sync`."
    )]
    UnknownReference { kind: &'static str, text: String },

    #[error("{option}: {detail}. Informe o valor em reais, como 12,50.")]
    InvalidMoney {
        option: &'static str,
        detail: String,
    },

    #[error(
        "{not_done} de {total} alteração(ões) não foram gravadas no Gestão Click; veja acima o motivo e o que fazer em cada uma (`ponte outbox list`)."
    )]
    WritesNotDone { not_done: usize, total: usize },

    #[error(
        "Sincronização cancelada. O que já foi gravado fica salvo; a próxima continua de onde parou."
    )]
    Interrupted,
}

impl CliError {
    /// What the same fix is on the command line, for a core error whose message names only
    /// the app's screens.
    pub fn command_line_hint(&self) -> Option<&'static str> {
        match self {
            CliError::Core(error) => match error.error_code() {
                ErrorCode::RelayAccountMissing => {
                    Some("Na linha de comando: ponte relay account set --url URL")
                }
                ErrorCode::RelayNotConnected | ErrorCode::RelaySecretsMissing => {
                    Some("Na linha de comando: ponte relay open NOME")
                }
                ErrorCode::WritesDisabled => {
                    Some("Na linha de comando: ponte integration permitir-alteracoes NOME")
                }
                ErrorCode::DataDir | ErrorCode::StoreUnopenable | ErrorCode::DataDirNotUtf8 => {
                    Some("Na linha de comando: escolha outra pasta de dados com --data-dir PASTA")
                }
                _ => None,
            },
            _ => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(error) => error.code(),
            CliError::TokenInput(_) => "token_input",
            CliError::NoIntegrations => "no_integrations",
            CliError::NoRelayChannels => "no_relay_channels",
            CliError::RelaySecretInput(_) => "relay_secret_input",
            CliError::RelayAccountTokenInput(_) => "relay_account_token_input",
            CliError::GestaoClickOnly { .. } => "gestaoclick_only_option",
            CliError::Output { .. } => "output",
            CliError::ConferenciaDiverges { .. } => "conferencia_diverges",
            CliError::DoctorFoundProblems { .. } => "doctor_problems",
            CliError::RunsFailed { .. } => "sync_failed",
            CliError::Interrupted => "cancelled",
            CliError::ResetNotConfirmed => "reset_not_confirmed",
            CliError::RestoreNotConfirmed { .. } => "restore_not_confirmed",
            CliError::NothingToRecover => "nothing_to_recover",
            CliError::UnknownReference { .. } => "unknown_reference",
            CliError::InvalidMoney { .. } => "invalid_money",
            CliError::WritesNotDone { .. } => "writes_not_done",
        }
    }

    /// 130 after Ctrl-C (the shell convention); 3 when a conferência does not hold or the
    /// doctor finds a problem, so a script tells it from a failure to run; 4 when the store
    /// is damaged (`ponte recuperar` is the next step); 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Interrupted => 130,
            CliError::Core(error) if error.error_code() == ErrorCode::StoreDamaged => 4,
            CliError::ConferenciaDiverges { .. } | CliError::DoctorFoundProblems { .. } => 3,
            _ => 1,
        }
    }
}
