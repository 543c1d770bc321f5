//! What the fluxo de caixa reads: settled lançamentos summed per conta bancária and day of
//! settlement (everything before the range as one opening sum), and open ones summed per
//! due day (everything due before the range as one sum). Grouped in SQLite, so a report
//! reads at most a row per day and conta, whatever the number of entries. The settled sums
//! also keep apart what is a transfer between the company's own contas by its plano, what
//! settled before each conta's saldo inicial, and, one group per amount, the entries
//! without a plano that may be one leg of a transfer (`leg_valor`): the pairing itself is
//! the report's.
//!
//! Without a loja or centro de custo filter the sums come from the kept daily sums
//! (`cash_flow_daily`); with one, from the entries, here. Both give the same rows.

use super::Store;
use super::report_scope::push_scope;
use crate::domain::IntegrationId;
use crate::domain::report_query::ReportScope;
use crate::error::Result;
use chrono::NaiveDate;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use std::collections::HashMap;

/// The grouped columns both settled reads (from the entries and from the kept sums) share,
/// over an inner select of `transfer`, `tipo` and `valor`: recebimentos and pagamentos,
/// transfers by plano apart, and their counts.
pub(super) const SETTLED_FLOWS: &str = "
    sum(CASE WHEN transfer = 0 AND tipo = 'recebimento' THEN valor ELSE 0 END) AS inflow,
    sum(CASE WHEN transfer = 0 AND tipo = 'pagamento' THEN valor ELSE 0 END) AS outflow,
    sum(CASE WHEN transfer = 1 AND tipo = 'recebimento' THEN valor ELSE 0 END) AS transfer_in,
    sum(CASE WHEN transfer = 1 AND tipo = 'pagamento' THEN valor ELSE 0 END) AS transfer_out,
    sum(tipo = 'recebimento') AS receipts, sum(tipo = 'pagamento') AS payments,";

/// Where a sum sits along time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Placement {
    /// Dated before the range.
    Before,
    /// A `YYYY-MM-DD` inside the range.
    Day(String),
    /// Dated after the range: read only up to the latest saldo inicial date, which the
    /// balances count back from.
    After,
    /// No date at all: settled without a data de liquidação, open without a vencimento.
    Undated,
}

impl Placement {
    pub(super) fn from_column(place: String) -> Placement {
        match place.as_str() {
            BEFORE => Placement::Before,
            AFTER => Placement::After,
            UNDATED => Placement::Undated,
            _ => Placement::Day(place),
        }
    }
}

// Markers in the `place` column; days start with a digit, so they never collide.
const BEFORE: &str = "antes";
const AFTER: &str = "depois";
const UNDATED: &str = "sem_data";

/// What settled in one conta bancária at one placement, at what moved (`valor_total`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SettledSum {
    pub integration_id: IntegrationId,
    pub conta_id: Option<String>,
    pub conta_nome: Option<String>,
    pub place: Placement,
    /// Recebimentos, transfers by plano apart.
    pub inflow: i64,
    /// Pagamentos, as a positive amount, transfers by plano apart.
    pub outflow: i64,
    /// Recebimentos and pagamentos on a plano classified as a transfer.
    pub transfer_in: i64,
    pub transfer_out: i64,
    /// Set on the groups of entries without a plano, with a conta, settled in the range:
    /// each such group holds only entries of this `valor_total`, `receipts` recebimentos
    /// and `payments` pagamentos, candidates to be legs of a transfer.
    pub leg_valor: Option<i64>,
    pub receipts: i64,
    pub payments: i64,
    /// What settled (in − out) before the conta's saldo inicial date: history the
    /// operator's balance already includes. 0 for contas without one.
    pub before_opening: i64,
    pub entries: i64,
}

/// A conta's saldo inicial date, for `settled_sums`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpeningDay {
    pub integration_id: IntegrationId,
    pub conta_id: String,
    pub day: NaiveDate,
}

/// What is still open at one placement, at face value (`valor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenSum {
    pub place: Placement,
    pub receivable: i64,
    pub payable: i64,
    pub entries: i64,
}

