//! The SQL behind `ponte doctor`'s check of the fluxo de caixa's kept daily sums
//! (`cash_flow_daily` and `cash_flow_due_daily`, kept by the triggers on `lancamentos`)
//! against a recount from the entries, and their part of "Recalcular". The recount is the
//! one the cash-flow migration filled them with.

use super::Store;
use super::kept_table::KeptTable;
use crate::error::Result;
use sqlx::SqliteConnection;

/// What settled, per conta and day of liquidação, at what moved.
const SETTLED: KeptTable = KeptTable {
    table: "cash_flow_daily",
    columns: "integration_id, conta_bancaria_id, nome_conta_bancaria, day, inflow, outflow, entries",
    key: "integration_id, conta_bancaria_id, nome_conta_bancaria, day",
    kept: "
SELECT integration_id, conta_bancaria_id, nome_conta_bancaria, day, inflow, outflow, entries
FROM cash_flow_daily WHERE entries <> 0 OR inflow <> 0 OR outflow <> 0",
    recount: "
SELECT integration_id, coalesce(conta_bancaria_id, '') AS conta_bancaria_id,
    coalesce(nome_conta_bancaria, '') AS nome_conta_bancaria,
    coalesce(substr(data_liquidacao, 1, 10), '') AS day,
    sum(CASE tipo WHEN 'recebimento' THEN valor_total_centavos ELSE 0 END) AS inflow,
    sum(CASE tipo WHEN 'pagamento' THEN valor_total_centavos ELSE 0 END) AS outflow,
    count(*) AS entries
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1
GROUP BY 1, 2, 3, 4",
};

/// What is open, per day of vencimento, at face value.
const DUE: KeptTable = KeptTable {
    table: "cash_flow_due_daily",
    columns: "integration_id, day, receivable, payable, entries",
    key: "integration_id, day",
    kept: "
SELECT integration_id, day, receivable, payable, entries
FROM cash_flow_due_daily WHERE entries <> 0 OR receivable <> 0 OR payable <> 0",
    recount: "
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), '') AS day,
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE 0 END) AS receivable,
    sum(CASE tipo WHEN 'pagamento' THEN valor_centavos ELSE 0 END) AS payable,
    count(*) AS entries
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 0
GROUP BY 1, 2",
};

impl Store {
    /// How many kept daily sums of the fluxo de caixa disagree with their recount (a key
    /// whose sums differ, or that only one side has), reading only.
    pub async fn cash_flow_sum_drift(&self) -> Result<u64> {
        Ok(SETTLED.drift(self).await? + DUE.drift(self).await?)
    }
}

/// Rebuilds both daily tables from the recount, inside the caller's transaction.
pub(super) async fn recount_cash_flow_sums(conn: &mut SqliteConnection) -> Result<()> {
    SETTLED.rebuild(conn).await?;
    DUE.rebuild(conn).await
}
