//! The lançamentos behind one cell of the DRE: an account's, a line's or a total's entries
//! in one month or in the whole period, each with its provider id, so the operator can
//! find it in the ERP. A settlement part's cell lists the entries whose liquidação carried
//! that part, at the part's amount. Which accounts a cell covers is decided here, from the
//! report; reading their entries, and their shape (`DreEntry`), is the store's
//! (`store/dre_drill.rs`). The account a cell names (`DreAccountRef`) is `domain::dre`'s.

use super::report::{Dre, RowKind};
use super::request::{DreQuery, dre_for};
use super::structure::DreLine;
use crate::error::Result;
use crate::reports::Month;
use crate::store::Store;
use serde::{Deserialize, Serialize};

pub use crate::domain::dre::DreAccountRef;
pub use crate::store::{DreEntries, DreEntry, MAX_DRILL_ENTRIES};

/// A cell: a row (a line, or one account under it) and a column (a month, or the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreCell {
    pub line: DreLine,
    pub account: Option<DreAccountRef>,
    #[specta(type = Option<String>)]
    pub month: Option<Month>,
}

/// The entries behind `cell` of the DRE `query` asks for.
pub(crate) async fn dre_entries(
    store: &Store,
    query: &DreQuery,
    cell: &DreCell,
) -> Result<DreEntries> {
    let accounts = match &cell.account {
        Some(account) => vec![account.clone()],
        None => accounts_of_line(&dre_for(store, query).await?, cell.line),
    };
    entries_of_accounts(store, query, accounts, cell.month).await
}

/// The entries of `accounts` in `month` (or the query's whole period), for a caller
/// that already holds the report (see `accounts_of_line`).
pub(crate) async fn entries_of_accounts(
    store: &Store,
    query: &DreQuery,
    accounts: Vec<DreAccountRef>,
    month: Option<Month>,
) -> Result<DreEntries> {
    let range = query.range()?;
    let (from, until) = match month {
        Some(month) => (month.first_day(), month.plus(1).first_day()),
        None => range.date_bounds(),
    };
    store
        .dre_cell_entries(&accounts, &from, &until, query.basis, &query.filters)
        .await
}

/// The accounts `dre` puts under `line`, or, for a total line, under the groups it adds up:
/// the report itself decides, so the entries always add up to the cell.
pub(crate) fn accounts_of_line(dre: &Dre, line: DreLine) -> Vec<DreAccountRef> {
    let summed = line.summed_groups();
    dre.rows
        .iter()
        .filter(|row| row.kind == RowKind::Account)
        .filter(|row| {
            row.line == line || matches!(row.line, DreLine::Group(group) if summed.contains(&group))
        })
        .filter_map(|row| {
            Some(DreAccountRef {
                integration_id: row.integration_id?,
                plano_external_id: row.plano_external_id.clone(),
            })
        })
        .collect()
}
