//! What a report's heading says it covers: whose numbers (the chosen integration, or all
//! of those included in the reports), which sources those are and which are left out,
//! and which filters narrowed them, by name.

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::providers::display_name_of;
use crate::store::{Integration, ReferenceKind, Store};

pub struct ReportHeading {
    /// The heading's first line, whose numbers these are: "Integração: Loja Centro" or
    /// "Integrações: Loja Centro, Loja Norte".
    pub company: String,
    /// The sources, the ones left out, then the filters: lines for the heading.
    pub filters: Vec<String>,
}

/// The heading of a report over `integration_id` (or every integration included in the
/// reports), filtered by `loja` and `centro_custo`.
pub(crate) async fn report_heading(
    store: &Store,
    integration_id: Option<IntegrationId>,
    loja: Option<&str>,
    centro_custo: Option<&str>,
) -> Result<ReportHeading> {
    let integrations = store.integrations().await?;
    let (counted, left_out): (Vec<_>, Vec<_>) =
        integrations.iter().partition(|i| match integration_id {
            Some(id) => i.id == id,
            None => i.include_in_reports,
        });
    // The provider in parentheses, unless the name already says it ("Gestão Click
    // (demonstração)").
    let names = |list: &[&Integration]| {
        list.iter()
            .map(|i| {
                let provider = display_name_of(&i.provider);
                if i.name.contains(&provider) {
                    i.name.clone()
                } else {
                    format!("{} ({provider})", i.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let counted_names: Vec<&str> = counted.iter().map(|i| i.name.as_str()).collect();
    let company = match counted_names.as_slice() {
        [] => "Integrações: nenhuma".to_string(),
        [one] => format!("Integração: {one}"),
        many => format!("Integrações: {}", many.join(", ")),
    };
    let mut filters = vec![format!("Fontes: {}", names(&counted))];
    if integration_id.is_none() && !left_out.is_empty() {
        filters.push(format!(
            "Fora dos relatórios: {} (mude em Integrações)",
            names(&left_out)
        ));
    }
    for (kind, label, id) in [
        (ReferenceKind::Loja, "Loja", loja),
        (ReferenceKind::CentroCusto, "Centro de custo", centro_custo),
    ] {
        if let Some(id) = id {
            let name = store.reference_name(kind, integration_id, id).await?;
            filters.push(format!("{label}: {}", name.as_deref().unwrap_or(id)));
        }
    }
    Ok(ReportHeading { company, filters })
}
