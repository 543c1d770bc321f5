//! The saldo inicial the operator enters per conta bancária (`opening_balances`): written
//! only from the screens and the CLI, never by a sync, and dropped with its integration.
//! What it means for the fluxo de caixa lives in `reports::cash_flow`; reading what the
//! operator typed in `reports::cash_flow::opening`, and refusing a conta the integration
//! does not know in `Reports::set_opening_balance`.

use super::report_scope::INCLUDED_INTEGRATIONS;
use super::{Store, now_utc};
use crate::domain::IntegrationId;
use crate::domain::period::parse_date;
use crate::error::Result;
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// The bank's balance of one conta at the start of `data`, before anything that settled
/// that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct OpeningBalance {
    pub integration_id: IntegrationId,
    pub conta_bancaria_id: String,
    #[specta(type = String)]
    pub data: NaiveDate,
    pub centavos: i64,
}

/// A conta bancária as the Saldos iniciais form lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ContaOpening {
    pub integration_id: IntegrationId,
    pub integration_name: String,
    pub conta_bancaria_id: String,
    pub nome: String,
    /// `None`: not entered; the report computes the conta's balance from the first
    /// mirrored lançamento and says so.
    pub opening: Option<OpeningBalance>,
}

impl Store {
    /// Enters (or replaces) the saldo inicial of a conta.
    pub async fn set_opening_balance(&self, balance: &OpeningBalance) -> Result<()> {
        sqlx::query(
            "INSERT INTO opening_balances (integration_id, conta_bancaria_id, data, centavos, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (integration_id, conta_bancaria_id)
             DO UPDATE SET data = excluded.data, centavos = excluded.centavos,
                           updated_at = excluded.updated_at",
        )
        .bind(balance.integration_id)
        .bind(&balance.conta_bancaria_id)
        .bind(balance.data.to_string())
        .bind(balance.centavos)
        .bind(now_utc())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets the saldo inicial of a conta; `false` when there was none.
    pub async fn clear_opening_balance(
        &self,
        integration_id: IntegrationId,
        conta_bancaria_id: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM opening_balances WHERE integration_id = ? AND conta_bancaria_id = ?",
        )
        .bind(integration_id)
        .bind(conta_bancaria_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The live contas bancárias (of `integration_id`, or of the integrations included in
    /// the reports) with their saldo inicial, by integration and name; a saldo entered for
    /// a conta the provider no longer lists is still shown.
    pub async fn contas_with_openings(
        &self,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ContaOpening>> {
        let rows = sqlx::query(&format!(
            "WITH contas AS (
                 SELECT integration_id, external_id AS conta_bancaria_id, nome
                 FROM contas_bancarias WHERE deactivated_at IS NULL
                 UNION
                 SELECT o.integration_id, o.conta_bancaria_id,
                        coalesce((SELECT c.nome FROM contas_bancarias c
                                  WHERE c.integration_id = o.integration_id
                                    AND c.external_id = o.conta_bancaria_id LIMIT 1),
                                 'Conta ' || o.conta_bancaria_id)
                 FROM opening_balances o
                 WHERE NOT EXISTS (SELECT 1 FROM contas_bancarias c
                                   WHERE c.integration_id = o.integration_id
                                     AND c.external_id = o.conta_bancaria_id
                                     AND c.deactivated_at IS NULL))
             SELECT c.integration_id, i.name AS integration_name, c.conta_bancaria_id, c.nome,
                    o.data, o.centavos
             FROM contas c JOIN integrations i ON i.id = c.integration_id
             LEFT JOIN opening_balances o
               ON o.integration_id = c.integration_id AND o.conta_bancaria_id = c.conta_bancaria_id
             WHERE (?1 IS NULL AND c.integration_id IN ({INCLUDED_INTEGRATIONS}))
                OR c.integration_id = ?1
             ORDER BY i.name, c.nome COLLATE NOCASE, c.conta_bancaria_id"
        ))
        .bind(integration_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let data: Option<String> = row.try_get("data")?;
                Ok(ContaOpening {
                    integration_id: row.try_get("integration_id")?,
                    integration_name: row.try_get("integration_name")?,
                    conta_bancaria_id: row.try_get("conta_bancaria_id")?,
                    nome: row.try_get("nome")?,
                    opening: match data {
                        Some(_) => Some(opening_from_row(row)?),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// Whether `integration_id` knows the conta: listed by the provider, or named by a
    /// lançamento.
    pub async fn conta_bancaria_known(
        &self,
        integration_id: IntegrationId,
        conta_bancaria_id: &str,
    ) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM contas_bancarias
                            WHERE integration_id = ?1 AND external_id = ?2)
                 OR EXISTS (SELECT 1 FROM lancamentos
                            WHERE integration_id = ?1 AND conta_bancaria_id = ?2)",
        )
        .bind(integration_id)
        .bind(conta_bancaria_id)
        .fetch_one(self.pool())
        .await?)
    }
}

fn opening_from_row(row: &SqliteRow) -> Result<OpeningBalance> {
    let data: String = row.try_get("data")?;
    Ok(OpeningBalance {
        integration_id: row.try_get("integration_id")?,
        conta_bancaria_id: row.try_get("conta_bancaria_id")?,
        data: parse_date(&data)?,
        centavos: row.try_get("centavos")?,
    })
}
