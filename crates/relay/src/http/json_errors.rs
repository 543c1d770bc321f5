//! Every error leaves as JSON `{code, message}`: the relay's own errors already do
//! (`reply.rs`); this turns the rest (axum's rejections such as a bad percent-encoding in
//! the path, 405 for a wrong method, 413 and 408 from the body limits) into the same
//! shape, with a pt-BR message that says what to do.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_webhooks::relay_api::ErrorReply;

/// Leaves JSON answers and successes alone; rewrites any other error answer.
pub(super) async fn as_json(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = describe(status);
    let mut json = (
        status,
        Json(ErrorReply {
            code: code.to_string(),
            message: message.to_string(),
        }),
    )
        .into_response();
    // `Allow` (405) and `Retry-After` stay meaningful on the rewritten answer.
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name) {
            json.headers_mut().insert(name, value.clone());
        }
    }
    json
}

fn describe(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND => ("not_found", "Rota inexistente no relay."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "Método não aceito nesta rota. Confira a documentação do relay (webhooks entram por POST).",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "request_timeout",
            "A requisição demorou demais para chegar. Envie de novo.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("body_too_large", "O corpo é grande demais para o relay.")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Envie o corpo como JSON (Content-Type: application/json).",
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
            "headers_too_large",
            "Cabeçalhos grandes demais. Envie menos cabeçalhos ou valores menores.",
        ),
        status if status.is_server_error() => (
            "internal",
            "Erro interno do relay. Tente de novo em instantes.",
        ),
        _ => (
            "invalid_request",
            "Requisição inválida: confira a URL (caracteres com % mal formados, por exemplo) e o corpo.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    #[tokio::test]
    async fn a_plain_text_rejection_becomes_json_and_keeps_allow() {
        let plain = (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "Method Not Allowed",
        )
            .into_response();
        let json = as_json(plain).await;
        assert_eq!(json.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(json.headers()[header::ALLOW], "POST");
        let body = to_bytes(json.into_body(), 4096).await.unwrap();
        let reply: ErrorReply = serde_json::from_slice(&body).unwrap();
        assert_eq!(reply.code, "method_not_allowed");
    }

    #[tokio::test]
    async fn json_answers_and_successes_are_left_alone() {
        let ok = as_json("hello".into_response()).await;
        assert_eq!(to_bytes(ok.into_body(), 64).await.unwrap(), "hello");
    }
}
