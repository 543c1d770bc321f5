//! Ponte's domain: the kinds of entity it mirrors and the shapes they take once mapped
//! from a provider. Provider-specific parsing lives in `providers`, storage in `store`.
//! Beside them, the words the reports and the store share (`period`, `report_query`,
//! `dre`), kept here so that neither has to name the other's types to speak them.

pub mod coinzz;
pub mod dre;
pub mod period;
mod records;
pub mod report_query;
mod scope;

pub use records::{
    CentroCusto, ContaBancaria, FormaPagamento, Lancamento, LancamentoTipo, Loja, Party, PartyKind,
    PlanoConta, RecordBody, Venda, VendaItem, VendaParcela,
};
pub use scope::Scope;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The row id of an integration in the local store.
pub type IntegrationId = i64;

/// The row id of a sync run.
pub type SyncRunId = i64;

/// The row id of a notification in the notification center.
pub type NotificationId = i64;

/// Which provider an integration talks to: the key its provider registered under
/// (`providers::registry`), stored in `integrations.provider`. Open on purpose: what a
/// provider is and can do is asked of the provider, never matched on here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct ProviderKind(Cow<'static, str>);

impl ProviderKind {
    /// The key a provider declares for itself.
    pub const fn from_static(key: &'static str) -> Self {
        ProviderKind(Cow::Borrowed(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A key read back from the store or received over IPC; whether a provider answers to it
/// is asked of the registry when it is used.
impl From<String> for ProviderKind {
    fn from(key: String) -> Self {
        ProviderKind(Cow::Owned(key))
    }
}

impl std::fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every kind of record Ponte mirrors. The string form is stored in `entity_links`,
/// `sync_log` and checkpoints, so it never changes once released.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Loja,
    PlanoConta,
    CentroCusto,
    ContaBancaria,
    FormaPagamento,
    Cliente,
    Fornecedor,
    Venda,
    Recebimento,
    Pagamento,
}

impl EntityKind {
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Loja,
        EntityKind::PlanoConta,
        EntityKind::CentroCusto,
        EntityKind::ContaBancaria,
        EntityKind::FormaPagamento,
        EntityKind::Cliente,
        EntityKind::Fornecedor,
        EntityKind::Venda,
        EntityKind::Recebimento,
        EntityKind::Pagamento,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Loja => "loja",
            EntityKind::PlanoConta => "plano_conta",
            EntityKind::CentroCusto => "centro_custo",
            EntityKind::ContaBancaria => "conta_bancaria",
            EntityKind::FormaPagamento => "forma_pagamento",
            EntityKind::Cliente => "cliente",
            EntityKind::Fornecedor => "fornecedor",
            EntityKind::Venda => "venda",
            EntityKind::Recebimento => "recebimento",
            EntityKind::Pagamento => "pagamento",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The plural pt-BR label for summaries (`"recebimentos"`).
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Loja => "lojas",
            EntityKind::PlanoConta => "planos de contas",
            EntityKind::CentroCusto => "centros de custo",
            EntityKind::ContaBancaria => "contas bancárias",
            EntityKind::FormaPagamento => "formas de pagamento",
            EntityKind::Cliente => "clientes",
            EntityKind::Fornecedor => "fornecedores",
            EntityKind::Venda => "vendas",
            EntityKind::Recebimento => "recebimentos",
            EntityKind::Pagamento => "pagamentos",
        }
    }
}
