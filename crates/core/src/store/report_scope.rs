//! A `ReportScope` as SQL: the conditions on a table's `integration_id`, `loja_id` and
//! `centro_custo_id` (lancamentos and vendas name them alike), with their values bound in
//! order, so every report that takes a scope filters the same way.

use crate::reports::ReportScope;
use sqlx::{QueryBuilder, Sqlite};

/// Appends ` AND {alias}.column = ?` for each filter `scope` sets, binding its value.
pub(super) fn push_scope(query: &mut QueryBuilder<'_, Sqlite>, scope: &ReportScope, alias: &str) {
    if let Some(integration_id) = scope.integration_id {
        query
            .push(format!(" AND {alias}.integration_id = "))
            .push_bind(integration_id);
    }
    if let Some(loja) = &scope.loja {
        query
            .push(format!(" AND {alias}.loja_id = "))
            .push_bind(loja.clone());
    }
    if let Some(centro) = &scope.centro_custo {
        query
            .push(format!(" AND {alias}.centro_custo_id = "))
            .push_bind(centro.clone());
    }
}
