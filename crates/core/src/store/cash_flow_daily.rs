//! The fluxo de caixa's sums from what the triggers keep (migration 00017): settled
//! entries per conta and day in `cash_flow_daily`, open ones per due day in
//! `cash_flow_due_daily`, so a report reads a row per conta and day however long the
//! history. Two things the kept sums cannot hold are read from the entries of the period
//! only, through the `lancamentos_settled_plano` index: the transfers by plano (which planos
//! are transfers is the operator's mapping, and may change) and the legs without a plano,
//! one group per amount. Those rows are taken out of their day's kept row and returned
//! beside it, so the rows add up to exactly what the kept sums say, and are the rows
//! `cash_flow`'s read of the entries gives.

use super::Store;
use super::cash_flow::{
    OpenSum, OpeningDay, Placement, SETTLED_FLOWS, SettledSum, push_opening_day, push_placement,
    push_transfer,
};
use super::report_scope::push_scope;
use crate::domain::IntegrationId;
use crate::domain::report_query::ReportScope;
use crate::error::Result;
use chrono::NaiveDate;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use std::collections::HashMap;

/// A settled row's conta: integration, conta id and, without an id, the conta's name.
type ContaKey = (IntegrationId, Option<String>, Option<String>);

/// '' is "none" in the kept sums' keys.
fn none_if_empty(text: Option<String>) -> Option<String> {
    text.filter(|text| !text.is_empty())
}

fn conta_key(sum: &SettledSum) -> ContaKey {
    let name = sum
        .conta_id
        .is_none()
        .then(|| sum.conta_nome.clone())
        .flatten();
    (sum.integration_id, sum.conta_id.clone(), name)
}

