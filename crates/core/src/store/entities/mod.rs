//! Row writers for each mirrored table. Each table names its provider-owned columns once;
//! inserts and updates touch only those, so Ponte's own columns (`nota`) are never
//! overwritten by a sync.

mod lancamentos;
mod parties;
mod reference;
mod vendas;

use super::{placeholders, rows_per_statement};
use crate::domain::{EntityKind, IntegrationId, RecordBody, Venda};
use crate::error::Result;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Row, Sqlite, SqliteConnection};
use std::collections::HashMap;

pub(super) type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>;

/// A mirrored table and its provider-owned columns; the SQL is derived from them.
pub(super) struct Table {
    name: &'static str,
    columns: &'static [&'static str],
}

impl Table {
    pub const fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table { name, columns }
    }

    /// Values per inserted row: the integration, the external id, then the columns.
    fn insert_width(&self) -> usize {
        self.columns.len() + 2
    }

    /// `INSERT INTO name (integration_id, external_id, cols…) VALUES (…), (…)
    /// RETURNING id, external_id`: the ids come back paired, whatever their order.
    fn insert_sql(&self, rows: usize) -> String {
        format!(
            "INSERT INTO {} (integration_id, external_id, {}) VALUES {} RETURNING id, external_id",
            self.name,
            self.columns.join(", "),
            placeholders(self.insert_width(), rows)
        )
    }

    /// `UPDATE name SET col = ?, …, deactivated_at = NULL WHERE id = ?`: a record the
    /// provider sends again is alive again.
    fn update_sql(&self) -> String {
        let sets: Vec<String> = self.columns.iter().map(|c| format!("{c} = ?")).collect();
        format!(
            "UPDATE {} SET {}, deactivated_at = NULL WHERE id = ?",
            self.name,
            sets.join(", ")
        )
    }
}

/// The table that holds records of `kind`.
pub(super) fn table_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Loja => "lojas",
        EntityKind::PlanoConta => "planos_contas",
        EntityKind::CentroCusto => "centros_custos",
        EntityKind::ContaBancaria => "contas_bancarias",
        EntityKind::FormaPagamento => "formas_pagamento",
        EntityKind::Cliente | EntityKind::Fornecedor => "parties",
        EntityKind::Venda => "vendas",
        EntityKind::Recebimento | EntityKind::Pagamento => "lancamentos",
    }
}

fn table_of(body: &RecordBody) -> &'static Table {
    match body {
        RecordBody::Party(_) => &parties::TABLE,
        RecordBody::Venda(_) => &vendas::TABLE,
        RecordBody::Lancamento(_) => &lancamentos::TABLE,
        RecordBody::PlanoConta(_) => &reference::PLANOS_CONTAS,
        RecordBody::CentroCusto(_) => &reference::CENTROS_CUSTOS,
        RecordBody::ContaBancaria(_) => &reference::CONTAS_BANCARIAS,
        RecordBody::FormaPagamento(_) => &reference::FORMAS_PAGAMENTO,
        RecordBody::Loja(_) => &reference::LOJAS,
    }
}

fn bind_fields<'q>(query: Query<'q>, body: &'q RecordBody) -> Query<'q> {
    match body {
        RecordBody::Party(p) => parties::bind(query, p),
        RecordBody::Venda(v) => vendas::bind(query, v),
        RecordBody::Lancamento(l) => lancamentos::bind(query, l),
        RecordBody::PlanoConta(p) => reference::bind_plano_conta(query, p),
        RecordBody::CentroCusto(c) => reference::bind_centro_custo(query, c),
        RecordBody::ContaBancaria(c) => reference::bind_conta_bancaria(query, c),
        RecordBody::FormaPagamento(f) => reference::bind_forma_pagamento(query, f),
        RecordBody::Loja(l) => reference::bind_loja(query, l),
    }
}

/// Inserts new rows (one page: all of one table) with multi-row statements, and returns
/// external id → local id.
pub(super) async fn insert_many(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    records: &[(&str, &RecordBody)],
) -> Result<HashMap<String, i64>> {
    let Some((_, first)) = records.first() else {
        return Ok(HashMap::new());
    };
    let table = table_of(first);
    let mut ids = HashMap::with_capacity(records.len());
    for chunk in records.chunks(rows_per_statement(table.insert_width())) {
        let sql = table.insert_sql(chunk.len());
        let mut query = sqlx::query(&sql);
        for (external_id, body) in chunk {
            query = bind_fields(query.bind(integration_id).bind(*external_id), body);
        }
        for row in query.fetch_all(&mut *conn).await? {
            ids.insert(row.try_get("external_id")?, row.try_get("id")?);
        }
    }
    let vendas: Vec<(i64, &Venda)> = records
        .iter()
        .filter_map(|(external_id, body)| match body {
            RecordBody::Venda(venda) => ids.get(*external_id).map(|id| (*id, venda)),
            _ => None,
        })
        .collect();
    vendas::insert_children(conn, &vendas).await?;
    Ok(ids)
}

/// Overwrites the provider-owned columns of an existing row, and clears a deactivation.
pub(super) async fn update(
    conn: &mut SqliteConnection,
    local_id: i64,
    body: &RecordBody,
) -> Result<()> {
    let sql = table_of(body).update_sql();
    bind_fields(sqlx::query(&sql), body)
        .bind(local_id)
        .execute(&mut *conn)
        .await?;
    match body {
        RecordBody::Venda(venda) => vendas::replace_children(conn, local_id, venda).await,
        _ => Ok(()),
    }
}

/// Marks rows as vanished upstream. They stay, so history and reports can explain them.
pub(super) async fn set_deactivated(
    conn: &mut SqliteConnection,
    kind: EntityKind,
    local_id: i64,
    deactivated_at: Option<&str>,
) -> Result<()> {
    sqlx::query(&format!(
        "UPDATE {} SET deactivated_at = ? WHERE id = ?",
        table_name(kind)
    ))
    .bind(deactivated_at)
    .bind(local_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
