//! The vendas report: the live vendas dated in a range, by period, produto, vendedor or
//! canal, with how many, how much (quantity for items), revenue, cost, gross margin, margin
//! % and ticket médio, and the total. Cancelled vendas are not sales: they are left out and
//! said so, with what they amounted to. How the rows are grouped (`SalesGrouping`) is
//! `domain::report_query`'s, shared with the store that groups them.

use crate::domain::IntegrationId;
use crate::error::Result;
use crate::reports::period::{Period, PeriodIndex, periods, range_days};
use crate::reports::table::{Cell, ReportTable, RowStyle, TableRow};
use crate::reports::{MonthRange, ReportScope};
use crate::store::{GroupSum, SituacaoSum, Store};
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

pub use crate::domain::report_query::SalesGrouping;

/// A group's figures, in centavos.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SalesFigures {
    /// How many vendas (for a product: how many had it).
    pub vendas: i64,
    /// Items only: the quantity sold in thousandths of its unit (1500 is 1,5). `None` for
    /// vendas, and for the total of items, whose units differ.
    pub quantity_milesimos: Option<i64>,
    /// The vendas' `valor_total` (with frete); for items, the items' `valor_total`.
    pub revenue: i64,
    /// The vendas' `valor_custo`; for items, their unit cost times the quantity.
    pub cost: i64,
    /// `revenue − cost`.
    pub gross_margin: i64,
    /// `gross_margin ÷ revenue`; `None` without revenue.
    pub margin: Option<f64>,
    /// `revenue ÷ vendas`, to the centavo; `None` without vendas.
    pub average_ticket: Option<i64>,
}

impl SalesFigures {
    fn new(vendas: i64, quantity_milesimos: Option<i64>, revenue: i64, cost: i64) -> Self {
        let gross_margin = revenue - cost;
        SalesFigures {
            vendas,
            quantity_milesimos,
            revenue,
            cost,
            gross_margin,
            margin: (revenue != 0).then(|| gross_margin as f64 / revenue as f64),
            average_ticket: (vendas != 0).then(|| divide_rounding(revenue, vendas)),
        }
    }
}

