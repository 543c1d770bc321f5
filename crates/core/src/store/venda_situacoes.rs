//! The situações the mirrored vendas are in, for Dados' filter by situação: each with
//! whether the reports leave it out as cancelled, so the operator sees why a venda listed
//! in Dados is missing from Vendas and the Indicadores.

use super::Store;
use super::sales::CANCELLED;
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct VendaSituacao {
    pub nome: String,
    /// Cancelled: in no report's revenue.
    pub cancelled: bool,
}

impl Store {
    /// The situações of the live vendas, by name. Vendas without one are not listed: the
    /// filter matches a name.
    pub async fn venda_situacoes(&self) -> Result<Vec<VendaSituacao>> {
        let rows = sqlx::query(&format!(
            "SELECT DISTINCT v.nome_situacao AS nome, {CANCELLED} AS cancelled FROM vendas v
             WHERE v.deactivated_at IS NULL AND v.nome_situacao IS NOT NULL
             ORDER BY v.nome_situacao COLLATE NOCASE"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(VendaSituacao {
                    nome: row.try_get("nome")?,
                    cancelled: row.try_get("cancelled")?,
                })
            })
            .collect()
    }
}
