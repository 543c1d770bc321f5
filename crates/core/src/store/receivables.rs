//! What is owed to (and by) the company around a date, for the indicators: how much of
//! what fell due in a span is still open (inadimplência), and what falls due soon. Without
//! a loja or centro de custo, from the kept daily sums by due date (migrations 00017 and
//! 00019: open ones in `cash_flow_due_daily`, settled recebimentos in
//! `recebimentos_settled_due_daily`), a row per day however many entries; with one, from
//! the entries. Both give the same figures: the sums' day is the due date's first 10
//! characters, and the bounds here are whole dates.

use super::Store;
use super::report_scope::push_scope;
use crate::domain::LancamentoTipo;
use crate::domain::report_query::ReportScope;
use crate::error::Result;
use chrono::NaiveDate;
use sqlx::{QueryBuilder, Row, Sqlite};

/// Recebimentos that fell due in a span: their sum, and the part still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FellDue {
    pub due: i64,
    pub open: i64,
}

impl Store {
    /// Recebimentos due from `from` up to, not including, `until`.
    pub async fn recebimentos_fell_due(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        scope: &ReportScope,
    ) -> Result<FellDue> {
        if kept_answers(scope) {
            return self.kept_fell_due(from, until, scope).await;
        }
        let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
            "SELECT coalesce(sum(l.valor_centavos), 0) AS due,
                    coalesce(sum(CASE WHEN l.liquidado = 0 THEN l.valor_centavos END), 0) AS open
             FROM lancamentos l
             WHERE l.deactivated_at IS NULL AND l.tipo = 'recebimento' AND l.data_vencimento >= ",
        );
        query
            .push_bind(from.to_string())
            .push(" AND l.data_vencimento < ")
            .push_bind(until.to_string());
        push_scope(&mut query, scope, "l");
        let row = query.build().fetch_one(self.pool()).await?;
        Ok(FellDue {
            due: row.try_get("due")?,
            open: row.try_get("open")?,
        })
    }

    /// Open lançamentos of `tipo` due from `from` up to, not including, `until`.
    pub async fn open_due_between(
        &self,
        tipo: LancamentoTipo,
        from: NaiveDate,
        until: NaiveDate,
        scope: &ReportScope,
    ) -> Result<i64> {
        if kept_answers(scope) {
            let column = match tipo {
                LancamentoTipo::Recebimento => "receivable",
                LancamentoTipo::Pagamento => "payable",
            };
            let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(format!(
                "SELECT coalesce(sum(l.{column}), 0) FROM cash_flow_due_daily l WHERE l.day >= "
            ));
            push_days(&mut query, from, until, scope);
            return Ok(query.build_query_scalar().fetch_one(self.pool()).await?);
        }
        let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
            "SELECT coalesce(sum(l.valor_centavos), 0) FROM lancamentos l
             WHERE l.deactivated_at IS NULL AND l.liquidado = 0 AND l.tipo = ",
        );
        query
            .push_bind(tipo.as_str())
            .push(" AND l.data_vencimento >= ")
            .push_bind(from.to_string())
            .push(" AND l.data_vencimento < ")
            .push_bind(until.to_string());
        push_scope(&mut query, scope, "l");
        Ok(query.build_query_scalar().fetch_one(self.pool()).await?)
    }

    /// `recebimentos_fell_due` from the kept sums: the open ones and the settled ones.
    async fn kept_fell_due(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        scope: &ReportScope,
    ) -> Result<FellDue> {
        let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
            "SELECT coalesce(sum(l.receivable), 0) FROM cash_flow_due_daily l WHERE l.day >= ",
        );
        push_days(&mut query, from, until, scope);
        let open: i64 = query.build_query_scalar().fetch_one(self.pool()).await?;
        let mut query: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
            "SELECT coalesce(sum(l.receivable), 0) FROM recebimentos_settled_due_daily l
             WHERE l.day >= ",
        );
        push_days(&mut query, from, until, scope);
        let settled: i64 = query.build_query_scalar().fetch_one(self.pool()).await?;
        Ok(FellDue {
            due: open + settled,
            open,
        })
    }
}

/// The kept sums by due date are per integration: they answer a scope without a loja or
/// centro de custo.
fn kept_answers(scope: &ReportScope) -> bool {
    scope.loja.is_none() && scope.centro_custo.is_none()
}

/// Binds `from`, then ` AND l.day < until` and the scope, after a query ending in
/// `l.day >= `. A day of '' (no due date) is before every date, so never in the span.
fn push_days(
    query: &mut QueryBuilder<'_, Sqlite>,
    from: NaiveDate,
    until: NaiveDate,
    scope: &ReportScope,
) {
    query
        .push_bind(from.to_string())
        .push(" AND l.day < ")
        .push_bind(until.to_string());
    push_scope(query, scope, "l");
}
