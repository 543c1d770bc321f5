//! The CLI's one error type: the core's errors, plus what only the command line can get
//! wrong (reading tokens, an option of another provider) and runs that ended badly. Each
//! maps to an exit code.

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
        "Nenhuma integração está ligada a um relay. Ligue uma com `ponte relay connect NOME --relay URL --channel ID --auth MODO`."
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

    #[error("{failed} de {total} sincronizações não terminaram com sucesso.")]
    RunsFailed { failed: usize, total: usize },

    #[error(
        "Sincronização cancelada. O que já foi gravado fica salvo; a próxima continua de onde parou."
    )]
    Interrupted,
}

impl CliError {
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
            CliError::RunsFailed { .. } => "sync_failed",
            CliError::Interrupted => "cancelled",
        }
    }

    /// 130 after Ctrl-C (the shell convention); 3 when a conferência does not hold, so a
    /// script tells it from a failure to run; 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Interrupted => 130,
            CliError::ConferenciaDiverges { .. } => 3,
            _ => 1,
        }
    }
}
