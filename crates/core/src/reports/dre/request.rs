//! What a DRE is asked for with: the period, the basis, the comparison and the filters,
//! in one value the screen and the CLI both build; and the report such a value asks for.

use super::report::{self, Basis, Comparison, Dre, DreFilters};
use crate::error::Result;
use crate::reports::{Month, MonthRange};
use crate::store::Store;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreQuery {
    /// `YYYY-MM`, the first column.
    #[specta(type = String)]
    pub from: Month,
    /// `YYYY-MM`, the last column.
    #[specta(type = String)]
    pub to: Month,
    pub basis: Basis,
    pub comparison: Comparison,
    pub filters: DreFilters,
}

impl DreQuery {
    pub fn range(&self) -> Result<MonthRange> {
        MonthRange::new(self.from, self.to)
    }
}

/// The DRE `query` asks for.
pub(crate) async fn dre_for(store: &Store, query: &DreQuery) -> Result<Dre> {
    report::dre(
        store,
        query.range()?,
        query.basis,
        query.comparison,
        &query.filters,
    )
    .await
}