impl OpenSum {
    /// A row of `place`, `receivable`, `payable` and `entries`, as both reads group them.
    pub(super) fn from_row(row: &SqliteRow) -> Result<OpenSum> {
        Ok(OpenSum {
            place: Placement::from_column(row.try_get("place")?),
            receivable: row.try_get("receivable")?,
            payable: row.try_get("payable")?,
            entries: row.try_get("entries")?,
        })
    }
}

/// `CASE` placing `column` before `start`, on its day, from `end` on, or nowhere; binds
/// `start` and `end`.
pub(super) fn push_placement(
    query: &mut QueryBuilder<'_, Sqlite>,
    column: &str,
    start: NaiveDate,
    end: NaiveDate,
) {
    query
        .push(format!(
            "CASE WHEN {column} IS NULL THEN '{UNDATED}' WHEN {column} < "
        ))
        .push_bind(start.to_string())
        .push(format!(" THEN '{BEFORE}' WHEN {column} >= "))
        .push_bind(end.to_string())
        .push(format!(
            " THEN '{AFTER}' ELSE substr({column}, 1, 10) END AS place"
        ));
}

/// `1 AS transfer` for a row whose plano is a transfer, else `0`; binds the planos.
pub(super) fn push_transfer(
    query: &mut QueryBuilder<'_, Sqlite>,
    transfer_planos: &HashMap<IntegrationId, Vec<String>>,
) {
    let mut planos: Vec<_> = transfer_planos
        .iter()
        .filter(|(_, planos)| !planos.is_empty())
        .collect();
    if planos.is_empty() {
        query.push("0 AS transfer");
        return;
    }
    // Bound in a fixed order, so the same question builds the same statement.
    planos.sort_by_key(|(integration_id, _)| **integration_id);
    query.push("CASE");
    for (integration_id, ids) in planos {
        query
            .push(" WHEN l.integration_id = ")
            .push_bind(*integration_id)
            .push(" AND l.plano_contas_id IN (");
        let mut list = query.separated(", ");
        for id in ids {
            list.push_bind(id.clone());
        }
        query.push(") THEN 1");
    }
    query.push(" ELSE 0 END AS transfer");
}

/// The row's conta's saldo inicial date (`NULL` without one) `AS opening_day`. A `CASE`
/// over the few contas that have one: cheaper per row than a join.
pub(super) fn push_opening_day(query: &mut QueryBuilder<'_, Sqlite>, openings: &[OpeningDay]) {
    if openings.is_empty() {
        query.push("NULL AS opening_day");
        return;
    }
    query.push("CASE");
    for opening in openings {
        query
            .push(" WHEN l.integration_id = ")
            .push_bind(opening.integration_id)
            .push(" AND l.conta_bancaria_id = ")
            .push_bind(opening.conta_id.clone())
            .push(" THEN ")
            .push_bind(opening.day.to_string());
    }
    query.push(" END AS opening_day");
}

/// Whether the kept daily sums can answer for `scope`: they are per integration, not per
/// loja or centro de custo.
fn kept_sums_answer(scope: &ReportScope) -> bool {
    scope.loja.is_none() && scope.centro_custo.is_none()
}

