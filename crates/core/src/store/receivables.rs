//! What is owed to (and by) the company around a date, for the indicators: how much of
//! what fell due in a span is still open (inadimplência), and what falls due soon.

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
}
