//! What a report's heading says it covers: whose numbers (the integration, or all of
//! them) and which filters narrowed them, by name.

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::store::{ReferenceKind, Store};

pub struct ReportHeading {
    pub company: String,
    pub filters: Vec<String>,
}

impl Store {
    pub async fn report_heading(
        &self,
        integration_id: Option<IntegrationId>,
        loja: Option<&str>,
        centro_custo: Option<&str>,
    ) -> Result<ReportHeading> {
        let integrations = self.integrations().await?;
        let company = integrations
            .iter()
            .filter(|i| integration_id.is_none_or(|id| i.id == id))
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut filters = Vec::new();
        for (kind, label, id) in [
            (ReferenceKind::Loja, "Loja", loja),
            (ReferenceKind::CentroCusto, "Centro de custo", centro_custo),
        ] {
            if let Some(id) = id {
                let name = self.reference_name(kind, integration_id, id).await?;
                filters.push(format!("{label}: {}", name.as_deref().unwrap_or(id)));
            }
        }
        Ok(ReportHeading { company, filters })
    }
}