impl Store {
    /// `settled_sums` for a scope without a loja or centro de custo.
    pub(super) async fn kept_settled_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
        transfer_planos: &HashMap<IntegrationId, Vec<String>>,
        openings: &[OpeningDay],
    ) -> Result<Vec<SettledSum>> {
        let mut query = QueryBuilder::new(
            "SELECT integration_id, conta_bancaria_id, place, max(nome_conta_bancaria) AS conta_nome,
                sum(inflow) AS inflow, sum(outflow) AS outflow, sum(entries) AS entries,
                sum(CASE WHEN day <> '' AND day < opening_day THEN inflow - outflow ELSE 0 END)
                    AS before_opening
             FROM (SELECT l.integration_id, l.conta_bancaria_id, l.nome_conta_bancaria, l.day,
                l.inflow, l.outflow, l.entries, ",
        );
        push_placement(&mut query, "nullif(l.day, '')", start, end);
        query.push(", ");
        push_opening_day(&mut query, openings);
        // As for the entries: up to the range's end or the latest saldo inicial date.
        let upper = openings.iter().map(|o| o.day).fold(end, NaiveDate::max);
        query
            .push(" FROM cash_flow_daily l WHERE l.entries <> 0 AND l.day < ")
            .push_bind(upper.to_string());
        push_scope(&mut query, scope, "l");
        query.push(
            ") GROUP BY integration_id, conta_bancaria_id,
                CASE WHEN conta_bancaria_id = '' THEN nome_conta_bancaria END, place",
        );
        let kept = query.build().fetch_all(self.pool()).await?;
        let mut sums: Vec<SettledSum> = kept
            .iter()
            .map(|row| {
                Ok(SettledSum {
                    integration_id: row.try_get("integration_id")?,
                    conta_id: none_if_empty(row.try_get("conta_bancaria_id")?),
                    conta_nome: none_if_empty(row.try_get("conta_nome")?),
                    place: Placement::from_column(row.try_get("place")?),
                    inflow: row.try_get("inflow")?,
                    outflow: row.try_get("outflow")?,
                    transfer_in: 0,
                    transfer_out: 0,
                    leg_valor: None,
                    // Counted only in the groups of legs, below.
                    receipts: 0,
                    payments: 0,
                    before_opening: row.try_get("before_opening")?,
                    entries: row.try_get("entries")?,
                })
            })
            .collect::<Result<_>>()?;
        let apart = self
            .transfers_and_legs(start, end, scope, transfer_planos)
            .await?;
        let mut days: HashMap<(ContaKey, Placement), usize> = sums
            .iter()
            .enumerate()
            .map(|(index, sum)| ((conta_key(sum), sum.place.clone()), index))
            .collect();
        for part in apart {
            let key = (conta_key(&part), part.place.clone());
            let index = *days.entry(key).or_insert_with(|| {
                // The kept sums always hold the day of an entry; should they not, the
                // part is still taken out of a row of its own, so the totals stay the
                // kept sums'.
                sums.push(SettledSum {
                    inflow: 0,
                    outflow: 0,
                    transfer_in: 0,
                    transfer_out: 0,
                    leg_valor: None,
                    receipts: 0,
                    payments: 0,
                    before_opening: 0,
                    entries: 0,
                    ..part.clone()
                });
                sums.len() - 1
            });
            let day = &mut sums[index];
            day.inflow -= part.inflow + part.transfer_in;
            day.outflow -= part.outflow + part.transfer_out;
            day.entries -= part.entries;
            sums.push(part);
        }
        Ok(sums)
    }

    /// The settled entries of the range on a transfer plano, and those without a plano
    /// with a conta (legs of a transfer, perhaps), grouped as `scanned_settled_sums`
    /// groups them.
    async fn transfers_and_legs(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
        transfer_planos: &HashMap<IntegrationId, Vec<String>>,
    ) -> Result<Vec<SettledSum>> {
        let mut query = QueryBuilder::new(format!(
            "SELECT integration_id, conta_bancaria_id, place, leg_valor,
                max(nome_conta_bancaria) AS conta_nome, {SETTLED_FLOWS}
                count(*) AS entries
             FROM ("
        ));
        // One branch per kind, each a range of the index on plano and day (SQLite does not
        // take `IS NULL OR IN` through one index).
        let range = InRange {
            start,
            end,
            scope,
            transfer_planos,
        };
        range.push(&mut query, None);
        let planos: Vec<&String> = transfer_planos.values().flatten().collect();
        if !planos.is_empty() {
            query.push(" UNION ALL ");
            range.push(&mut query, Some(&planos));
        }
        // A plano that is a transfer in another integration only is neither.
        query.push(
            ") WHERE transfer = 1 OR leg_valor IS NOT NULL
             GROUP BY integration_id, conta_bancaria_id,
                CASE WHEN conta_bancaria_id IS NULL THEN nome_conta_bancaria END, place, leg_valor",
        );
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter().map(part_of_day).collect()
    }

    /// `open_sums` for a scope without a loja or centro de custo.
    pub(super) async fn kept_open_sums(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<OpenSum>> {
        let mut query = QueryBuilder::new("SELECT ");
        push_placement(&mut query, "nullif(d.day, '')", start, end);
        query
            .push(
                ", sum(d.receivable) AS receivable, sum(d.payable) AS payable,
                 sum(d.entries) AS entries
                 FROM cash_flow_due_daily d WHERE d.entries <> 0 AND d.day < ",
            )
            .push_bind(end.to_string());
        push_scope(&mut query, scope, "d");
        query.push(" GROUP BY place");
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter().map(OpenSum::from_row).collect()
    }
}

/// The settled entries of a range, each with its amount, day, `leg_valor` and `transfer`.
struct InRange<'a> {
    start: NaiveDate,
    end: NaiveDate,
    scope: &'a ReportScope,
    transfer_planos: &'a HashMap<IntegrationId, Vec<String>>,
}

impl InRange<'_> {
    /// The select of the entries without a plano and with a conta (`planos` `None`), or of
    /// those on one of `planos`.
    fn push(&self, query: &mut QueryBuilder<'_, Sqlite>, planos: Option<&[&String]>) {
        query.push(
            "SELECT l.integration_id, l.conta_bancaria_id, l.nome_conta_bancaria, l.tipo,
                l.valor_total_centavos AS valor, substr(l.data_liquidacao, 1, 10) AS place,
                CASE WHEN l.plano_contas_id IS NULL AND l.conta_bancaria_id IS NOT NULL
                    THEN l.valor_total_centavos END AS leg_valor, ",
        );
        push_transfer(query, self.transfer_planos);
        query.push(" FROM lancamentos l WHERE l.liquidado = 1 AND l.deactivated_at IS NULL");
        match planos {
            None => {
                query.push(" AND l.plano_contas_id IS NULL AND l.conta_bancaria_id IS NOT NULL");
            }
            Some(planos) => {
                query.push(" AND l.plano_contas_id IN (");
                let mut list = query.separated(", ");
                for plano in planos {
                    list.push_bind((*plano).clone());
                }
                query.push(")");
            }
        }
        query
            .push(" AND l.data_liquidacao >= ")
            .push_bind(self.start.to_string())
            .push(" AND l.data_liquidacao < ")
            .push_bind(self.end.to_string());
        push_scope(query, self.scope, "l");
    }
}

/// One group of `transfers_and_legs`: a day in the range.
fn part_of_day(row: &SqliteRow) -> Result<SettledSum> {
    Ok(SettledSum {
        integration_id: row.try_get("integration_id")?,
        conta_id: none_if_empty(row.try_get("conta_bancaria_id")?),
        conta_nome: none_if_empty(row.try_get("conta_nome")?),
        place: Placement::Day(row.try_get("place")?),
        inflow: row.try_get("inflow")?,
        outflow: row.try_get("outflow")?,
        transfer_in: row.try_get("transfer_in")?,
        transfer_out: row.try_get("transfer_out")?,
        leg_valor: row.try_get("leg_valor")?,
        receipts: row.try_get("receipts")?,
        payments: row.try_get("payments")?,
        before_opening: 0,
        entries: row.try_get("entries")?,
    })
}
