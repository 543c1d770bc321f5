//! The SQL behind `ponte doctor`'s check of the fluxo de caixa's kept daily sums
//! (`cash_flow_daily` and `cash_flow_due_daily`, kept by the triggers on `lancamentos`)
//! against a recount from the entries, and their part of "Recalcular". The recount is the
//! one the cash-flow migration filled them with.

use super::Store;
use crate::error::Result;
use sqlx::SqliteConnection;

/// What settled, per conta and day of liquidação, at what moved.
const SETTLED_RECOUNT: &str = "
SELECT integration_id, coalesce(conta_bancaria_id, '') AS conta_bancaria_id,
    coalesce(nome_conta_bancaria, '') AS nome_conta_bancaria,
    coalesce(substr(data_liquidacao, 1, 10), '') AS day,
    sum(CASE tipo WHEN 'recebimento' THEN valor_total_centavos ELSE 0 END) AS inflow,
    sum(CASE tipo WHEN 'pagamento' THEN valor_total_centavos ELSE 0 END) AS outflow,
    count(*) AS entries
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1
GROUP BY 1, 2, 3, 4";

/// What is open, per day of vencimento, at face value.
const DUE_RECOUNT: &str = "
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), '') AS day,
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE 0 END) AS receivable,
    sum(CASE tipo WHEN 'pagamento' THEN valor_centavos ELSE 0 END) AS payable,
    count(*) AS entries
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 0
GROUP BY 1, 2";

/// A kept row whose entries all went (every column zero) is the same as no row.
const SETTLED_KEPT: &str = "
SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day, inflow, outflow, entries
FROM cash_flow_daily WHERE entries <> 0 OR inflow <> 0 OR outflow <> 0";

const DUE_KEPT: &str = "
SELECT integration_id, day, receivable, payable, entries
FROM cash_flow_due_daily WHERE entries <> 0 OR receivable <> 0 OR payable <> 0";

impl Store {
    /// How many kept daily sums of the fluxo de caixa disagree with their recount (a key
    /// whose sums differ, or that only one side has), reading only.
    pub async fn cash_flow_sum_drift(&self) -> Result<u64> {
        let settled: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day
               FROM ({SETTLED_KEPT} EXCEPT {SETTLED_RECOUNT})
               UNION
               SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day
               FROM ({SETTLED_RECOUNT} EXCEPT {SETTLED_KEPT}))"
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
        Ok(settled.unsigned_abs() + due.unsigned_abs())
    }
}

/// Rebuilds both daily tables from the recount, inside the caller's transaction.
pub(super) async fn recount_cash_flow_sums(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("DELETE FROM cash_flow_daily")
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM cash_flow_due_daily")
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO cash_flow_daily (integration_id, conta_bancaria_id, nome_conta_bancaria,
            day, inflow, outflow, entries) {SETTLED_RECOUNT}"
    ))
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO cash_flow_due_daily (integration_id, day, receivable, payable, entries)
         {DUE_RECOUNT}"
    ))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
