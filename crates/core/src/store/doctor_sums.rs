//! The SQL behind `ponte doctor`'s check of the kept sums: `dre_monthly` (kept by the
//! triggers on `lancamentos`) against a recount from the entries, `dre_monthly_totals`
//! (kept from `dre_monthly`) against the sum of its rows, and "Recalcular", which rebuilds
//! both from the recount. The recount is the one the settlement-parts migration wrote.

use super::Store;
use super::doctor_cash_flow_sums::recount_cash_flow_sums;
use super::doctor_report_sums::recount_report_sums;
use crate::error::Result;

/// Every DRE sum as a recount from the live entries gives it: the face value by month of
/// competência and by month of liquidação, and each settlement part (juros, descontos,
/// tarifas, taxas, what is left over) apart, under the 'caixa' basis.
const RECOUNT: &str = "
SELECT integration_id, 'competencia' AS basis, substr(data_competencia, 1, 7) AS month,
    coalesce(plano_contas_id, '') AS plano_contas_id, coalesce(loja_id, '') AS loja_id,
    coalesce(centro_custo_id, '') AS centro_custo_id,
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END) AS centavos,
    count(*) AS entries, sum(tipo = 'recebimento') AS income_entries,
    max(nome_plano_conta) AS nome_plano_conta
FROM lancamentos WHERE deactivated_at IS NULL AND data_competencia IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL
SELECT integration_id, 'caixa', substr(data_liquidacao, 1, 7), coalesce(plano_contas_id, ''),
    coalesce(loja_id, ''), coalesce(centro_custo_id, ''),
    sum(CASE tipo WHEN 'recebimento' THEN valor_centavos ELSE -valor_centavos END),
    count(*), sum(tipo = 'recebimento'), max(nome_plano_conta)
FROM lancamentos WHERE deactivated_at IS NULL AND liquidado = 1 AND data_liquidacao IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL
SELECT integration_id, 'caixa', month, key, loja_id, centro_custo_id, sum(centavos), count(*),
    sum(income), NULL
FROM (
    SELECT l.integration_id, substr(l.data_liquidacao, 1, 7) AS month,
        coalesce(l.loja_id, '') AS loja_id, coalesce(l.centro_custo_id, '') AS centro_custo_id,
        l.tipo = 'recebimento' AS income,
        CASE part_n.n
            WHEN 1 THEN CASE WHEN l.tipo = 'recebimento' THEN ':juros_recebidos' ELSE ':juros_pagos' END
            WHEN 2 THEN CASE WHEN l.tipo = 'recebimento' THEN ':descontos_concedidos' ELSE ':descontos_obtidos' END
            WHEN 3 THEN ':tarifas_bancarias' WHEN 4 THEN ':taxas_operadora' ELSE ':outros_ajustes' END AS key,
        (CASE l.tipo WHEN 'recebimento' THEN 1 ELSE -1 END) * CASE part_n.n
            WHEN 1 THEN l.juros_centavos WHEN 2 THEN -l.desconto_centavos
            WHEN 3 THEN -l.taxa_banco_centavos WHEN 4 THEN -l.taxa_operadora_centavos
            ELSE l.valor_total_centavos - (l.valor_centavos + l.juros_centavos - l.desconto_centavos
                - l.taxa_banco_centavos - l.taxa_operadora_centavos) END AS centavos
    FROM lancamentos l
    JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) AS part_n
    WHERE l.deactivated_at IS NULL AND l.liquidado = 1 AND l.data_liquidacao IS NOT NULL
)
WHERE centavos <> 0
GROUP BY integration_id, month, key, loja_id, centro_custo_id";

/// The columns a kept sum and its recount must agree on. A kept row whose entries all
/// went (every count zero) is the same as no row.
const SUM_COLUMNS: &str = "integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id, \
     centavos, entries, income_entries";

/// How many kept sums disagree with their recount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SumDrift {
    /// `dre_monthly` keys whose sums differ from the recount, or that only one side has.
    pub monthly: u64,
    /// `dre_monthly_totals` keys that differ from the sum of their `dre_monthly` rows.
    pub totals: u64,
}

impl Store {
    /// Compares the kept sums with a recount, reading only.
    pub async fn kept_sum_drift(&self) -> Result<SumDrift> {
        let kept = format!(
            "SELECT {SUM_COLUMNS} FROM dre_monthly
             WHERE entries <> 0 OR centavos <> 0 OR income_entries <> 0"
        );
        let recount = format!("SELECT {SUM_COLUMNS} FROM ({RECOUNT})");
        let monthly: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id
               FROM ({kept} EXCEPT {recount})
               UNION
               SELECT integration_id, basis, month, plano_contas_id, loja_id, centro_custo_id
               FROM ({recount} EXCEPT {kept}))"
        ))
        .fetch_one(&self.pool)
        .await?;
        let totals_kept = "SELECT basis, month, integration_id, plano_contas_id, centavos, entries,
                income_entries FROM dre_monthly_totals
             WHERE entries <> 0 OR centavos <> 0 OR income_entries <> 0";
        let totals_recount = "SELECT basis, month, integration_id, plano_contas_id, sum(centavos),
                sum(entries), sum(income_entries) FROM dre_monthly
             GROUP BY basis, month, integration_id, plano_contas_id
             HAVING sum(entries) <> 0 OR sum(centavos) <> 0 OR sum(income_entries) <> 0";
        let totals: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT basis, month, integration_id, plano_contas_id
               FROM ({totals_kept} EXCEPT {totals_recount})
               UNION
               SELECT basis, month, integration_id, plano_contas_id
               FROM ({totals_recount} EXCEPT {totals_kept}))"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(SumDrift {
            monthly: monthly.unsigned_abs(),
            totals: totals.unsigned_abs(),
        })
    }

    /// "Recalcular": rebuilds `dre_monthly` from the recount in one transaction (its
    /// trigger rebuilds `dre_monthly_totals` from the new rows), and the other kept sums
    /// with it: the fluxo de caixa's, the vendas' and the due recebimentos'.
    pub async fn recount_kept_sums(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM dre_monthly_totals")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM dre_monthly")
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO dre_monthly (integration_id, basis, month, plano_contas_id, loja_id,
                centro_custo_id, centavos, entries, income_entries, nome_plano_conta) {RECOUNT}"
        ))
        .execute(&mut *tx)
        .await?;
        recount_cash_flow_sums(&mut tx).await?;
        recount_report_sums(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
