//! What the DRE reads and writes: the planos de contas as a tree, the operator's mapping,
//! and the signed monthly sums of the lançamentos per account (recebimentos positive,
//! pagamentos negative), by competência or by caixa, which triggers keep in `dre_monthly`
//! (by loja and centro de custo) and `dre_monthly_totals` on every write to `lancamentos`.
//! Both bases count face values (`valor`); the settlement parts are kept once, under the
//! caixa basis and their reserved keys, by month of liquidação, and both bases read them.
//! The rows it returns (`PlanoConta`, `AccountMonth`) are defined here; the mapping
//! (`reports::dre::mapping`) classifies them.

use super::report_scope::INCLUDED_INTEGRATIONS;
use super::{Store, now_utc};
use crate::domain::IntegrationId;
use crate::domain::dre::{AccountClass, Basis, DreFilters, SettlementPart};
use crate::domain::period::{Month, MonthRange};
use crate::error::{Error, Result};
use sqlx::Row;
use std::collections::HashMap;

/// A plano de contas as the mapping sees it (not the mirrored record,
/// `domain::PlanoConta`): its place in the tree and its side, or a settlement part's
/// reserved key in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanoConta {
    pub external_id: String,
    /// The hierarchical code, like `2.1.01`.
    pub classificacao: Option<String>,
    /// `C` (income side) or `D` (expense side).
    pub tipo: Option<String>,
    pub nome: String,
    pub conta_mae_id: Option<String>,
}

