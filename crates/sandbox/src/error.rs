//! The crate's error type.

use ponte_webhooks::WebhookError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SandboxError {
    /// A mutation named a record that does not exist (or was deleted).
    #[error("{resource} {id} não existe no sandbox")]
    RecordNotFound { resource: &'static str, id: String },

    /// A delete named a record other records point at (a generated centro de custo).
    #[error(
        "{resource} {id} está em uso por vendas e lançamentos do sandbox e não pode ser apagado"
    )]
    RecordInUse { resource: &'static str, id: String },

    /// A dated update named a resource whose records carry no `modificado_em`.
    #[error(
        "{resource} não têm modificado_em: escolha clientes, fornecedores, vendas, recebimentos ou pagamentos"
    )]
    NoTimestamp { resource: &'static str },

    /// A write named a resource other than recebimentos and pagamentos.
    #[error(
        "O recurso {resource} não aceita alterações por aqui: só recebimentos e pagamentos podem ser alterados."
    )]
    NotWritable { resource: String },

    /// A write the provider would refuse; the message is its pt-BR `mensagem`.
    #[error("{mensagem}")]
    InvalidEdit { mensagem: String },

    #[error(
        "Taxa de envio inválida ({rate_per_sec}): informe um número positivo de webhooks por segundo."
    )]
    InvalidRate { rate_per_sec: f64 },

    /// The URL itself is left out of the message: in url-token mode it holds the secret.
    #[error("A URL de ingestão dos webhooks não é uma URL http ou https válida.")]
    InvalidIngestUrl,

    /// The secret does not fit the mode (a standard secret is `whsec_` and base64).
    #[error(transparent)]
    CannotSign(WebhookError),

    #[error("Não foi possível preparar o cliente HTTP que envia os webhooks: {0}")]
    HttpClientUnavailable(#[source] reqwest::Error),
}

impl SandboxError {
    /// A stable, machine-readable code, for the admin routes' error answers.
    pub fn code(&self) -> &'static str {
        match self {
            SandboxError::RecordNotFound { .. } => "record_not_found",
            SandboxError::RecordInUse { .. } => "record_in_use",
            SandboxError::NoTimestamp { .. } => "no_timestamp",
            SandboxError::NotWritable { .. } => "not_writable",
            SandboxError::InvalidEdit { .. } => "invalid_edit",
            SandboxError::InvalidRate { .. } => "invalid_rate",
            SandboxError::InvalidIngestUrl => "invalid_ingest_url",
            SandboxError::CannotSign(_) => "cannot_sign",
            SandboxError::HttpClientUnavailable(_) => "http_client_unavailable",
        }
    }
}