impl Store {
    /// Settled lançamentos in `scope` up to the day before `end` (or before the latest
    /// saldo inicial date, if later), summed per conta and day from `start` on, and per
    /// conta before `start` and from `end` on. `transfer_planos` names, per
    /// integration, the planos that are transfers between the company's own contas;
    /// `openings`, the contas' saldo inicial dates.
    pub(crate) async fn settled_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
        transfer_planos: &HashMap<IntegrationId, Vec<String>>,
        openings: &[OpeningDay],
    ) -> Result<Vec<SettledSum>> {
        if kept_sums_answer(scope) {
            self.kept_settled_sums(start, end, scope, transfer_planos, openings)
                .await
        } else {
            self.scanned_settled_sums(start, end, scope, transfer_planos, openings)
                .await
        }
    }

    /// `settled_sums` from the entries themselves.
    async fn scanned_settled_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
        transfer_planos: &HashMap<IntegrationId, Vec<String>>,
        openings: &[OpeningDay],
    ) -> Result<Vec<SettledSum>> {
        // One pass over the table: the inner select tags each row, the outer one groups.
        let mut query = QueryBuilder::new(format!(
            "SELECT integration_id, conta_bancaria_id, place, leg_valor,
                max(nome_conta_bancaria) AS conta_nome, {SETTLED_FLOWS}
                sum(CASE WHEN data_liquidacao < opening_day
                    THEN CASE tipo WHEN 'recebimento' THEN valor ELSE -valor END ELSE 0 END)
                    AS before_opening,
                count(*) AS entries
             FROM (SELECT l.integration_id, l.conta_bancaria_id, l.nome_conta_bancaria, l.tipo,
                l.data_liquidacao, l.valor_total_centavos AS valor, "
        ));
        push_placement(&mut query, "l.data_liquidacao", start, end);
        query
            .push(
                ", CASE WHEN l.plano_contas_id IS NULL AND l.conta_bancaria_id IS NOT NULL
                    AND l.data_liquidacao >= ",
            )
            .push_bind(start.to_string())
            .push(" AND l.data_liquidacao < ")
            .push_bind(end.to_string())
            .push(" THEN l.valor_total_centavos END AS leg_valor, ");
        push_transfer(&mut query, transfer_planos);
        query.push(", ");
        push_opening_day(&mut query, openings);
        // A saldo inicial dated after the range is counted back to it.
        let upper = openings.iter().map(|o| o.day).fold(end, NaiveDate::max);
        query
            .push(
                " FROM lancamentos l
                 WHERE l.deactivated_at IS NULL AND l.liquidado = 1
                   AND (l.data_liquidacao IS NULL OR l.data_liquidacao < ",
            )
            .push_bind(upper.to_string())
            .push(")");
        push_scope(&mut query, scope, "l");
        // Entries without a conta id but with a name keep their name apart.
        query.push(
            ") GROUP BY integration_id, conta_bancaria_id,
                CASE WHEN conta_bancaria_id IS NULL THEN nome_conta_bancaria END, place, leg_valor",
        );
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                Ok(SettledSum {
                    integration_id: row.try_get("integration_id")?,
                    conta_id: row.try_get("conta_bancaria_id")?,
                    conta_nome: row.try_get("conta_nome")?,
                    place: Placement::from_column(row.try_get("place")?),
                    inflow: row.try_get("inflow")?,
                    outflow: row.try_get("outflow")?,
                    transfer_in: row.try_get("transfer_in")?,
                    transfer_out: row.try_get("transfer_out")?,
                    leg_valor: row.try_get("leg_valor")?,
                    receipts: row.try_get("receipts")?,
                    payments: row.try_get("payments")?,
                    before_opening: row.try_get("before_opening")?,
                    entries: row.try_get("entries")?,
                })
            })
            .collect()
    }

    /// Open lançamentos in `scope` due before `end`, summed per due day from `start` on,
    /// before `start`, and without a due date.
    pub(crate) async fn open_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<OpenSum>> {
        if kept_sums_answer(scope) {
            self.kept_open_sums(start, end, scope).await
        } else {
            self.scanned_open_sums(start, end, scope).await
        }
    }

    /// `open_sums` from the entries themselves.
    async fn scanned_open_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<OpenSum>> {
        let mut query = QueryBuilder::new("SELECT ");
        push_placement(&mut query, "l.data_vencimento", start, end);
        query
            .push(
                ", sum(CASE l.tipo WHEN 'recebimento' THEN l.valor_centavos ELSE 0 END) AS receivable,
                 sum(CASE l.tipo WHEN 'pagamento' THEN l.valor_centavos ELSE 0 END) AS payable,
                 count(*) AS entries
                 FROM lancamentos l
                 WHERE l.deactivated_at IS NULL AND l.liquidado = 0
                   AND (l.data_vencimento IS NULL OR l.data_vencimento < ",
            )
            .push_bind(end.to_string())
            .push(")");
        push_scope(&mut query, scope, "l");
        query.push(" GROUP BY place");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter().map(OpenSum::from_row).collect()
    }
}
