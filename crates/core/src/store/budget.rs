//! `request_budget`: requests spent per integration per Brazilian calendar day, kept on
//! disk so a restart does not forget the provider's daily quota.

use super::Store;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};

/// The daily request budget of one integration.
#[derive(Debug, Clone)]
pub struct RequestBudget {
    store: Store,
    integration_id: IntegrationId,
    limit: u32,
}

impl RequestBudget {
    pub fn new(store: Store, integration_id: IntegrationId, limit: u32) -> RequestBudget {
        RequestBudget {
            store,
            integration_id,
            limit,
        }
    }

    /// Takes one request from today's budget, or fails when it is spent.
    pub async fn consume(&self) -> Result<()> {
        let day = crate::time::today_sao_paulo().to_string();
        let used: i64 = sqlx::query_scalar(
            "INSERT INTO request_budget (integration_id, day, requests) VALUES (?, ?, 1)
             ON CONFLICT (integration_id, day) DO UPDATE SET requests = requests + 1
             WHERE requests < ?
             RETURNING requests",
        )
        .bind(self.integration_id)
        .bind(&day)
        .bind(i64::from(self.limit))
        .fetch_optional(self.store.pool())
        .await?
        .unwrap_or(i64::from(self.limit) + 1);
        if used > i64::from(self.limit) {
            return Err(Error::DailyBudgetExhausted {
                used: self.limit,
                limit: self.limit,
            });
        }
        Ok(())
    }
}

impl Store {
    /// Requests spent today (Brazilian calendar day) by an integration.
    pub async fn requests_today(&self, integration_id: IntegrationId) -> Result<u32> {
        let used: Option<i64> = sqlx::query_scalar(
            "SELECT requests FROM request_budget WHERE integration_id = ? AND day = ?",
        )
        .bind(integration_id)
        .bind(crate::time::today_sao_paulo().to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(used.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32)
    }
}
