//! HTTP transport to the Gestão Click API: the two token headers on every request, the
//! per-account rate limit (a sliding window, queued by the connection's priority) and
//! persistent daily budget, retries with backoff and jitter for transient failures
//! (backon), and a clear error for everything else. Reading and writing one record by id
//! is in `records`.

mod records;

use super::DISPLAY_NAME;
use super::envelope::{ListPage, error_message, parse_list};
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::providers::{RateLimiter, RequestPriority};
use crate::store::{IntegrationSettings, RequestBudget};
use backon::{ExponentialBuilder, Retryable};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Where the operator finds the tokens again after a 401.
const CREDENTIALS_FIX: &str = "Confira o access-token e o secret-access-token no painel do Gestão Click (Configurações › API) e cadastre-os de novo.";

/// 429s are waited out, not counted as failures, but not forever.
const MAX_RATE_LIMITED_WAITS: u32 = 10;

/// The least wait after a 429 without Retry-After (the reference says at least 1 s).
const MIN_RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);

pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    limiter: Arc<RateLimiter>,
    priority: RequestPriority,
    budget: RequestBudget,
    settings: IntegrationSettings,
    cancel: CancellationToken,
    requests: AtomicU64,
}

/// One HTTP request, as each attempt sends it.
struct Request<'a> {
    method: Method,
    /// The resource path, without the leading slash: `recebimentos/12`.
    path: &'a str,
    query: &'a [(&'a str, String)],
    body: Option<&'a Value>,
}

/// How one HTTP attempt failed.
#[derive(Debug)]
enum AttemptError {
    /// 5xx, timeout, broken connection or broken body: worth another try.
    Transient(String),
    /// Cancelled after the request was sent, before its answer was read.
    Interrupted,
    Fatal(Error),
}

