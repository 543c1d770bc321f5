//! How an error becomes an answer: its HTTP status, a `{code, message}` JSON body, and
//! `Retry-After` on 429. The cause of a server error is logged here, once.

use crate::error::RelayError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_webhooks::relay_api::ErrorReply;

impl RelayError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            RelayError::UnknownChannel { .. } => StatusCode::NOT_FOUND,
            RelayError::Unauthorized(_)
            | RelayError::InvalidPullToken
            | RelayError::InvalidAccountToken => StatusCode::UNAUTHORIZED,
            RelayError::ProvisioningDisabled => StatusCode::FORBIDDEN,
            RelayError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            RelayError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            RelayError::HeadersTooLarge { .. } => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            RelayError::IncompleteBody
            | RelayError::NotJson { .. }
            | RelayError::InvalidEventId(_)
            | RelayError::InvalidSealingKeys { .. }
            | RelayError::InvalidRequest { .. } => StatusCode::BAD_REQUEST,
            // 503: providers retry a 5xx later, and once Ponte connects the channel (and
            // registers its key) the retries are stored; a 4xx would make most give up.
            RelayError::ChannelNotSealed => StatusCode::SERVICE_UNAVAILABLE,
            RelayError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            RelayError::NotStored | RelayError::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            RelayError::MetricsEncoding
            | RelayError::CorruptRecord { .. }
            | RelayError::SealFailed(_)
            | RelayError::DatabaseDir { .. }
            | RelayError::Listen { .. }
            | RelayError::SecretsKey(_)
            | RelayError::Database(_)
            | RelayError::Migration(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            // The detail (SQL, paths) is for the operator's log, not for the caller.
            tracing::error!(code = self.code(), error = %self, "request failed");
            "Erro interno do relay. Tente de novo em instantes.".to_string()
        } else {
            tracing::debug!(code = self.code(), error = %self, "request refused");
            self.to_string()
        };
        let body = ErrorReply {
            code: self.code().to_string(),
            message,
        };
        let mut response = (status, Json(body)).into_response();
        if let RelayError::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}
