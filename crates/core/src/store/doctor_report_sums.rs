//! The SQL behind `ponte doctor`'s check of the vendas' and the due recebimentos' kept
//! sums (`vendas_monthly` and `recebimentos_settled_due_daily`, kept by the triggers on
//! `vendas` and `lancamentos`, migration 00019) against a recount from the rows, and their
//! part of "Recalcular". The recount is the one the migration filled them with.

use super::Store;
use crate::error::Result;
use sqlx::SqliteConnection;

/// The live vendas per month, integration, loja, centro de custo and situação.
const VENDAS_RECOUNT: &str = "
SELECT coalesce(substr(data, 1, 7), '') AS month, integration_id,
    coalesce(loja_id, '') AS loja_id, coalesce(centro_custo_id, '') AS centro_custo_id,
    coalesce(nome_situacao, '') AS nome_situacao, count(*) AS vendas,
    sum(valor_total_centavos) AS revenue, sum(valor_custo_centavos) AS cost
FROM vendas WHERE deactivated_at IS NULL
GROUP BY 1, 2, 3, 4, 5";

/// The settled recebimentos per day of vencimento, at face value.
const DUE_RECOUNT: &str = "
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), '') AS day,
    sum(valor_centavos) AS receivable, count(*) AS entries
FROM lancamentos
WHERE deactivated_at IS NULL AND liquidado <> 0 AND tipo = 'recebimento'
GROUP BY 1, 2";

/// A kept row whose rows all went (every column zero) is the same as no row.
const VENDAS_KEPT: &str = "
SELECT month, integration_id, loja_id, centro_custo_id, nome_situacao, vendas, revenue, cost
FROM vendas_monthly WHERE vendas <> 0 OR revenue <> 0 OR cost <> 0";

const DUE_KEPT: &str = "
SELECT integration_id, day, receivable, entries
FROM recebimentos_settled_due_daily WHERE entries <> 0 OR receivable <> 0";

impl Store {
    /// How many kept sums of the vendas and of the settled recebimentos by due date
    /// disagree with their recount (a key whose sums differ, or that only one side has),
    /// reading only.
    pub async fn report_sum_drift(&self) -> Result<u64> {
        let vendas: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT month, integration_id, loja_id, centro_custo_id, nome_situacao
               FROM ({VENDAS_KEPT} EXCEPT {VENDAS_RECOUNT})
               UNION
               SELECT month, integration_id, loja_id, centro_custo_id, nome_situacao
               FROM ({VENDAS_RECOUNT} EXCEPT {VENDAS_KEPT}))"
        ))
        .fetch_one(&self.pool)
        .await?;
        let due: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT integration_id, day FROM ({DUE_KEPT} EXCEPT {DUE_RECOUNT})
               UNION
               SELECT integration_id, day FROM ({DUE_RECOUNT} EXCEPT {DUE_KEPT}))"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(vendas.unsigned_abs() + due.unsigned_abs())
    }
}

/// Rebuilds both tables from the recount, inside the caller's transaction.
pub(super) async fn recount_report_sums(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("DELETE FROM vendas_monthly")
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM recebimentos_settled_due_daily")
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO vendas_monthly (month, integration_id, loja_id, centro_custo_id, nome_situacao,
            vendas, revenue, cost) {VENDAS_RECOUNT}"
    ))
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO recebimentos_settled_due_daily (integration_id, day, receivable, entries)
         {DUE_RECOUNT}"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
