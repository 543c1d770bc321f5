//! What the relay's answers mean to the operator. A channel the relay does not have (404),
//! a token it refuses (401/403) and a relay that is down (no connection, a timeout, a 5xx)
//! need different next steps, so each becomes its own `Error`; none of them shows a raw
//! HTTP status line or reqwest's English.

use crate::error::Error;
use reqwest::StatusCode;

/// A non-success answer of the relay about `channel`.
pub(super) fn status_error(status: StatusCode, channel: &str) -> Error {
    match status {
        StatusCode::NOT_FOUND => Error::RelayChannelNotFound {
            channel: channel.to_string(),
        },
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Error::RelayRefused {
            channel: channel.to_string(),
        },
        status => Error::RelayUnavailable {
            detail: status_detail(status),
        },
    }
}

/// An answer that says the relay is not working as it should, in pt-BR.
pub(super) fn status_detail(status: StatusCode) -> String {
    if status.is_server_error() {
        format!("o relay está com erro interno, código {}", status.as_u16())
    } else {
        format!("resposta inesperada do relay, código {}", status.as_u16())
    }
}

/// A request that never got an answer. reqwest's own words go to the log only: they are
/// English, and the operator needs to know what kind of failure it was, not its wording.
pub(super) fn transport_error(error: reqwest::Error) -> Error {
    // Without the URL: in url-token mode it holds the channel's secret.
    let error = error.without_url();
    tracing::debug!(%error, "relay: pedido sem resposta");
    let detail = if error.is_timeout() {
        "o relay demorou demais para responder"
    } else if error.is_connect() {
        "não foi possível conectar ao endereço do relay"
    } else if error.is_decode() || error.is_body() {
        "a resposta do relay veio incompleta"
    } else {
        "a conexão com o relay falhou"
    };
    Error::RelayUnavailable {
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_answer_has_its_own_code_and_no_raw_status_line() {
        let cases = [
            (StatusCode::NOT_FOUND, "relay_channel_not_found"),
            (StatusCode::UNAUTHORIZED, "relay_refused"),
            (StatusCode::FORBIDDEN, "relay_refused"),
            (StatusCode::BAD_GATEWAY, "relay_unavailable"),
            (StatusCode::INTERNAL_SERVER_ERROR, "relay_unavailable"),
        ];
        for (status, code) in cases {
            let error = status_error(status, "ch_abc");
            assert_eq!(error.code(), code, "{status}");
            let message = error.to_string();
            assert!(!message.contains("HTTP"), "{message}");
            assert!(!message.contains('`'), "{message}");
            assert!(!message.contains(".)."), "{message}");
        }
        assert!(
            !status_error(StatusCode::NOT_FOUND, "ch_abc")
                .to_string()
                .contains("Nada se perde")
        );
    }
}
