//! What a provider is handed: a `Connection` to reach its account, and, for a sync run,
//! the `RunContext` around it. They live with the providers, which consume them; the sync
//! engine only builds them.

use super::rate_limit::{RateLimiter, RequestPriority};
use crate::credentials::Credentials;
use crate::domain::SyncRunId;
use crate::progress::ProgressSink;
use crate::store::{Integration, Store};
use serde::Serialize;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// What a provider needs to reach its account.
#[derive(Clone)]
pub struct Connection {
    pub store: Store,
    pub integration: Integration,
    pub credentials: Credentials,
    /// Shared by every request to this account, so concurrent callers respect one limit.
    pub limiter: Arc<RateLimiter>,
    /// Where this connection's requests queue in the limiter: an operator's write or sync
    /// goes ahead of a scheduled one.
    pub priority: RequestPriority,
    pub cancel: CancellationToken,
}

/// Everything a provider needs during one run.
pub struct RunContext {
    pub connection: Connection,
    pub run_id: SyncRunId,
    pub progress: ProgressSink,
}

/// The result of "Testar conexão".
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConnectionReport {
    /// The lojas the credentials can see.
    pub lojas: Vec<String>,
}

impl ConnectionReport {
    /// A pt-BR sentence for the operator.
    pub fn message(&self) -> String {
        match self.lojas.len() {
            0 => "Conexão OK, mas nenhuma loja está visível para estes tokens.".to_string(),
            1 => format!("Conexão OK: 1 loja ({}).", self.lojas[0]),
            n => format!("Conexão OK: {n} lojas ({}).", self.lojas.join(", ")),
        }
    }
}
