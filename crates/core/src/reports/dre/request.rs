//! What a DRE is asked for with: the period, the basis, the comparison and the filters,
//! in one value the screen and the CLI both build.

use super::report::{Basis, Comparison, Dre, DreFilters};
use crate::error::Result;
use crate::reports::{Month, MonthRange, Reports};
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

impl Reports {
    pub async fn dre_for(&self, query: &DreQuery) -> Result<Dre> {
        self.dre(
            query.range()?,
            query.basis,
            query.comparison,
            &query.filters,
        )
        .await
    }
}
