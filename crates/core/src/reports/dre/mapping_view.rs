//! The mapping as its editor shows it: every plano de contas of an integration in the
//! tree's order, with the line it feeds and whether that is the operator's choice, an
//! ancestor's, or the default.

use super::mapping::{AccountClass, ClassSource, explain};
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::store::Store;
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MappingRow {
    pub external_id: String,
    pub classificacao: Option<String>,
    pub nome: String,
    /// `C` or `D`.
    pub tipo: Option<String>,
    /// How deep in the tree, by its code (0 at the top).
    pub depth: u32,
    pub class: AccountClass,
    pub source: ClassSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreMapping {
    pub integration_id: IntegrationId,
    pub rows: Vec<MappingRow>,
}

/// The mapping of `integration_id`'s planos de contas, in the tree's order.
pub(crate) async fn dre_mapping(
    store: &Store,
    integration_id: IntegrationId,
) -> Result<DreMapping> {
    let (planos, chosen) = store
        .planos_with_choices(Some(integration_id))
        .await?
        .remove(&integration_id)
        .unwrap_or_default();
    let mut rows: Vec<MappingRow> = explain(&planos, &chosen)
        .into_iter()
        .zip(planos)
        .map(|((_, class, source), plano)| MappingRow {
            depth: plano
                .classificacao
                .as_deref()
                .map_or(0, |code| code.matches('.').count() as u32),
            external_id: plano.external_id,
            classificacao: plano.classificacao,
            nome: plano.nome,
            tipo: plano.tipo,
            class,
            source,
        })
        .collect();
    rows.sort_by(|a, b| {
        tree_order(a.classificacao.as_deref(), b.classificacao.as_deref())
            .then_with(|| a.nome.cmp(&b.nome))
    });
    Ok(DreMapping {
        integration_id,
        rows,
    })
}

/// `1.2` before `1.10`: codes compare segment by segment, as numbers where they are.
fn tree_order(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let segments = |code: &str| -> Vec<(u64, String)> {
                code.split('.')
                    .map(|s| (s.parse().unwrap_or(u64::MAX), s.to_string()))
                    .collect()
            };
            segments(a).cmp(&segments(b))
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_as_a_tree() {
        let mut codes = vec![Some("1.10"), None, Some("2"), Some("1.2"), Some("1")];
        codes.sort_by(|a, b| tree_order(*a, *b));
        assert_eq!(
            codes,
            vec![Some("1"), Some("1.2"), Some("1.10"), Some("2"), None]
        );
    }
}
