//! What a report over the mirrored data is asked for, in the words the reports and the
//! store's SQL share: which records it reads (`ReportScope`), how the vendas are grouped
//! (`SalesGrouping`) and which side an aging is of (`AgingSide`). Here, below both, because
//! the reports take them from the caller and the store renders them into its reads; what
//! the reports answer with is theirs (`reports`), the rows the store returns are its own.

use super::IntegrationId;
use super::period::Granularity;
use serde::{Deserialize, Serialize};

/// Which records the fluxo de caixa, the aging and the vendas report read: one integration
/// or all, one loja, one centro de custo. The three filter alike because the store renders
/// this into SQL in one place (`store::report_scope`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportScope {
    /// `None`: every integration.
    pub integration_id: Option<IntegrationId>,
    /// A loja's provider id.
    pub loja: Option<String>,
    /// A centro de custo's provider id.
    pub centro_custo: Option<String>,
}

/// What a row of the vendas report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SalesGrouping {
    /// A row per period, empty ones included.
    Period(Granularity),
    /// A row per product or service sold (a product's variations together), from the
    /// vendas' items.
    Produto,
    Vendedor,
    Canal,
}

/// Which side of the books an aging reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum AgingSide {
    /// Recebimentos: what clientes owe.
    Receber,
    /// Pagamentos: what is owed to fornecedores.
    Pagar,
}
