//! The lançamentos behind one cell of the DRE: an account's, a line's or a total's entries
//! in one month or in the whole period, each with its provider id, so the operator can
//! find it in the ERP. A settlement part's cell lists the entries whose liquidação carried
//! that part, at the part's amount. Which accounts a cell covers is decided here, from the
//! report; reading their entries is the store's (`store/dre_drill.rs`).

use super::report::{Dre, RowKind};
use super::request::DreQuery;
use super::settlement::SettlementPart;
use super::structure::DreLine;
use crate::domain::{IntegrationId, LancamentoTipo};
use crate::error::Result;
use crate::reports::{Month, Reports};
use serde::{Deserialize, Serialize};

/// The most entries one drill-down lists; the count and the sum still cover them all.
pub const MAX_DRILL_ENTRIES: u32 = 500;

/// An account row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreAccountRef {
    pub integration_id: IntegrationId,
    /// `None`: the lançamentos without a plano de contas.
    pub plano_external_id: Option<String>,
}

/// A cell: a row (a line, or one account under it) and a column (a month, or the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DreCell {
    pub line: DreLine,
    pub account: Option<DreAccountRef>,
    #[specta(type = Option<String>)]
    pub month: Option<Month>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreEntry {
    pub integration_id: IntegrationId,
    /// The provider's id of the lançamento.
    pub external_id: String,
    pub tipo: LancamentoTipo,
    /// The date that puts it in the cell: competência or liquidação, by the basis (always
    /// the liquidação for a settlement part).
    pub data: String,
    pub descricao: Option<String>,
    /// Cliente, fornecedor, transportadora or funcionário.
    pub parte: Option<String>,
    pub plano_conta: Option<String>,
    /// The settlement part this row is, or `None` for the entry's face value: one
    /// lançamento can appear twice in a total's cell, once for each.
    pub part: Option<SettlementPart>,
    /// Signed as in the report: income positive, expenses negative.
    pub centavos: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DreEntries {
    /// The first `MAX_DRILL_ENTRIES`, by date.
    pub entries: Vec<DreEntry>,
    /// How many there are in all, and their sum: the cell's value.
    pub count: i64,
    pub centavos: i64,
}

impl Reports {
    pub async fn dre_entries(&self, query: &DreQuery, cell: &DreCell) -> Result<DreEntries> {
        let accounts = match &cell.account {
            Some(account) => vec![account.clone()],
            None => accounts_of_line(&self.dre_for(query).await?, cell.line),
        };
        self.entries_of_accounts(query, accounts, cell.month).await
    }

    /// The entries of `accounts` in `month` (or the query's whole period), for a caller
    /// that already holds the report (see `accounts_of_line`).
    pub(crate) async fn entries_of_accounts(
        &self,
        query: &DreQuery,
        accounts: Vec<DreAccountRef>,
        month: Option<Month>,
    ) -> Result<DreEntries> {
        let range = query.range()?;
        let (from, until) = match month {
            Some(month) => (month.first_day(), month.plus(1).first_day()),
            None => range.date_bounds(),
        };
        self.store
            .dre_cell_entries(&accounts, &from, &until, query.basis, &query.filters)
            .await
    }
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
