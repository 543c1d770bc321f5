//! The lançamentos behind one cell of the DRE: an account's, a line's or a total's entries
//! in one month or in the whole period, each with its provider id, so the operator can
//! find it in the ERP.

use super::report::{Basis, RowKind};
use super::request::DreQuery;
use super::structure::DreLine;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::Month;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// The most entries one drill-down lists; the count and the sum still cover them all.
pub const MAX_DRILL_ENTRIES: u32 = 500;

/// An account row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreAccountRef {
    pub integration_id: IntegrationId,
    /// `None`: the lançamentos without a plano de contas.
    pub plano_external_id: Option<String>,
}

/// A cell: a row (a line, or one account under it) and a column (a month, or the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreCell {
    pub line: DreLine,
    pub account: Option<DreAccountRef>,
    #[specta(type = Option<String>)]
    pub month: Option<Month>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreEntry {
    pub integration_id: IntegrationId,
    /// The provider's id of the lançamento.
    pub external_id: String,
    pub tipo: String,
    /// The date that puts it in the cell: competência or liquidação, by the basis.
    pub data: String,
    pub descricao: Option<String>,
    /// Cliente, fornecedor, transportadora or funcionário.
    pub parte: Option<String>,
    pub plano_conta: Option<String>,
    /// Signed as in the report: recebimentos positive, pagamentos negative.
    pub centavos: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreEntries {
    /// The first `MAX_DRILL_ENTRIES`, by date.
    pub entries: Vec<DreEntry>,
    /// How many there are in all, and their sum: the cell's value.
    pub count: i64,
    pub centavos: i64,
}

impl Store {
    pub async fn dre_entries(&self, query: &DreQuery, cell: &DreCell) -> Result<DreEntries> {
        let accounts = match &cell.account {
            Some(account) => vec![account.clone()],
            None => self.accounts_of_line(query, cell.line).await?,
        };
        let range = query.range()?;
        let (from, until) = match cell.month {
            Some(month) => (month.first_day(), month.plus(1).first_day()),
            None => range.date_bounds(),
        };
        let (date, amount, settled) = match query.basis {
            Basis::Competencia => ("data_competencia", "valor_centavos", ""),
            Basis::Caixa => (
                "data_liquidacao",
                "valor_total_centavos",
                "AND liquidado = 1",
            ),
        };
        let keys: Vec<(IntegrationId, String)> = accounts
            .into_iter()
            .map(|a| (a.integration_id, a.plano_external_id.unwrap_or_default()))
            .collect();
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into());
        let sql = format!(
            "SELECT integration_id, external_id, tipo, {date} AS data, descricao,
                    coalesce(nome_cliente, nome_fornecedor, nome_transportadora,
                             nome_funcionario, entidade) AS parte,
                    nome_plano_conta,
                    CASE tipo WHEN 'recebimento' THEN {amount} ELSE -{amount} END AS centavos,
                    count(*) OVER () AS matching,
                    sum(CASE tipo WHEN 'recebimento' THEN {amount} ELSE -{amount} END) OVER () AS total
             FROM lancamentos
             WHERE deactivated_at IS NULL {settled}
               AND {date} >= ?1 AND {date} < ?2
               AND (integration_id, coalesce(plano_contas_id, '')) IN
                   (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
                    FROM json_each(?3))
               AND (?4 IS NULL OR loja_id = ?4) AND (?5 IS NULL OR centro_custo_id = ?5)
             ORDER BY data, id
             LIMIT ?6"
        );
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(until)
            .bind(keys)
            .bind(query.filters.loja.as_deref())
            .bind(query.filters.centro_custo.as_deref())
            .bind(MAX_DRILL_ENTRIES)
            .fetch_all(self.pool())
            .await?;
        let mut result = DreEntries {
            entries: Vec::with_capacity(rows.len()),
            count: 0,
            centavos: 0,
        };
        for row in &rows {
            result.count = row.try_get("matching")?;
            result.centavos = row.try_get("total")?;
            result.entries.push(DreEntry {
                integration_id: row.try_get("integration_id")?,
                external_id: row.try_get("external_id")?,
                tipo: row.try_get("tipo")?,
                data: row.try_get("data")?,
                descricao: row.try_get("descricao")?,
                parte: row.try_get("parte")?,
                plano_conta: row.try_get("nome_plano_conta")?,
                centavos: row.try_get("centavos")?,
            });
        }
        Ok(result)
    }

    /// The accounts the report puts under `line`, or, for a total line, under the groups it
    /// adds up: the report itself decides, so the entries always add up to the cell.
    async fn accounts_of_line(
        &self,
        query: &DreQuery,
        line: DreLine,
    ) -> Result<Vec<DreAccountRef>> {
        let dre = self.dre_for(query).await?;
        let summed = line.summed_groups();
        Ok(dre
            .rows
            .into_iter()
            .filter(|row| row.kind == RowKind::Account)
            .filter(|row| {
                row.line == line
                    || matches!(row.line, DreLine::Group(group) if summed.contains(&group))
            })
            .filter_map(|row| {
                Some(DreAccountRef {
                    integration_id: row.integration_id?,
                    plano_external_id: row.plano_external_id,
                })
            })
            .collect())
    }
}
