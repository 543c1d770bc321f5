//! The crate's error type: why a delivery was refused, or why a secret cannot sign.

/// What went wrong, in pt-BR (the desktop shows it as a quarantine reason); `code()` is
/// stable for the relay's JSON answers and for tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("Cabeçalho {name} ausente: o webhook não traz a autenticação que o canal exige.")]
    MissingHeader { name: &'static str },

    #[error(
        "O token da URL do webhook está ausente. Use a URL completa mostrada ao criar o canal."
    )]
    MissingUrlToken,

    #[error(
        "Assinatura ou segredo do webhook não confere com nenhum segredo válido do canal. Confira o segredo cadastrado no painel do provedor."
    )]
    BadSignature,

    #[error(
        "O horário do webhook ({timestamp}) está a mais de {tolerance_secs} s do horário de referência ({reference}): pode ser um reenvio antigo. Confira o relógio do remetente."
    )]
    TimestampOutsideTolerance {
        timestamp: i64,
        reference: i64,
        tolerance_secs: i64,
    },

    #[error("Webhook malformado: {detail}.")]
    Malformed { detail: &'static str },

    #[error("Segredo inválido para assinar: {detail}.")]
    InvalidSecret { detail: &'static str },

    #[error("Chave de selagem inválida: {detail}.")]
    InvalidSealingKey { detail: &'static str },

    #[error(
        "O evento foi selado para outra chave (id {key_ids}), que esta instalação não tem: a chave foi perdida ou trocada. Só a chave de recuperação, se cadastrada, abre este evento."
    )]
    SealedToOtherKey { key_ids: String },

    #[error(
        "O evento selado não abre com a chave desta instalação: foi alterado ou movido de outro canal ou evento no relay."
    )]
    SealBroken,

    #[error("Não foi possível selar o evento para a chave do canal.")]
    SealFailed,
}

impl WebhookError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::MissingHeader { .. } => "missing_header",
            WebhookError::MissingUrlToken => "missing_url_token",
            WebhookError::BadSignature => "bad_signature",
            WebhookError::TimestampOutsideTolerance { .. } => "timestamp_outside_tolerance",
            WebhookError::Malformed { .. } => "malformed",
            WebhookError::InvalidSecret { .. } => "invalid_secret",
            WebhookError::InvalidSealingKey { .. } => "invalid_sealing_key",
            WebhookError::SealedToOtherKey { .. } => "sealed_to_other_key",
            WebhookError::SealBroken => "seal_broken",
            WebhookError::SealFailed => "seal_failed",
        }
    }
}
