//! What the DRE reads and writes: the planos de contas as a tree, the operator's mapping,
//! and the signed monthly sums of the lançamentos per account (recebimentos positive,
//! pagamentos negative), by competência or by caixa, which triggers keep in `dre_monthly`
//! on every write to `lancamentos`.

use super::{Store, now_utc};
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::dre::{AccountClass, Basis, DreFilters, PlanoConta};
use crate::reports::{Month, MonthRange};
use sqlx::Row;
use std::collections::HashMap;

/// The sum of one account's lançamentos in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMonth {
    pub integration_id: IntegrationId,
    /// `None`: lançamentos without a plano de contas.
    pub plano_external_id: Option<String>,
    /// The name the lançamentos carry, for accounts the planos list does not have.
    pub nome_plano_conta: Option<String>,
    /// Whether the account's entries are mostly recebimentos (its side, when unknown).
    pub mostly_income: bool,
    pub month: Month,
    pub centavos: i64,
}

impl Store {
    /// The integration's live planos de contas.
    pub async fn planos_contas(&self, integration_id: IntegrationId) -> Result<Vec<PlanoConta>> {
        let rows = sqlx::query(
            "SELECT external_id, classificacao, tipo, nome, conta_mae_id FROM planos_contas
             WHERE integration_id = ? AND deactivated_at IS NULL ORDER BY classificacao, nome",
        )
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PlanoConta {
                    external_id: row.try_get("external_id")?,
                    classificacao: row.try_get("classificacao")?,
                    tipo: row.try_get("tipo")?,
                    nome: row.try_get("nome")?,
                    conta_mae_id: row
                        .try_get::<Option<String>, _>("conta_mae_id")?
                        .filter(|id| !id.is_empty()),
                })
            })
            .collect()
    }

    /// The operator's choices, by plano de contas.
    pub async fn dre_choices(
        &self,
        integration_id: IntegrationId,
    ) -> Result<HashMap<String, AccountClass>> {
        let rows = sqlx::query(
            "SELECT plano_external_id, class FROM dre_mapping WHERE integration_id = ?",
        )
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        let mut choices = HashMap::new();
        for row in rows {
            let class: String = row.try_get("class")?;
            if let Some(class) = AccountClass::parse(&class) {
                choices.insert(row.try_get("plano_external_id")?, class);
            }
        }
        Ok(choices)
    }

    /// Sets (or, with `None`, forgets) the line of a plano de contas and its subtree.
    pub async fn set_dre_choice(
        &self,
        integration_id: IntegrationId,
        plano_external_id: &str,
        class: Option<AccountClass>,
    ) -> Result<()> {
        match class {
            Some(class) => {
                sqlx::query(
                    "INSERT INTO dre_mapping (integration_id, plano_external_id, class, updated_at)
                     VALUES (?, ?, ?, ?)
                     ON CONFLICT (integration_id, plano_external_id)
                     DO UPDATE SET class = excluded.class, updated_at = excluded.updated_at",
                )
                .bind(integration_id)
                .bind(plano_external_id)
                .bind(class.as_str())
                .bind(now_utc())
                .execute(self.pool())
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM dre_mapping WHERE integration_id = ? AND plano_external_id = ?",
                )
                .bind(integration_id)
                .bind(plano_external_id)
                .execute(self.pool())
                .await?;
            }
        }
        Ok(())
    }

    /// Monthly signed sums per account over `range`, by `basis`, under `filters`, from
    /// the sums the triggers keep (`dre_monthly`).
    pub async fn dre_amounts(
        &self,
        range: MonthRange,
        basis: Basis,
        filters: &DreFilters,
    ) -> Result<Vec<AccountMonth>> {
        let basis = match basis {
            Basis::Competencia => "competencia",
            Basis::Caixa => "caixa",
        };
        let rows = sqlx::query(
            "SELECT integration_id, nullif(plano_contas_id, '') AS plano_contas_id,
                    max(nome_plano_conta) AS nome, month, sum(centavos) AS centavos,
                    sum(income_entries) * 2 >= sum(entries) AS mostly_income
             FROM dre_monthly
             WHERE basis = ?1 AND month >= ?2 AND month <= ?3 AND entries > 0
               AND (?4 IS NULL OR integration_id = ?4)
               AND (?5 IS NULL OR loja_id = ?5)
               AND (?6 IS NULL OR centro_custo_id = ?6)
             GROUP BY integration_id, plano_contas_id, month",
        )
        .bind(basis)
        .bind(range.first.to_string())
        .bind(range.last.to_string())
        .bind(filters.integration_id)
        .bind(filters.loja.as_deref())
        .bind(filters.centro_custo.as_deref())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AccountMonth {
                    integration_id: row.try_get("integration_id")?,
                    plano_external_id: row.try_get("plano_contas_id")?,
                    nome_plano_conta: row.try_get("nome")?,
                    mostly_income: row.try_get("mostly_income")?,
                    month: row.try_get::<String, _>("month")?.parse()?,
                    centavos: row.try_get("centavos")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// The provider id of a loja or centro de custo named `text` (or with that id), among
    /// the live ones of `integration_id` (or of all integrations).
    pub async fn find_reference(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
        text: &str,
    ) -> Result<Option<String>> {
        let table = match kind {
            ReferenceKind::Loja => "lojas",
            ReferenceKind::CentroCusto => "centros_custos",
        };
        let found = sqlx::query_scalar(&format!(
            "SELECT external_id FROM {table}
             WHERE (external_id = ?1 OR lower(nome) = lower(?1)) AND deactivated_at IS NULL
               AND (?2 IS NULL OR integration_id = ?2)
             ORDER BY external_id = ?1 DESC LIMIT 1"
        ))
        .bind(text.trim())
        .bind(integration_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(found)
    }
}

/// What `find_reference` looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Loja,
    CentroCusto,
}