impl Client {
    pub fn new(
        base_url: &str,
        credentials: Credentials,
        limiter: Arc<RateLimiter>,
        priority: RequestPriority,
        budget: RequestBudget,
        settings: IntegrationSettings,
        cancel: CancellationToken,
    ) -> Result<Client> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(settings.timeout_ms.max(1)))
            .user_agent(concat!("Ponte/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::ProviderUnavailable {
                provider: DISPLAY_NAME,
                attempts: 0,
                detail: e.to_string(),
            })?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            credentials,
            limiter,
            priority,
            budget,
            settings,
            cancel,
            requests: AtomicU64::new(0),
        })
    }

    /// HTTP requests sent so far (every attempt counts).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Fetches page `page` of a list resource.
    pub async fn list(
        &self,
        resource: &str,
        params: &[(&str, String)],
        page: u32,
    ) -> Result<ListPage> {
        let mut query: Vec<(&str, String)> = params.to_vec();
        query.push(("pagina", page.to_string()));
        // The docs name `limit`, third-party clients send `limite`: send both.
        query.push(("limite", "100".into()));
        query.push(("limit", "100".into()));
        let body = self.get(resource, &query).await?;
        parse_list(&body, page).ok_or_else(|| Error::ProviderUnavailable {
            provider: DISPLAY_NAME,
            attempts: 1,
            detail: format!("a resposta de /{resource} não é uma lista"),
        })
    }

    /// GETs `resource` with retries, waiting out 429s; stops at once when cancelled.
    pub async fn get(&self, resource: &str, query: &[(&str, String)]) -> Result<Value> {
        let attempts = self.settings.max_attempts.max(1);
        let backoff = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(self.settings.retry_min_delay_ms))
            .with_max_delay(Duration::from_secs(30))
            .with_max_times(attempts as usize - 1)
            .with_jitter();
        let request = Request {
            method: Method::GET,
            path: resource,
            query,
            body: None,
        };
        let with_retries = (|| self.attempt_waiting_out_429(&request))
            .retry(backoff)
            .when(|e| matches!(e, AttemptError::Transient(_)))
            .notify(|e, wait| tracing::warn!(resource, error = ?e, ?wait, "nova tentativa"));
        let outcome = tokio::select! {
            _ = self.cancel.cancelled() => return Err(Error::Cancelled),
            outcome = with_retries => outcome,
        };
        outcome.map_err(|e| match e {
            AttemptError::Transient(detail) => Error::ProviderUnavailable {
                provider: DISPLAY_NAME,
                attempts,
                detail,
            },
            AttemptError::Interrupted => Error::Cancelled,
            AttemptError::Fatal(error) => error,
        })
    }

    async fn attempt_waiting_out_429(&self, request: &Request<'_>) -> Result<Value, AttemptError> {
        let resource = request.path;
        let mut waits = 0;
        loop {
            match self.attempt(request).await? {
                Ok(body) => return Ok(body),
                Err(retry_after) if waits < MAX_RATE_LIMITED_WAITS => {
                    waits += 1;
                    tracing::warn!(
                        resource,
                        ?retry_after,
                        "HTTP 429: aguardando o limite do provedor"
                    );
                    // A 429 was refused, so nothing is in flight while this waits.
                    tokio::select! {
                        biased;
                        () = self.cancel.cancelled() => {
                            return Err(AttemptError::Fatal(Error::Cancelled));
                        }
                        () = tokio::time::sleep(retry_after.max(MIN_RATE_LIMIT_WAIT)) => {}
                    }
                }
                Err(retry_after) => {
                    return Err(AttemptError::Fatal(Error::RateLimited {
                        provider: DISPLAY_NAME,
                        attempts: waits + 1,
                        retry_after,
                    }));
                }
            }
        }
    }

    /// One request. `Ok(Err(wait))` is a 429 with the wait the provider asked for. A
    /// cancellation before the request is sent is `Fatal(Cancelled)`; after, `Interrupted`.
    async fn attempt(
        &self,
        request: &Request<'_>,
    ) -> Result<Result<Value, Duration>, AttemptError> {
        let resource = request.path;
        if self.cancel.is_cancelled() {
            return Err(AttemptError::Fatal(Error::Cancelled));
        }
        self.budget.consume().await.map_err(AttemptError::Fatal)?;
        // The place in the window is taken last, right before sending: a slow budget write
        // between the two would let the server see this request later than it is counted.
        let permit = tokio::select! {
            biased;
            () = self.cancel.cancelled() => return Err(AttemptError::Fatal(Error::Cancelled)),
            permit = self.limiter.acquire(self.priority) => permit,
        };
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut builder = self
            .http
            .request(
                request.method.clone(),
                format!("{}/{resource}", self.base_url),
            )
            .query(request.query)
            .header("access-token", self.credentials.access_token.expose())
            .header(
                "secret-access-token",
                self.credentials.secret_access_token.expose(),
            )
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
        if let Some(body) = request.body {
            builder = builder.json(body);
        }
        let response = tokio::select! {
            biased;
            () = self.cancel.cancelled() => return Err(AttemptError::Interrupted),
            response = builder.send() => {
                response.map_err(|e| AttemptError::Transient(describe_transport(&e)))?
            }
        };
        permit.answered();
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = tokio::select! {
            biased;
            () = self.cancel.cancelled() => return Err(AttemptError::Interrupted),
            bytes = response.bytes() => {
                bytes.map_err(|e| AttemptError::Transient(describe_transport(&e)))?
            }
        };
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        match status {
            s if s.is_success() => match body {
                Some(body) => Ok(Ok(body)),
                None => Err(AttemptError::Transient(format!(
                    "resposta malformada de /{resource}"
                ))),
            },
            StatusCode::UNAUTHORIZED => Err(AttemptError::Fatal(Error::InvalidCredentials {
                provider: DISPLAY_NAME,
                fix: CREDENTIALS_FIX,
            })),
            StatusCode::TOO_MANY_REQUESTS => Ok(Err(retry_after.unwrap_or(MIN_RATE_LIMIT_WAIT))),
            s if s.is_server_error() => Err(AttemptError::Transient(format!(
                "HTTP {} em /{resource}",
                s.as_u16()
            ))),
            s => {
                // Validation errors arrive as 404 with {"data": {"erro", "mensagem"}}.
                let mensagem = body
                    .as_ref()
                    .and_then(error_message)
                    .unwrap_or_else(|| format!("HTTP {} em /{resource}", s.as_u16()));
                Err(AttemptError::Fatal(Error::ProviderValidation {
                    provider: DISPLAY_NAME,
                    mensagem,
                }))
            }
        }
    }
}

/// Describes a transport failure without the URL's host details repeated by reqwest.
fn describe_transport(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "tempo esgotado".to_string()
    } else if error.is_connect() {
        "sem conexão com o servidor".to_string()
    } else if error.is_body() || error.is_decode() {
        "resposta interrompida".to_string()
    } else {
        "falha de comunicação".to_string()
    }
}
