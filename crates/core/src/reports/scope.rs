//! Which records the fluxo de caixa, the aging and the vendas report read: one integration
//! or all, one loja, one centro de custo. The three filter alike because the store renders
//! this into SQL in one place (`store::report_scope`).

use crate::domain::IntegrationId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportScope {
    /// `None`: every integration.
    pub integration_id: Option<IntegrationId>,
    /// A loja's provider id.
    pub loja: Option<String>,
    /// A centro de custo's provider id.
    pub centro_custo: Option<String>,
}
