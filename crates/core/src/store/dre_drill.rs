//! What the DRE's drill-down reads straight from `lancamentos`: the entries of some
//! accounts dated in a period, face values by the basis' date and the settlement parts by
//! the liquidação, each under its key, with their count and sum. Which accounts a cell
//! covers is the report's (`reports::dre::drill`). The entries it returns (`DreEntry`) are
//! defined here, and the Conferência's findings list them too.

use super::{Store, lancamento_tipo};
use crate::domain::dre::{Basis, DreAccountRef, DreFilters, SettlementPart};
use crate::domain::{IntegrationId, LancamentoTipo};
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

/// The SQL for a lançamento's party by name (its cliente, fornecedor, transportadora or
/// funcionário), NULL when it came without one: `entidade` is a one-letter code (C, F, T,
/// U, O), never a name to show. `prefix` is the table's alias with its dot, or nothing.
pub(super) fn party_name(prefix: &str) -> String {
    let names = [
        "nome_cliente",
        "nome_fornecedor",
        "nome_transportadora",
        "nome_funcionario",
    ]
    .map(|column| format!("nullif({prefix}{column}, '')"));
    format!("coalesce({})", names.join(", "))
}

/// The most entries one drill-down lists; the count and the sum still cover them all.
pub const MAX_DRILL_ENTRIES: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreEntry {
    /// Ponte's own id of the lançamento: what a change written back to the provider
    /// (Reclassificar from the drill-down) names.
    pub lancamento_id: i64,
    pub integration_id: IntegrationId,
    /// The provider's id of the lançamento.
    pub external_id: String,
    pub tipo: LancamentoTipo,
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
    /// The first `MAX_DRILL_ENTRIES` entries (by date) of `accounts` dated in
    /// `[from, until)` (`YYYY-MM-DD`) by `basis`, under the loja and centro de custo of
    /// `filters`, and all of them counted and summed, signed as in the DRE.
    pub(crate) async fn dre_cell_entries(
        &self,
        accounts: &[DreAccountRef],
        from: &str,
        until: &str,
        basis: Basis,
        filters: &DreFilters,
    ) -> Result<DreEntries> {
        let (date, settled) = match basis {
            Basis::Competencia => ("data_competencia", ""),
            Basis::Caixa => ("data_liquidacao", "AND liquidado = 1"),
        };
        let keys: Vec<(IntegrationId, &str)> = accounts
            .iter()
            .map(|a| {
                (
                    a.integration_id,
                    a.plano_external_id.as_deref().unwrap_or_default(),
                )
            })
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
                      {party} AS parte,
                      nome_plano_conta, coalesce(plano_contas_id, '') AS key,
                      CASE tipo WHEN 'recebimento' THEN valor_centavos
                           ELSE -valor_centavos END AS centavos
               FROM scoped
               WHERE {date} >= ?1 AND {date} < ?2 {settled}
               UNION ALL
               SELECT l.id, l.integration_id, l.external_id, l.tipo, l.data_liquidacao,
                      l.descricao,
                      {party_of_l},
                      l.nome_plano_conta, {part_key}, {part_centavos} AS centavos
               FROM scoped l {part_join}
               WHERE l.liquidado = 1 AND l.data_liquidacao >= ?1 AND l.data_liquidacao < ?2
                 AND {part_centavos} <> 0
             )
             SELECT id, integration_id, external_id, tipo, data, descricao, parte,
                    nome_plano_conta, key, centavos,
                    count(*) OVER () AS matching, sum(centavos) OVER () AS total
             FROM facts
             WHERE (integration_id, key) IN (SELECT integration_id, key FROM keys)
             ORDER BY data, id
             LIMIT ?6",
            part_join = parts.join,
            part_key = parts.key,
            part_centavos = parts.centavos,
            party = party_name(""),
            party_of_l = party_name("l."),
        );
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(until)
            .bind(keys)
            .bind(filters.loja.as_deref())
            .bind(filters.centro_custo.as_deref())
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
                lancamento_id: row.try_get("id")?,
                integration_id: row.try_get("integration_id")?,
                external_id: row.try_get("external_id")?,
                tipo: lancamento_tipo(row)?,
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

/// SQL that spreads the lançamentos aliased `l` into one row per settlement part: a
/// cross join with the part numbers, and the key and signed amount (income positive; zero
/// where the entry has no such part) of each. The same rule as `Settlement::parts`, for
/// reads that stay in SQLite.
struct SqlParts {
    /// `JOIN (…) AS part_n`, after `FROM lancamentos l`.
    join: &'static str,
    /// The part's reserved key.
    key: String,
    /// The part's signed amount.
    centavos: String,
}

fn sql_parts(l: &str) -> SqlParts {
    let sign = format!("(CASE {l}.tipo WHEN 'recebimento' THEN 1 ELSE -1 END)");
    let income = format!("{l}.tipo = 'recebimento'");
    SqlParts {
        join: "JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                     UNION ALL SELECT 5) AS part_n",
        key: format!(
            "CASE part_n.n
               WHEN 1 THEN CASE WHEN {income} THEN '{juros_recebidos}' ELSE '{juros_pagos}' END
               WHEN 2 THEN CASE WHEN {income} THEN '{descontos_concedidos}'
                                ELSE '{descontos_obtidos}' END
               WHEN 3 THEN '{tarifas}' WHEN 4 THEN '{taxas}' ELSE '{outros}' END",
            juros_recebidos = SettlementPart::JurosRecebidos.key(),
            juros_pagos = SettlementPart::JurosPagos.key(),
            descontos_concedidos = SettlementPart::DescontosConcedidos.key(),
            descontos_obtidos = SettlementPart::DescontosObtidos.key(),
            tarifas = SettlementPart::TarifasBancarias.key(),
            taxas = SettlementPart::TaxasOperadora.key(),
            outros = SettlementPart::OutrosAjustes.key(),
        ),
        centavos: format!(
            "{sign} * CASE part_n.n
               WHEN 1 THEN {l}.juros_centavos WHEN 2 THEN -{l}.desconto_centavos
               WHEN 3 THEN -{l}.taxa_banco_centavos WHEN 4 THEN -{l}.taxa_operadora_centavos
               ELSE {l}.valor_total_centavos - ({l}.valor_centavos + {l}.juros_centavos
                    - {l}.desconto_centavos - {l}.taxa_banco_centavos
                    - {l}.taxa_operadora_centavos) END"
        ),
    }
}
