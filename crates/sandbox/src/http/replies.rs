//! The provider's response bodies: the success envelope, the `{code, status, data}` error
//! shapes, 429 and 5xx, and the truncated body of a malformed-response fault.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The 429 text, verbatim from the blueprint (no accents in the original).
pub(crate) const RATE_LIMIT_MESSAGE: &str = "O limite de requisicoes foi atingido";

#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: StatusCode,
    body: String,
    content_type: &'static str,
    retry_after_secs: Option<u64>,
}

/// Field order as the provider sends it: `code`, `status`, `data`.
#[derive(Serialize)]
struct ErrorBody<T: Serialize> {
    code: u16,
    status: &'static str,
    data: T,
}

#[derive(Serialize)]
struct ErrorData<'a> {
    erro: &'a str,
    mensagem: &'a str,
}

const JSON: &str = "application/json; charset=utf-8";

impl Reply {
    fn json(status: StatusCode, body: String) -> Reply {
        Reply {
            status,
            body,
            content_type: JSON,
            retry_after_secs: None,
        }
    }

    /// A list envelope, from the already rendered `meta` and items.
    pub fn list(meta: &str, items: &[&str]) -> Reply {
        let data = items.join(",");
        let body = format!(r#"{{"code":200,"status":"success","meta":{meta},"data":[{data}]}}"#);
        Reply::json(StatusCode::OK, body)
    }

    /// One record, as GET by id answers: the envelope without `meta`.
    pub fn record(json: &str) -> Reply {
        Reply::json(
            StatusCode::OK,
            format!(r#"{{"code":200,"status":"success","data":{json}}}"#),
        )
    }

    /// The provider answers validation errors and unknown ids alike: 404 with a message.
    pub fn not_found(mensagem: &str) -> Reply {
        Reply::error(StatusCode::NOT_FOUND, "Not Found", mensagem)
    }

    /// The 401 body is undocumented; the sandbox uses the provider's error shape.
    pub fn unauthorized() -> Reply {
        Reply::error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Token de acesso inválido: confira o access-token e o secret-access-token.",
        )
    }

    /// 429 with the blueprint's message as `data` (JSON shape suggested by the reference).
    pub fn rate_limited(retry_after_secs: Option<u64>) -> Reply {
        let body = ErrorBody {
            code: 429,
            status: "error",
            data: RATE_LIMIT_MESSAGE,
        };
        Reply {
            retry_after_secs,
            ..Reply::json(StatusCode::TOO_MANY_REQUESTS, to_json(&body))
        }
    }

    /// Third-party clients report HTML pages on 5xx, as from a proxy in front of the API.
    pub fn server_error() -> Reply {
        Reply {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: "<html><head><title>500 Internal Server Error</title></head><body>\
                   <h1>Internal Server Error</h1></body></html>"
                .to_string(),
            content_type: "text/html; charset=utf-8",
            retry_after_secs: None,
        }
    }

    /// The first half of this reply's body, served as a 200 JSON response.
    pub fn truncated(self) -> Reply {
        let mut cut = self.body.len() / 2;
        while !self.body.is_char_boundary(cut) {
            cut -= 1;
        }
        Reply::json(StatusCode::OK, self.body[..cut].to_string())
    }

    fn error(status: StatusCode, erro: &str, mensagem: &str) -> Reply {
        let body = ErrorBody {
            code: status.as_u16(),
            status: "error",
            data: ErrorData { erro, mensagem },
        };
        Reply::json(status, to_json(&body))
    }
}

fn to_json(body: &impl Serialize) -> String {
    // Plain structs of strings and numbers: serializing cannot fail.
    serde_json::to_string(body).expect("error bodies serialize to JSON")
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Some(seconds) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