/// An integration's planos de contas, and the operator's choices by plano.
pub type PlanosAndChoices = (Vec<PlanoConta>, HashMap<String, AccountClass>);

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
    /// The live planos de contas and the operator's choices for them, per integration (of
    /// `integration_id`, or of all), in one read.
    pub async fn planos_with_choices(
        &self,
        integration_id: Option<IntegrationId>,
    ) -> Result<HashMap<IntegrationId, PlanosAndChoices>> {
        let rows = sqlx::query(
            "SELECT p.integration_id, p.external_id, p.classificacao, p.tipo, p.nome,
                    p.conta_mae_id, m.class
             FROM planos_contas p LEFT JOIN dre_mapping m
               ON m.integration_id = p.integration_id AND m.plano_external_id = p.external_id
             WHERE (?1 IS NULL OR p.integration_id = ?1) AND p.deactivated_at IS NULL
             UNION ALL
             SELECT integration_id, plano_external_id, NULL, NULL, '', NULL, class
             FROM dre_mapping
             WHERE (?1 IS NULL OR integration_id = ?1) AND plano_external_id LIKE ':%'",
        )
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        let mut all: HashMap<IntegrationId, PlanosAndChoices> = HashMap::new();
        if let Some(integration_id) = integration_id {
            all.entry(integration_id).or_default();
        }
        for row in &rows {
            let (planos, choices) = all.entry(row.try_get("integration_id")?).or_default();
            let external_id: String = row.try_get("external_id")?;
            if SettlementPart::from_key(&external_id).is_some() {
                let class: Option<String> = row.try_get("class")?;
                if let Some(class) = class.as_deref().and_then(AccountClass::parse) {
                    choices.insert(external_id, class);
                }
                continue;
            }
            let plano = PlanoConta {
                external_id,
                classificacao: row.try_get("classificacao")?,
                tipo: row.try_get("tipo")?,
                nome: row.try_get("nome")?,
                conta_mae_id: row
                    .try_get::<Option<String>, _>("conta_mae_id")?
                    .filter(|id| !id.is_empty()),
            };
            let class: Option<String> = row.try_get("class")?;
            if let Some(class) = class.as_deref().and_then(AccountClass::parse) {
                choices.insert(plano.external_id.clone(), class);
            }
            planos.push(plano);
        }
        // The settlement parts are mapped like accounts, after the planos.
        for (planos, _) in all.values_mut() {
            planos.extend(SettlementPart::ALL.map(|part| PlanoConta {
                external_id: part.key().to_string(),
                classificacao: None,
                tipo: Some(part.tipo().to_string()),
                nome: part.label().to_string(),
                conta_mae_id: None,
            }));
        }
        Ok(all)
    }

    /// Sets (or, with `None`, forgets) the line of a plano de contas and its subtree.
    pub async fn set_dre_choice(
        &self,
        integration_id: IntegrationId,
        plano_external_id: &str,
        class: Option<AccountClass>,
    ) -> Result<()> {
        self.replace_dre_choices(integration_id, &[(plano_external_id.to_string(), class)])
            .await
    }

    /// Monthly signed sums per account over `range` and over `compared` (in one read), by
    /// `basis`, under `filters`, from the sums the triggers keep.
    pub async fn dre_amounts(
        &self,
        range: MonthRange,
        compared: MonthRange,
        basis: Basis,
        filters: &DreFilters,
    ) -> Result<(Vec<AccountMonth>, Vec<AccountMonth>)> {
        let basis = match basis {
            Basis::Competencia => "competencia",
            Basis::Caixa => "caixa",
        };
        // Without a loja or centro de custo filter, the sums without those dimensions.
        let by_loja_or_centro = filters.loja.is_some() || filters.centro_custo.is_some();
        let (table, dimensions) = if by_loja_or_centro {
            (
                "dre_monthly",
                "AND (?5 IS NULL OR loja_id = ?5) AND (?6 IS NULL OR centro_custo_id = ?6)",
            )
        } else {
            ("dre_monthly_totals", "AND ?5 IS NULL AND ?6 IS NULL")
        };
        // One row per account, its months packed as `YYYY-MM=centavos,…`: a row costs a
        // round trip through the driver, and this is the DRE's hot path.
        let sql = format!(
            "SELECT integration_id, nullif(plano_contas_id, '') AS plano_contas_id,
                    max(nome) AS nome, sum(income_entries) * 2 >= sum(entries) AS mostly_income,
                    group_concat(month || '=' || centavos) AS months
             FROM (
               SELECT integration_id, plano_contas_id, month, max(nome_plano_conta) AS nome,
                      sum(centavos) AS centavos, sum(entries) AS entries,
                      sum(income_entries) AS income_entries
               FROM {table}
               WHERE (basis = ?1 OR (basis = 'caixa' AND plano_contas_id LIKE ':%'))
                 AND entries > 0
                 AND ((month >= ?2 AND month <= ?3) OR (month >= ?7 AND month <= ?8))
                 AND CASE WHEN ?4 IS NULL THEN integration_id IN ({INCLUDED_INTEGRATIONS})
                          ELSE integration_id = ?4 END {dimensions}
               GROUP BY month, integration_id, plano_contas_id
             )
             GROUP BY integration_id, plano_contas_id"
        );
        let rows = sqlx::query(&sql)
            .bind(basis)
            .bind(range.first.to_string())
            .bind(range.last.to_string())
            .bind(filters.integration_id)
            .bind(filters.loja.as_deref())
            .bind(filters.centro_custo.as_deref())
            .bind(compared.first.to_string())
            .bind(compared.last.to_string())
            .fetch_all(self.pool())
            .await?;
        let (mut in_range, mut in_compared) = (Vec::new(), Vec::new());
        for row in &rows {
            let months: String = row.try_get("months")?;
            for packed in months.split(',') {
                let sum = AccountMonth {
                    integration_id: row.try_get("integration_id")?,
                    plano_external_id: row.try_get("plano_contas_id")?,
                    nome_plano_conta: row.try_get("nome")?,
                    mostly_income: row.try_get("mostly_income")?,
                    month: packed.get(..7).unwrap_or_default().parse()?,
                    centavos: packed
                        .get(8..)
                        .and_then(|centavos| centavos.parse().ok())
                        .ok_or_else(|| Error::InvalidInput {
                            field: "somas do DRE",
                            detail: format!("\"{packed}\" não é mês=centavos"),
                        })?,
                };
                // A month in both (ranges that overlap) counts in both.
                if compared.position(sum.month).is_some() {
                    in_compared.push(sum.clone());
                }
                if range.position(sum.month).is_some() {
                    in_range.push(sum);
                }
            }
        }
        Ok((in_range, in_compared))
    }
}

impl Store {
    /// Sets or forgets each plano's choice, all in one transaction.
    pub async fn replace_dre_choices(
        &self,
        integration_id: IntegrationId,
        choices: &[(String, Option<AccountClass>)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let now = now_utc();
        for (plano, class) in choices {
            match class {
                Some(class) => {
                    sqlx::query(
                        "INSERT INTO dre_mapping (integration_id, plano_external_id, class, updated_at)
                         VALUES (?, ?, ?, ?)
                         ON CONFLICT (integration_id, plano_external_id)
                         DO UPDATE SET class = excluded.class, updated_at = excluded.updated_at",
                    )
                    .bind(integration_id)
                    .bind(plano)
                    .bind(class.as_str())
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "DELETE FROM dre_mapping WHERE integration_id = ? AND plano_external_id = ?",
                    )
                    .bind(integration_id)
                    .bind(plano)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
