//! Read-side queries over the mirror: per-entity totals (counts and amounts, per loja) and
//! the status of each integration, for the CLI, the UI and the tests.

use super::runs::SyncRun;
use super::{Integration, Store};
use crate::domain::{EntityKind, IntegrationId};
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

/// Live records of one entity: how many, the sum of their totals, and the same per loja.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct EntityTotals {
    pub count: u64,
    pub sum_centavos: i64,
    /// loja external id → (count, sum). Only for vendas and lançamentos.
    pub per_loja: BTreeMap<String, (u64, i64)>,
}

/// What an operator needs to see about one integration at a glance.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IntegrationStatus {
    pub integration: Integration,
    pub last_run: Option<SyncRun>,
    pub requests_today: u32,
    pub open_quarantine: u64,
    pub totals: BTreeMap<EntityKind, EntityTotals>,
}

/// The live rows of `kind`, as (table filter, amount column, loja column).
fn source(kind: EntityKind) -> (&'static str, &'static str, Option<&'static str>) {
    match kind {
        EntityKind::Loja => ("lojas WHERE 1", "0", None),
        EntityKind::PlanoConta => ("planos_contas WHERE 1", "0", None),
        EntityKind::CentroCusto => ("centros_custos WHERE 1", "0", None),
        EntityKind::ContaBancaria => ("contas_bancarias WHERE 1", "0", None),
        EntityKind::FormaPagamento => ("formas_pagamento WHERE 1", "0", None),
        EntityKind::Cliente => ("parties WHERE kind = 'cliente'", "0", None),
        EntityKind::Fornecedor => ("parties WHERE kind = 'fornecedor'", "0", None),
        EntityKind::Venda => ("vendas WHERE 1", "valor_total_centavos", Some("loja_id")),
        EntityKind::Recebimento => (
            "lancamentos WHERE tipo = 'recebimento'",
            "valor_total_centavos",
            Some("loja_id"),
        ),
        EntityKind::Pagamento => (
            "lancamentos WHERE tipo = 'pagamento'",
            "valor_total_centavos",
            Some("loja_id"),
        ),
    }
}

impl Store {
    /// Totals of the live (not deactivated) records of every entity of an integration.
    pub async fn entity_totals(
        &self,
        integration_id: IntegrationId,
    ) -> Result<BTreeMap<EntityKind, EntityTotals>> {
        let mut all = BTreeMap::new();
        for kind in EntityKind::ALL {
            let (from, amount, loja) = source(kind);
            let filter = format!("{from} AND integration_id = ? AND deactivated_at IS NULL");
            let row = sqlx::query(&format!(
                "SELECT count(*) AS n, coalesce(sum({amount}), 0) AS total FROM {filter}"
            ))
            .bind(integration_id)
            .fetch_one(&self.pool)
            .await?;
            let mut totals = EntityTotals {
                count: row.try_get::<i64, _>("n")?.max(0) as u64,
                sum_centavos: row.try_get("total")?,
                per_loja: BTreeMap::new(),
            };
            if let Some(loja) = loja {
                let rows = sqlx::query(&format!(
                    "SELECT coalesce({loja}, '') AS loja, count(*) AS n, coalesce(sum({amount}), 0) AS total
                     FROM {filter} GROUP BY 1"
                ))
                .bind(integration_id)
                .fetch_all(&self.pool)
                .await?;
                for r in &rows {
                    totals.per_loja.insert(
                        r.try_get("loja")?,
                        (r.try_get::<i64, _>("n")?.max(0) as u64, r.try_get("total")?),
                    );
                }
            }
            all.insert(kind, totals);
        }
        Ok(all)
    }

    pub async fn integration_status(&self, integration: Integration) -> Result<IntegrationStatus> {
        let last_run = self.runs(Some(integration.id), 1).await?.into_iter().next();
        let open_quarantine: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM quarantine WHERE integration_id = ? AND resolved_at IS NULL",
        )
        .bind(integration.id)
        .fetch_one(&self.pool)
        .await?;
        Ok(IntegrationStatus {
            requests_today: self.requests_today(integration.id).await?,
            totals: self.entity_totals(integration.id).await?,
            last_run,
            open_quarantine: open_quarantine.max(0) as u64,
            integration,
        })
    }
}
