//! The provider's reference records by kind: the lojas and centros de custo reports filter
//! by, and the planos de contas, contas bancárias and formas de pagamento a change written
//! back names. The options a screen lists, and the lookup of one by name or provider id
//! for the CLI and for checking a change before it is queued.

use super::Store;
use crate::domain::IntegrationId;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// Which kind of reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    Loja,
    CentroCusto,
    PlanoConta,
    ContaBancaria,
    FormaPagamento,
}

impl ReferenceKind {
    /// The kind's name in a sentence's subject.
    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::Loja => "Loja",
            ReferenceKind::CentroCusto => "Centro de custo",
            ReferenceKind::PlanoConta => "Plano de contas",
            ReferenceKind::ContaBancaria => "Conta bancária",
            ReferenceKind::FormaPagamento => "Forma de pagamento",
        }
    }

    fn table(self) -> &'static str {
        match self {
            ReferenceKind::Loja => "lojas",
            ReferenceKind::CentroCusto => "centros_custos",
            ReferenceKind::PlanoConta => "planos_contas",
            ReferenceKind::ContaBancaria => "contas_bancarias",
            ReferenceKind::FormaPagamento => "formas_pagamento",
        }
    }
}

/// A loja or centro de custo to filter by.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReferenceOption {
    pub integration_id: IntegrationId,
    pub external_id: String,
    pub nome: String,
}

impl Store {
    /// The live lojas or centros de custo, by name, optionally of one integration.
    pub async fn reference_options(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ReferenceOption>> {
        let rows = sqlx::query(&format!(
            "SELECT integration_id, external_id, nome FROM {}
             WHERE deactivated_at IS NULL AND (?1 IS NULL OR integration_id = ?1)
             ORDER BY nome COLLATE NOCASE",
            kind.table()
        ))
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReferenceOption {
                    integration_id: r.try_get("integration_id")?,
                    external_id: r.try_get("external_id")?,
                    nome: r.try_get("nome")?,
                })
            })
            .collect()
    }

    /// The provider id of a loja or centro de custo named `text` (or with that id), among
    /// the live ones of `integration_id` (or of all integrations).
    pub async fn find_reference(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
        text: &str,
    ) -> Result<Option<String>> {
        let found = sqlx::query_scalar(&format!(
            "SELECT external_id FROM {}
             WHERE (external_id = ?1 OR lower(nome) = lower(?1)) AND deactivated_at IS NULL
               AND (?2 IS NULL OR integration_id = ?2)
             ORDER BY external_id = ?1 DESC LIMIT 1",
            kind.table()
        ))
        .bind(text.trim())
        .bind(integration_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(found)
    }

    /// The name of the reference with provider id `external_id`, for a report's heading.
    pub async fn reference_name(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
        external_id: &str,
    ) -> Result<Option<String>> {
        let found = sqlx::query_scalar(&format!(
            "SELECT nome FROM {} WHERE external_id = ?1 AND (?2 IS NULL OR integration_id = ?2)
             ORDER BY deactivated_at IS NOT NULL LIMIT 1",
            kind.table()
        ))
        .bind(external_id)
        .bind(integration_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(found)
    }
}
