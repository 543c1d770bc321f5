//! The SQL behind `ponte doctor`'s check of the vendas' and the due recebimentos' kept
//! sums (`vendas_monthly` and `recebimentos_settled_due_daily`, kept by the triggers on
//! `vendas` and `lancamentos`, migration 00019) against a recount from the rows, and their
//! part of "Recalcular". The recount is the one the migration filled them with.

use super::Store;
use super::kept_table::KeptTable;
use crate::error::Result;
use sqlx::SqliteConnection;

/// The live vendas per month, integration, loja, centro de custo and situação.
const VENDAS: KeptTable = KeptTable {
    table: "vendas_monthly",
    columns: "month, integration_id, loja_id, centro_custo_id, nome_situacao, vendas, revenue, cost",
    key: "month, integration_id, loja_id, centro_custo_id, nome_situacao",
    kept: "
SELECT month, integration_id, loja_id, centro_custo_id, nome_situacao, vendas, revenue, cost
FROM vendas_monthly WHERE vendas <> 0 OR revenue <> 0 OR cost <> 0",
    recount: "
SELECT coalesce(substr(data, 1, 7), '') AS month, integration_id,
    coalesce(loja_id, '') AS loja_id, coalesce(centro_custo_id, '') AS centro_custo_id,
    coalesce(nome_situacao, '') AS nome_situacao, count(*) AS vendas,
    sum(valor_total_centavos) AS revenue, sum(valor_custo_centavos) AS cost
FROM vendas WHERE deactivated_at IS NULL
GROUP BY 1, 2, 3, 4, 5",
};

/// The settled recebimentos per day of vencimento, at face value.
const DUE: KeptTable = KeptTable {
    table: "recebimentos_settled_due_daily",
    columns: "integration_id, day, receivable, entries",
    key: "integration_id, day",
    kept: "
SELECT integration_id, day, receivable, entries
FROM recebimentos_settled_due_daily WHERE entries <> 0 OR receivable <> 0",
    recount: "
SELECT integration_id, coalesce(substr(data_vencimento, 1, 10), '') AS day,
    sum(valor_centavos) AS receivable, count(*) AS entries
FROM lancamentos
WHERE deactivated_at IS NULL AND liquidado <> 0 AND tipo = 'recebimento'
GROUP BY 1, 2",
};

impl Store {
    /// How many kept sums of the vendas and of the settled recebimentos by due date
    /// disagree with their recount (a key whose sums differ, or that only one side has),
    /// reading only.
    pub async fn report_sum_drift(&self) -> Result<u64> {
        Ok(VENDAS.drift(self).await? + DUE.drift(self).await?)
    }
}

/// Rebuilds both tables from the recount, inside the caller's transaction.
pub(super) async fn recount_report_sums(conn: &mut SqliteConnection) -> Result<()> {
    VENDAS.rebuild(conn).await?;
    DUE.rebuild(conn).await
}
