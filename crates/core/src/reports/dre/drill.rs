//! The lançamentos behind one cell of the DRE: an account's, a line's or a total's entries
//! in one month or in the whole period, each with its provider id, so the operator can
//! find it in the ERP. A settlement part's cell lists the entries whose liquidação carried
//! that part, at the part's amount.

use super::report::{Basis, Dre, RowKind};
use super::request::DreQuery;
use super::settlement::{SettlementPart, sql_parts};
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
    /// The date that puts it in the cell: competência or liquidação, by the basis (always
    /// the liquidação for a settlement part).
    pub data: String,
    pub descricao: Option<String>,
    /// Cliente, fornecedor, transportadora or funcionário.
    pub parte: Option<String>,
    pub plano_conta: Option<String>,
    /// The settlement part this row is, or `None` for the entry's face value: one
    /// lançamento can appear twice in a total's cell, once for each.
    pub part: Option<SettlementPart>,
    /// Signed as in the report: income positive, expenses negative.
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
            None => accounts_of_line(&self.dre_for(query).await?, cell.line),
        };
        self.entries_of_accounts(query, accounts, cell.month).await
    }

    /// The entries of `accounts` in `month` (or the query's whole period), for a caller
    /// that already holds the report (see `accounts_of_line`).
    pub(crate) async fn entries_of_accounts(
        &self,
        query: &DreQuery,
        accounts: Vec<DreAccountRef>,
        month: Option<Month>,
    ) -> Result<DreEntries> {
        let range = query.range()?;
        let (from, until) = match month {
            Some(month) => (month.first_day(), month.plus(1).first_day()),
            None => range.date_bounds(),
        };
        let (date, settled) = match query.basis {
            Basis::Competencia => ("data_competencia", ""),
            Basis::Caixa => ("data_liquidacao", "AND liquidado = 1"),
        };
        let keys: Vec<(IntegrationId, String)> = accounts
            .into_iter()
            .map(|a| (a.integration_id, a.plano_external_id.unwrap_or_default()))
            .collect();
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into());
        // Face values by the basis' date, and the settlement parts (on both bases) by the
        // liquidação, each under its key; the cell's keys pick among them.
        let parts = sql_parts("l");
        let sql = format!(
            "WITH keys AS (
               SELECT json_extract(value, '$[0]') AS integration_id,
                      json_extract(value, '$[1]') AS key
               FROM json_each(?3)
             ),
             scoped AS (
               SELECT * FROM lancamentos
               WHERE deactivated_at IS NULL
                 AND integration_id IN (SELECT integration_id FROM keys)
                 AND (?4 IS NULL OR loja_id = ?4) AND (?5 IS NULL OR centro_custo_id = ?5)
             ),
             facts AS (
               SELECT id, integration_id, external_id, tipo, {date} AS data, descricao,
                      coalesce(nome_cliente, nome_fornecedor, nome_transportadora,
                               nome_funcionario, entidade) AS parte,
                      nome_plano_conta, coalesce(plano_contas_id, '') AS key,
                      CASE tipo WHEN 'recebimento' THEN valor_centavos
                           ELSE -valor_centavos END AS centavos
               FROM scoped
               WHERE {date} >= ?1 AND {date} < ?2 {settled}
               UNION ALL
               SELECT l.id, l.integration_id, l.external_id, l.tipo, l.data_liquidacao,
                      l.descricao,
                      coalesce(l.nome_cliente, l.nome_fornecedor, l.nome_transportadora,
                               l.nome_funcionario, l.entidade),
                      l.nome_plano_conta, {part_key}, {part_centavos} AS centavos
               FROM scoped l {part_join}
               WHERE l.liquidado = 1 AND l.data_liquidacao >= ?1 AND l.data_liquidacao < ?2
                 AND {part_centavos} <> 0
             )
             SELECT integration_id, external_id, tipo, data, descricao, parte,
                    nome_plano_conta, key, centavos,
                    count(*) OVER () AS matching, sum(centavos) OVER () AS total
             FROM facts
             WHERE (integration_id, key) IN (SELECT integration_id, key FROM keys)
             ORDER BY data, id
             LIMIT ?6",
            part_join = parts.join,
            part_key = parts.key,
            part_centavos = parts.centavos,
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
                part: SettlementPart::from_key(row.try_get("key")?),
                centavos: row.try_get("centavos")?,
            });
        }
        Ok(result)
    }
}

/// The accounts `dre` puts under `line`, or, for a total line, under the groups it adds up:
/// the report itself decides, so the entries always add up to the cell.
pub(crate) fn accounts_of_line(dre: &Dre, line: DreLine) -> Vec<DreAccountRef> {
    let summed = line.summed_groups();
    dre.rows
        .iter()
        .filter(|row| row.kind == RowKind::Account)
        .filter(|row| {
            row.line == line || matches!(row.line, DreLine::Group(group) if summed.contains(&group))
        })
        .filter_map(|row| {
            Some(DreAccountRef {
                integration_id: row.integration_id?,
                plano_external_id: row.plano_external_id.clone(),
            })
        })
        .collect()
}