/// `a ÷ b` to the nearest integer, halves away from zero; `b` is positive.
fn divide_rounding(a: i64, b: i64) -> i64 {
    let (quotient, remainder) = (a / b, a % b);
    if remainder.abs() * 2 >= b {
        quotient + a.signum()
    } else {
        quotient
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct SalesRow {
    /// `None` for periods and canais, which span integrations.
    pub integration_id: Option<IntegrationId>,
    /// The period's first day (`YYYY-MM-DD`), the vendedor's provider id, the canal's
    /// name, or `produto:<id>` / `servico:<id>`; `None` for "Sem vendedor", "Sem canal".
    pub key: Option<String>,
    pub label: String,
    pub figures: SalesFigures,
}

/// Vendas of a cancelled situação, left out of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ExcludedSituacao {
    pub nome_situacao: String,
    pub vendas: i64,
    pub revenue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Sales {
    /// The vendas dated from `first_day` to `last_day`, both included.
    #[specta(type = String)]
    pub first_day: NaiveDate,
    #[specta(type = String)]
    pub last_day: NaiveDate,
    pub grouping: SalesGrouping,
    /// The periods of the rows when grouped by period; empty otherwise.
    pub periods: Vec<Period>,
    /// Periods in order; the others by revenue, largest first.
    pub rows: Vec<SalesRow>,
    pub total: SalesFigures,
    /// Vendas whose situação has "cancel" in its name (Cancelado, Cancelada…): not sales,
    /// so in no row and no total.
    pub excluded: Vec<ExcludedSituacao>,
}

pub(crate) async fn sales(
    store: &Store,
    range: MonthRange,
    grouping: SalesGrouping,
    scope: &ReportScope,
) -> Result<Sales> {
    let (start, end) = range_days(range)?;
    let periods = match grouping {
        SalesGrouping::Period(granularity) => periods(range, granularity)?,
        _ => Vec::new(),
    };
    // Two reads, side by side on two connections. Only the total by item needs how many
    // vendas have items, which the kept sums per situação do not hold.
    let situacoes = async {
        match grouping {
            SalesGrouping::Produto => store.sales_by_situacao(start, end, scope).await,
            _ => store.kept_sales_by_situacao(start, end, scope).await,
        }
    };
    let (groups, situacoes) =
        tokio::try_join!(store.sales_groups(start, end, grouping, scope), situacoes)?;
    let days = (start, end - TimeDelta::days(1));
    Ok(assemble(days, grouping, periods, groups, &situacoes))
}

fn assemble(
    (first_day, last_day): (NaiveDate, NaiveDate),
    grouping: SalesGrouping,
    periods: Vec<Period>,
    groups: Vec<GroupSum>,
    situacoes: &[SituacaoSum],
) -> Sales {
    let rows = match grouping {
        SalesGrouping::Period(_) => by_period(&periods, &groups),
        _ => {
            let mut rows: Vec<SalesRow> = groups
                .into_iter()
                .map(|group| SalesRow {
                    integration_id: group.integration_id,
                    label: group.label.unwrap_or_default(),
                    key: group.key,
                    figures: SalesFigures::new(
                        group.vendas,
                        group.quantity_milesimos,
                        group.revenue,
                        group.cost,
                    ),
                })
                .collect();
            rows.sort_by(|a, b| {
                b.figures
                    .revenue
                    .cmp(&a.figures.revenue)
                    .then_with(|| a.label.cmp(&b.label))
            });
            rows
        }
    };
    let total = match grouping {
        // Items' amounts are not the vendas' (no frete, their own costs): the total is the
        // rows' sum, over the vendas that have items.
        SalesGrouping::Produto => SalesFigures::new(
            situacoes
                .iter()
                .filter(|s| !s.excluded)
                .filter_map(|s| s.with_items)
                .sum(),
            None,
            rows.iter().map(|r| r.figures.revenue).sum(),
            rows.iter().map(|r| r.figures.cost).sum(),
        ),
        _ => counted_total(situacoes),
    };
    let mut excluded: Vec<ExcludedSituacao> = situacoes
        .iter()
        .filter(|s| s.excluded)
        .map(|s| ExcludedSituacao {
            nome_situacao: s.nome_situacao.clone().unwrap_or_default(),
            vendas: s.vendas,
            revenue: s.revenue,
        })
        .collect();
    excluded.sort_by(|a, b| a.nome_situacao.cmp(&b.nome_situacao));
    Sales {
        first_day,
        last_day,
        grouping,
        periods,
        rows,
        total,
        excluded,
    }
}

/// The total of the vendas report grouped by anything but item: the vendas of every
/// situação but the cancelled ones.
fn counted_total(situacoes: &[SituacaoSum]) -> SalesFigures {
    let counted: Vec<&SituacaoSum> = situacoes.iter().filter(|s| !s.excluded).collect();
    SalesFigures::new(
        counted.iter().map(|s| s.vendas).sum(),
        None,
        counted.iter().map(|s| s.revenue).sum(),
        counted.iter().map(|s| s.cost).sum(),
    )
}

/// The total row of the vendas report by period over `range` (the same for any grouping
/// but by item), without its rows: what the indicadores show.
pub(crate) async fn sales_total(
    store: &Store,
    range: MonthRange,
    scope: &ReportScope,
) -> Result<SalesFigures> {
    let (start, end) = range_days(range)?;
    let situacoes = store.kept_sales_by_situacao(start, end, scope).await?;
    Ok(counted_total(&situacoes))
}

/// A row per period, from the sums per day.
fn by_period(periods: &[Period], days: &[GroupSum]) -> Vec<SalesRow> {
    let index = PeriodIndex::new(periods);
    let mut sums = vec![(0, 0, 0); periods.len()];
    for day in days {
        let column = day.key.as_deref().and_then(|day| index.position(day));
        if let Some(sum) = column.and_then(|column| sums.get_mut(column)) {
            sum.0 += day.vendas;
            sum.1 += day.revenue;
            sum.2 += day.cost;
        }
    }
    periods
        .iter()
        .zip(sums)
        .map(|(period, (vendas, revenue, cost))| SalesRow {
            integration_id: None,
            key: Some(period.first_day.to_string()),
            label: period.label.clone(),
            figures: SalesFigures::new(vendas, None, revenue, cost),
        })
        .collect()
}

impl Sales {
    /// What the report counts, in one line: the first note, and the screen's.
    pub const COUNTS: &str = "Vendas do período pela data da venda, sem as canceladas, das integrações incluídas nos relatórios (pedidos da Coinzz só quando a Coinzz está incluída).";

    /// A row per group, then the total. `company` names whose numbers these are; `filters`
    /// says which filters were applied.
    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let with_quantity = self.grouping == SalesGrouping::Produto;
        let mut columns = vec![
            match self.grouping {
                SalesGrouping::Period(_) => "Período",
                SalesGrouping::Produto => "Produto ou serviço",
                SalesGrouping::Vendedor => "Vendedor",
                SalesGrouping::Canal => "Canal",
            }
            .to_string(),
            "Vendas".to_string(),
        ];
        if with_quantity {
            columns.push("Quantidade".into());
        }
        columns.extend(
            [
                "Receita",
                "Custo",
                "Margem bruta",
                "Margem %",
                "Ticket médio",
            ]
            .map(String::from),
        );
        let row = |label: &str, figures: &SalesFigures, style| {
            let mut cells = vec![
                Cell::Text(label.into()),
                Cell::Number {
                    scaled: figures.vendas,
                    places: 0,
                },
            ];
            if with_quantity {
                cells.push(figures.quantity_milesimos.map_or(
                    Cell::Text(String::new()),
                    |milesimos| Cell::Number {
                        scaled: milesimos,
                        places: 3,
                    },
                ));
            }
            cells.extend([
                Cell::Money(figures.revenue),
                Cell::Money(figures.cost),
                Cell::Money(figures.gross_margin),
                Cell::Percent(figures.margin),
                figures
                    .average_ticket
                    .map_or(Cell::Text(String::new()), Cell::Money),
            ]);
            TableRow { style, cells }
        };
        let mut rows: Vec<TableRow> = self
            .rows
            .iter()
            .map(|r| row(&r.label, &r.figures, RowStyle::Normal))
            .collect();
        rows.push(row("Total", &self.total, RowStyle::Strong));

        let mut about = vec![
            company.to_string(),
            format!(
                "Período: {} a {}",
                self.first_day.format("%d/%m/%Y"),
                self.last_day.format("%d/%m/%Y")
            ),
        ];
        about.extend(filters.iter().cloned());
        let mut notes = vec![Sales::COUNTS.to_string()];
        notes.push(match self.grouping {
            SalesGrouping::Produto => "Por item: receita é o valor total dos itens (sem frete), custo é o custo unitário vezes a quantidade; as variações de um produto somam juntas; Vendas conta as vendas em que o item aparece.",
            _ => "Receita é o valor total das vendas (com frete); custo é o custo das vendas informado pelo Gestão Click.",
        }
        .to_string());
        if !self.excluded.is_empty() {
            let each: Vec<String> = self
                .excluded
                .iter()
                .map(|s| {
                    format!(
                        "{}: {} {}, {}",
                        s.nome_situacao,
                        s.vendas,
                        if s.vendas == 1 { "venda" } else { "vendas" },
                        Cell::Money(s.revenue).display()
                    )
                })
                .collect();
            notes.push(format!(
                "Fora do relatório, por estarem canceladas: {}.",
                each.join("; ")
            ));
        }
        ReportTable {
            title: "Vendas".into(),
            about,
            columns,
            rows,
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_round_to_the_nearest_centavo() {
        assert_eq!(divide_rounding(1_000, 3), 333);
        assert_eq!(divide_rounding(1_001, 2), 501);
        assert_eq!(divide_rounding(-1_001, 2), -501);
    }
}
