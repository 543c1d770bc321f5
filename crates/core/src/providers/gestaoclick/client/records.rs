//! Reading and writing one record by id. A read is retried like any GET; a write is sent
//! once, because the API has no idempotency key: after an answer that does not prove it was
//! refused, only a fresh read can tell whether it was applied, and that is the caller's.

use super::super::DISPLAY_NAME;
use super::super::envelope::parse_record;
use super::{AttemptError, Client, Request};
use crate::error::{Error, Result};
use crate::providers::WriteFailure;
use reqwest::Method;
use serde_json::Value;

impl Client {
    /// GET /{resource}/{id}: the record object itself (the envelope's `data`, unwrapped
    /// from `{"recebimento": {...}}`-style wrappers if present), with the same retries,
    /// backoff and 429 waits as `get`. A 404 (no such record) is `Error::ProviderValidation`
    /// with the mensagem.
    pub async fn fetch_record(&self, resource: &str, id: &str) -> Result<Value> {
        let path = format!("{resource}/{id}");
        let body = self.get(&path, &[]).await?;
        parse_record(&body).ok_or_else(|| Error::ProviderUnavailable {
            provider: DISPLAY_NAME,
            attempts: 1,
            detail: format!("a resposta de /{path} não é um registro"),
        })
    }

    /// PUT /{resource}/{id} with `body` (the full record): exactly ONE request that may
    /// reach the server, never retried here. 429s are waited out as in `get` (a 429 means
    /// the server refused it: nothing was applied). Ok is the updated record from the
    /// answer (unwrapped like `fetch_record`). `Unknown`: a timeout, a broken connection,
    /// a 5xx, a 2xx whose body is cut or not a record, a cancellation with the request in
    /// flight. `Refused`: a validation error (404 with `data.mensagem`, as
    /// `Error::ProviderValidation` with the provider's mensagem verbatim), 401, the daily
    /// budget, 429s past the waits, a cancellation before sending.
    pub async fn put_record(
        &self,
        resource: &str,
        id: &str,
        body: &Value,
    ) -> std::result::Result<Value, WriteFailure> {
        let path = format!("{resource}/{id}");
        let request = Request {
            method: Method::PUT,
            path: &path,
            query: &[],
            body: Some(body),
        };
        // `attempt` watches the cancellation itself, so it can tell a request that never
        // left from one that may have been applied.
        match self.attempt_waiting_out_429(&request).await {
            Ok(answer) => parse_record(&answer).ok_or_else(|| {
                WriteFailure::Unknown(format!("a resposta de /{path} não é um registro"))
            }),
            Err(AttemptError::Transient(detail)) => Err(WriteFailure::Unknown(detail)),
            Err(AttemptError::Interrupted) => Err(WriteFailure::Unknown(format!(
                "envio para /{path} cancelado antes da resposta"
            ))),
            Err(AttemptError::Fatal(error)) => Err(WriteFailure::Refused(error)),
        }
    }
}
