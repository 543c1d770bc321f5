//! What a read of the DRE's sums or entries is asked with: the date that puts an entry in a
//! month (`Basis`), which lançamentos count (`DreFilters`), and the account a drill-down
//! opens (`DreAccountRef`). Here, below both `reports` and `store`, because the reports
//! take them from the caller and the store binds them into its reads; the report's own
//! query (`reports::dre::DreQuery`) adds the range and the comparison.

use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Which date puts an entry in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// By `data_competencia`, every entry, at its `valor`: the accounting view.
    Competencia,
    /// By `data_liquidacao`, settled entries only, at their `valor`. With the settlement
    /// parts, what moved (`valor_total`).
    Caixa,
}

impl FromStr for Basis {
    type Err = Error;
    fn from_str(text: &str) -> Result<Basis> {
        match text {
            "competencia" | "competência" => Ok(Basis::Competencia),
            "caixa" => Ok(Basis::Caixa),
            other => Err(Error::InvalidInput {
                field: "base",
                detail: format!("\"{other}\"; use competencia ou caixa"),
            }),
        }
    }
}

/// Which lançamentos count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreFilters {
    pub integration_id: Option<IntegrationId>,
    /// A loja's provider id.
    pub loja: Option<String>,
    /// A centro de custo's provider id.
    pub centro_custo: Option<String>,
    /// Counts the accounts that only move money (transfers, "Ajuste de caixa") by their
    /// type, instead of leaving them out.
    pub include_money_moves: bool,
}

/// An account row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreAccountRef {
    pub integration_id: IntegrationId,
    /// `None`: the lançamentos without a plano de contas.
    pub plano_external_id: Option<String>,
}
