//! A `ReportScope` as SQL: the conditions on a table's `integration_id`, `loja_id` and
//! `centro_custo_id` (lancamentos and vendas name them alike), with their values bound in
//! order, so every report that takes a scope filters the same way. Without a chosen
//! integration, the integrations left out of the reports (see `include_in_reports`) are.

use crate::domain::report_query::ReportScope;
use sqlx::{QueryBuilder, Sqlite};

/// Which integrations count when a report names none: those included in the reports.
pub(super) const INCLUDED_INTEGRATIONS: &str =
    "SELECT id FROM integrations WHERE include_in_reports = 1";

/// Appends ` AND {alias}.column = ?` for each filter `scope` sets, binding its value.
/// Without an integration, only those included in the reports count.
pub(super) fn push_scope(query: &mut QueryBuilder<'_, Sqlite>, scope: &ReportScope, alias: &str) {
    match scope.integration_id {
        Some(integration_id) => {
            query
                .push(format!(" AND {alias}.integration_id = "))
                .push_bind(integration_id);
        }
        None => {
            query.push(format!(
                " AND {alias}.integration_id IN ({INCLUDED_INTEGRATIONS})"
            ));
        }
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
