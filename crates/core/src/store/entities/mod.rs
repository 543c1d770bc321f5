//! Row writers for each mirrored table. Each table names its provider-owned columns once;
//! inserts and updates touch only those, so Ponte's own columns (`nota`) are never
//! overwritten by a sync.

mod lancamentos;
mod parties;
mod reference;
mod vendas;

use crate::domain::{EntityKind, IntegrationId, RecordBody};
use crate::error::Result;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Row, Sqlite, SqliteConnection};
use std::sync::LazyLock;

pub(super) type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>;

/// A mirrored table and its provider-owned columns, with the SQL derived from them.
pub(super) struct Table {
    insert: LazyLock<String>,
    update: LazyLock<String>,
}

impl Table {
    pub const fn new(insert: fn() -> String, update: fn() -> String) -> Table {
        Table {
            insert: LazyLock::new(insert),
            update: LazyLock::new(update),
        }
    }
}

/// `INSERT INTO name (integration_id, external_id, cols…) VALUES (?, …) RETURNING id`.
pub(super) fn insert_sql(name: &str, columns: &[&str]) -> String {
    let marks = vec!["?"; columns.len() + 2].join(", ");
    format!(
        "INSERT INTO {name} (integration_id, external_id, {}) VALUES ({marks}) RETURNING id",
        columns.join(", ")
    )
}

/// `UPDATE name SET col = ?, …, deactivated_at = NULL WHERE id = ?`: a record the provider
/// sends again is alive again.
pub(super) fn update_sql(name: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns.iter().map(|c| format!("{c} = ?")).collect();
    format!(
        "UPDATE {name} SET {}, deactivated_at = NULL WHERE id = ?",
        sets.join(", ")
    )
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

/// Inserts a new row and returns its local id.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    external_id: &str,
    body: &RecordBody,
) -> Result<i64> {
    let table = table_of(body);
    let query = sqlx::query(table.insert.as_str())
        .bind(integration_id)
        .bind(external_id);
    let local_id: i64 = bind_fields(query, body)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    write_children(conn, local_id, body).await?;
    Ok(local_id)
}

/// Overwrites the provider-owned columns of an existing row, and clears a deactivation.
pub(super) async fn update(
    conn: &mut SqliteConnection,
    local_id: i64,
    body: &RecordBody,
) -> Result<()> {
    let table = table_of(body);
    bind_fields(sqlx::query(table.update.as_str()), body)
        .bind(local_id)
        .execute(&mut *conn)
        .await?;
    write_children(conn, local_id, body).await
}

async fn write_children(
    conn: &mut SqliteConnection,
    local_id: i64,
    body: &RecordBody,
) -> Result<()> {
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
