//! The aging of contas a receber or a pagar: the position of one side on a reference date.
//! The titles issued by that date (competência, else the day registered) and not settled by
//! it, even when settled later, at face value, per party, by how many days past due they are
//! on that date (a vencer, 1–30, 31–60, 61–90, more than 90), with the items that have no due
//! date in a column of their own so nothing is hidden. Parties by total, largest first, then
//! the grand total. On today's date it is what is open today. Which rows count, and their
//! shape (`AgingRow`), is the store's (`store/aging.rs`); the side asked for is
//! `domain::report_query`'s; this file owns the report's order, totals and table.

use crate::error::Result;
use crate::reports::ReportScope;
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};
use crate::store::Store;
use chrono::NaiveDate;
use serde::Serialize;

pub use crate::domain::report_query::AgingSide;
pub use crate::store::{AgingAmounts, AgingBucket, AgingParty, AgingRow, AgingTitle};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Aging {
    pub side: AgingSide,
    /// The date of the position: items issued and not settled by it, their days past due
    /// counted to it.
    #[specta(type = String)]
    pub as_of: NaiveDate,
    /// By total, largest first.
    pub rows: Vec<AgingRow>,
    pub entries: i64,
    pub total: AgingAmounts,
}

/// The títulos behind one bucket of the aging, as the drill-down lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingTitles {
    pub bucket: AgingBucket,
    #[specta(type = String)]
    pub as_of: NaiveDate,
    /// By due date; the first `MAX_AGING_TITLES` when there are more.
    pub titles: Vec<AgingTitle>,
    /// All of the bucket's títulos and their sum: the bucket's amount on the aging.
    pub count: i64,
    pub total: i64,
}

/// The most títulos one drill-down lists; the count and the total still cover them all.
pub const MAX_AGING_TITLES: usize = 500;

/// The títulos of `side` in `scope` open on `as_of` that fall in `bucket`.
pub(crate) async fn aging_titles(
    store: &Store,
    side: AgingSide,
    as_of: NaiveDate,
    scope: &ReportScope,
    bucket: AgingBucket,
) -> Result<AgingTitles> {
    let mut titles = store.aging_titles(side, as_of, scope, bucket).await?;
    let count = titles.len() as i64;
    let total = titles.iter().map(|title| title.valor_centavos).sum();
    titles.truncate(MAX_AGING_TITLES);
    Ok(AgingTitles {
        bucket,
        as_of,
        titles,
        count,
        total,
    })
}

/// The position on `as_of`: what was issued and not yet settled on that day, even if
/// settled since. Usually today in São Paulo (`crate::time::today_sao_paulo`), and then
/// it is what is open now.
pub(crate) async fn aging(
    store: &Store,
    side: AgingSide,
    as_of: NaiveDate,
    scope: &ReportScope,
) -> Result<Aging> {
    let mut rows = store.aging_rows(side, as_of, scope).await?;
    rows.sort_by(|a, b| {
        b.amounts
            .total
            .cmp(&a.amounts.total)
            .then_with(|| a.label.cmp(&b.label))
    });
    let mut total = AgingAmounts::default();
    for row in &rows {
        add(&mut total, &row.amounts);
    }
    Ok(Aging {
        side,
        as_of,
        entries: rows.iter().map(|row| row.entries).sum(),
        rows,
        total,
    })
}

impl Aging {
    /// A row per party, then the total. `company` names whose numbers these are; `filters`
    /// says which filters were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let (title, party) = match self.side {
            // Not "Cliente"/"Fornecedor": a row may be a transportadora or a funcionário.
            AgingSide::Receber => ("Contas a receber por vencimento (aging)", "Devedor"),
            AgingSide::Pagar => ("Contas a pagar por vencimento (aging)", "Credor"),
        };
        let mut columns = vec![party.to_string()];
        columns.extend(
            [
                "A vencer",
                "1–30 dias",
                "31–60 dias",
                "61–90 dias",
                "Mais de 90 dias",
                "Sem vencimento",
                "Total",
            ]
            .map(String::from),
        );
        let row = |label: &str, amounts: &AgingAmounts, style| {
            let mut cells = vec![Cell::Text(label.into())];
            cells.extend(amount_cells(amounts));
            TableRow { style, cells }
        };
        let mut rows: Vec<TableRow> = self
            .rows
            .iter()
            .map(|r| row(&r.label, &r.amounts, RowStyle::Normal))
            .collect();
        rows.push(row("Total", &self.total, RowStyle::Strong));

        let mut about = vec![
            company.to_string(),
            format!("Posição em: {}", self.as_of.format("%d/%m/%Y")),
        ];
        about.extend(filters.iter().cloned());
        let day = self.as_of.format("%d/%m/%Y");
        let mut notes = vec![format!(
            "Posição em {day}: títulos emitidos até essa data e não liquidados até ela, mesmo que liquidados depois; pelo valor original, sem juros nem descontos. {} {}; os dias de atraso contam até {day}. A vencer inclui o que vence nessa data.",
            self.entries,
            if self.entries == 1 {
                "título"
            } else {
                "títulos"
            },
        )];
        if self.total.no_due_date != 0 {
            notes.push(format!(
                "Atenção: {} em títulos sem data de vencimento (coluna Sem vencimento).",
                Cell::Money(self.total.no_due_date).display()
            ));
        }
        ReportTable {
            title: title.into(),
            about,
            columns,
            rows,
            notes,
        }
    }
}

fn add(total: &mut AgingAmounts, other: &AgingAmounts) {
    total.current += other.current;
    total.days_1_30 += other.days_1_30;
    total.days_31_60 += other.days_31_60;
    total.days_61_90 += other.days_61_90;
    total.over_90 += other.over_90;
    total.no_due_date += other.no_due_date;
    total.total += other.total;
}

/// The buckets in the table's column order, the total last.
fn amount_cells(amounts: &AgingAmounts) -> [Cell; 7] {
    [
        amounts.current,
        amounts.days_1_30,
        amounts.days_31_60,
        amounts.days_61_90,
        amounts.over_90,
        amounts.no_due_date,
        amounts.total,
    ]
    .map(Cell::Money)
}
