//! The one error type of `ponte-relay`, with a stable code for the JSON answers and a
//! pt-BR message that says what to do next. The HTTP status of each lives in
//! `http/reply.rs`.

use ponte_webhooks::WebhookError;
use std::net::SocketAddr;

pub type Result<T, E = RelayError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(
        "Canal {} não existe no relay. Confira a URL (ou `ponte-relay channel list`).",
        shown_id(.id)
    )]
    UnknownChannel { id: String },

    #[error("{0}")]
    Unauthorized(#[source] WebhookError),

    #[error(
        "Token de leitura inválido para este canal. Use o token mostrado quando o canal foi criado."
    )]
    InvalidPullToken,

    #[error(
        "Este relay não cria canais pela API. Peça o canal a quem administra o relay (`ponte-relay channel create`)."
    )]
    ProvisioningDisabled,

    #[error(
        "Token da conta do relay inválido. Confira o token em Configurações › Relay de webhooks."
    )]
    InvalidAccountToken,

    #[error("O corpo passa de {limit_bytes} bytes; o relay não guarda webhooks maiores.")]
    BodyTooLarge { limit_bytes: usize },

    #[error("O corpo da requisição chegou incompleto. Envie de novo.")]
    IncompleteBody,

    #[error("O corpo demorou demais para chegar. Envie de novo.")]
    BodyTimeout,

    #[error("Cabeçalhos webhook-* demais ou grandes demais ({detail}); o relay não os guarda.")]
    HeadersTooLarge { detail: String },

    #[error("O corpo não é JSON: {detail}.")]
    NotJson { detail: String },

    #[error("{0}")]
    InvalidEventId(#[source] WebhookError),

    #[error("Requisição inválida: {detail}.")]
    InvalidRequest { detail: String },

    #[error(
        "Este canal ainda não tem chave de selagem, e o relay não guarda webhooks sem selar: conecte o canal no Ponte (Configurações › Relay de webhooks) e o provedor poderá reenviar. Nada foi gravado."
    )]
    ChannelNotSealed,

    #[error("Chaves de selagem inválidas: {detail}.")]
    InvalidSealingKeys { detail: String },

    #[error("Não foi possível selar o webhook; nada foi gravado. Envie de novo.")]
    SealFailed(#[source] WebhookError),

    #[error("Muitos webhooks neste canal. Tente de novo em {retry_after_secs} s.")]
    RateLimited { retry_after_secs: u64 },

    #[error("O webhook não foi gravado (falha no banco do relay). Envie de novo.")]
    NotStored,

    #[error("O relay está sendo encerrado. Envie de novo em instantes.")]
    ShuttingDown,

    #[error("As métricas não puderam ser escritas.")]
    MetricsEncoding,

    #[error("Dado gravado ilegível no banco do relay: {detail}.")]
    CorruptRecord { detail: String },

    #[error("Não foi possível criar a pasta do banco {path}: {source}.")]
    DatabaseDir {
        path: String,
        source: std::io::Error,
    },

    #[error("Não foi possível escutar em {addr}: {source}. Escolha outro endereço com --addr.")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },

    /// The server keys for HMAC and Standard secrets: missing, unreadable or wrong. The
    /// message (built in `secrets.rs`) says what to set.
    #[error("{0}")]
    SecretsKey(String),

    #[error("Erro no banco do relay: {0}.")]
    Database(#[from] sqlx::Error),

    #[error("Não foi possível atualizar o banco do relay: {0}.")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl RelayError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RelayError::UnknownChannel { .. } => "unknown_channel",
            RelayError::Unauthorized(reason) => reason.code(),
            RelayError::InvalidPullToken => "invalid_pull_token",
            RelayError::ProvisioningDisabled => "provisioning_disabled",
            RelayError::InvalidAccountToken => "invalid_account_token",
            RelayError::BodyTooLarge { .. } => "body_too_large",
            RelayError::IncompleteBody => "incomplete_body",
            RelayError::BodyTimeout => "body_timeout",
            RelayError::HeadersTooLarge { .. } => "headers_too_large",
            RelayError::NotJson { .. } => "not_json",
            RelayError::InvalidEventId(_) => "invalid_event_id",
            RelayError::InvalidRequest { .. } => "invalid_request",
            RelayError::ChannelNotSealed => "channel_not_sealed",
            RelayError::InvalidSealingKeys { .. } => "invalid_sealing_keys",
            RelayError::SealFailed(_) => "seal_failed",
            RelayError::RateLimited { .. } => "rate_limited",
            RelayError::NotStored => "not_stored",
            RelayError::ShuttingDown => "shutting_down",
            RelayError::MetricsEncoding => "metrics_encoding",
            RelayError::CorruptRecord { .. } => "corrupt_record",
            RelayError::DatabaseDir { .. } => "database_dir",
            RelayError::Listen { .. } => "listen",
            RelayError::SecretsKey(_) => "secrets_key",
            RelayError::Database(_) => "database",
            RelayError::Migration(_) => "migration",
        }
    }
}

/// Channel ids are 27 characters; anything past this is an attacker's padding and is not
/// echoed back in full.
const SHOWN_ID_CHARS: usize = 64;

/// `id` as an error message shows it: cut at 64 characters, with "…" when it was longer.
fn shown_id(id: &str) -> String {
    match id.char_indices().nth(SHOWN_ID_CHARS) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unknown_channel_id_is_cut_in_the_message() {
        let message = RelayError::UnknownChannel {
            id: "é".repeat(70_000),
        }
        .to_string();
        assert!(message.contains(&format!("{}…", "é".repeat(64))));
        assert!(message.chars().count() < 200);
        let short = RelayError::UnknownChannel { id: "ch_1".into() }.to_string();
        assert!(short.contains("ch_1 não existe"));
    }
}
