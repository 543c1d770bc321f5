//! The Painel de indicadores: receita, margem bruta, ticket médio, inadimplência and what
//! falls due in the next 7 and 30 days, for a period and the one before it, with the
//! period's DRE for the monthly chart. Each figure comes from the report that owns it (the
//! DRE, Vendas) so the dashboard never disagrees with them; so the receita is the DRE's
//! Receita Bruta (lançamentos), not the vendas' total. Changes follow `comparison`'s rule.

use super::comparison::{WITHHELD_NOTE, change_ratio, withheld};
use super::dre::request::dre_for;
use super::dre::{Basis, Comparison, Dre, DreFilters, DreGroup, DreLine, DreQuery};
use super::sales::{SalesFigures, sales_total};
use super::table::{Cell, ReportTable, RowStyle, TableRow};
use super::{Month, MonthRange, ReportScope};
use crate::domain::LancamentoTipo;
use crate::error::Result;
use crate::store::{FellDue, Store};
use crate::time::today_sao_paulo;
use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct IndicatorsQuery {
    #[specta(type = String)]
    pub from: Month,
    #[specta(type = String)]
    pub to: Month,
    pub scope: ReportScope,
}

/// A period's figures, in centavos.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct PeriodFigures {
    /// Receita Operacional Bruta (DRE, competência).
    pub receita: i64,
    pub receita_liquida: i64,
    pub lucro_bruto: i64,
    /// Lucro Bruto ÷ Receita Líquida.
    pub margem_bruta: Option<f64>,
    pub lucro_liquido: i64,
    /// Vendas (cancelled ones left out, as in the Vendas report) and their average.
    pub vendas: i64,
    pub ticket_medio: Option<i64>,
    /// Recebimentos that fell due in the period, up to yesterday, and the part still open.
    pub recebimentos_vencidos: i64,
    pub em_aberto: i64,
    /// `em_aberto ÷ recebimentos_vencidos`.
    pub inadimplencia: Option<f64>,
}

/// Each figure's change against the previous period, as a ratio; `None` where the previous
/// period is too small a base (`reports::comparison`) or the figure is missing.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Changes {
    pub receita: Option<f64>,
    pub receita_liquida: Option<f64>,
    pub lucro_bruto: Option<f64>,
    pub lucro_liquido: Option<f64>,
    pub vendas: Option<f64>,
    pub ticket_medio: Option<f64>,
    pub em_aberto: Option<f64>,
    /// Some change was withheld for lack of a base: say so, once.
    pub withheld: bool,
}

impl Changes {
    fn between(now: &PeriodFigures, before: &PeriodFigures) -> Changes {
        let tickets = now.ticket_medio.zip(before.ticket_medio);
        let pairs = [
            (now.receita, before.receita),
            (now.receita_liquida, before.receita_liquida),
            (now.lucro_bruto, before.lucro_bruto),
            (now.lucro_liquido, before.lucro_liquido),
            (now.vendas, before.vendas),
            (now.em_aberto, before.em_aberto),
        ];
        Changes {
            receita: change_ratio(now.receita, before.receita),
            receita_liquida: change_ratio(now.receita_liquida, before.receita_liquida),
            lucro_bruto: change_ratio(now.lucro_bruto, before.lucro_bruto),
            lucro_liquido: change_ratio(now.lucro_liquido, before.lucro_liquido),
            vendas: change_ratio(now.vendas, before.vendas),
            ticket_medio: tickets.and_then(|(a, b)| change_ratio(a, b)),
            em_aberto: change_ratio(now.em_aberto, before.em_aberto),
            withheld: pairs
                .into_iter()
                .chain(tickets)
                .any(|(a, b)| withheld(a, b)),
        }
    }
}

/// Open items falling due from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct DueSoon {
    pub receber_7: i64,
    pub receber_30: i64,
    pub pagar_7: i64,
    pub pagar_30: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Indicators {
    #[specta(type = Vec<String>)]
    pub months: Vec<Month>,
    #[specta(type = Vec<String>)]
    pub compared_months: Vec<Month>,
    pub current: PeriodFigures,
    pub previous: PeriodFigures,
    pub changes: Changes,
    /// The day "today" was taken as (America/Sao_Paulo).
    #[specta(type = String)]
    pub as_of: NaiveDate,
    pub due_soon: DueSoon,
    /// The period's DRE, for the chart per month.
    pub dre: Dre,
}

/// The indicators as of today in São Paulo.
pub(crate) async fn indicators(store: &Store, query: &IndicatorsQuery) -> Result<Indicators> {
    indicators_as_of(store, query, today_sao_paulo()).await
}

/// The indicators with "today" given, so tests can fix it.
pub(crate) async fn indicators_as_of(
    store: &Store,
    query: &IndicatorsQuery,
    today: NaiveDate,
) -> Result<Indicators> {
    let range = MonthRange::new(query.from, query.to)?;
    let previous = range.previous();
    let scope = &query.scope;
    let dre_query = DreQuery {
        from: range.first,
        to: range.last,
        basis: Basis::Competencia,
        comparison: Comparison::PreviousPeriod,
        filters: DreFilters {
            integration_id: scope.integration_id,
            loja: scope.loja.clone(),
            centro_custo: scope.centro_custo.clone(),
            include_money_moves: false,
        },
    };
    let in_days = |days: i64| today + TimeDelta::days(days);
    let (dre, current_sales, previous_sales, fell_due, previous_fell_due) = tokio::try_join!(
        dre_for(store, &dre_query),
        sales_total(store, range, scope),
        sales_total(store, previous, scope),
        store.recebimentos_fell_due(first_day(range), last_day_until(range, today), scope),
        store.recebimentos_fell_due(first_day(previous), last_day_until(previous, today), scope),
    )?;
    let (receber_7, receber_30, pagar_7, pagar_30) = tokio::try_join!(
        store.open_due_between(LancamentoTipo::Recebimento, today, in_days(7), scope),
        store.open_due_between(LancamentoTipo::Recebimento, today, in_days(30), scope),
        store.open_due_between(LancamentoTipo::Pagamento, today, in_days(7), scope),
        store.open_due_between(LancamentoTipo::Pagamento, today, in_days(30), scope),
    )?;
    let line = |line: DreLine, current: bool| {
        dre.row(line).map_or(0, |row| {
            if current {
                row.total
            } else {
                row.compared_total
            }
        })
    };
    let figures = |current: bool, sales: &SalesFigures, fell_due: FellDue| {
        let receita_liquida = line(DreLine::ReceitaLiquida, current);
        let lucro_bruto = line(DreLine::LucroBruto, current);
        PeriodFigures {
            receita: line(DreLine::Group(DreGroup::ReceitaBruta), current),
            receita_liquida,
            lucro_bruto,
            margem_bruta: ratio(lucro_bruto, receita_liquida),
            lucro_liquido: line(DreLine::LucroLiquido, current),
            vendas: sales.vendas,
            ticket_medio: sales.average_ticket,
            recebimentos_vencidos: fell_due.due,
            em_aberto: fell_due.open,
            inadimplencia: ratio(fell_due.open, fell_due.due),
        }
    };
    let (current, previous_figures) = (
        figures(true, &current_sales, fell_due),
        figures(false, &previous_sales, previous_fell_due),
    );
    Ok(Indicators {
        months: range.months(),
        compared_months: previous.months(),
        changes: Changes::between(&current, &previous_figures),
        current,
        previous: previous_figures,
        as_of: today,
        due_soon: DueSoon {
            receber_7,
            receber_30,
            pagar_7,
            pagar_30,
        },
        dre,
    })
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64)
}

fn first_day(range: MonthRange) -> NaiveDate {
    range.date_bounds().0.parse().unwrap_or(NaiveDate::MIN)
}

/// The range's end, or today if sooner: what falls due today is not late yet.
fn last_day_until(range: MonthRange, today: NaiveDate) -> NaiveDate {
    let end = range.date_bounds().1.parse().unwrap_or(NaiveDate::MAX);
    end.min(today)
}

impl Indicators {
    /// What the painel counts as receita and vendas, in one line: the first note, and the
    /// screen's.
    pub const COUNTS: &str = "Receita bruta: a do DRE por competência (lançamentos do Gestão Click, não vendas); vendas e ticket médio: os do relatório Vendas, sem as canceladas.";

    pub fn to_table(&self, company: &str, filters: &[String]) -> ReportTable {
        let label = |months: &[Month]| match (months.first(), months.last()) {
            (Some(first), Some(last)) => format!("{} a {}", first.label_br(), last.label_br()),
            _ => String::new(),
        };
        let (now, before, change) = (&self.current, &self.previous, &self.changes);
        let money = |name: &str, a: i64, b: i64, change: Option<f64>| TableRow {
            style: RowStyle::Normal,
            cells: vec![
                Cell::Text(name.into()),
                Cell::Money(a),
                Cell::Money(b),
                Cell::Percent(change),
            ],
        };
        let percent = |name: &str, a: Option<f64>, b: Option<f64>| TableRow {
            style: RowStyle::Normal,
            cells: vec![
                Cell::Text(name.into()),
                Cell::Percent(a),
                Cell::Percent(b),
                Cell::Percent(None),
            ],
        };
        let due = |name: &str, value: i64| TableRow {
            style: RowStyle::Detail,
            cells: vec![
                Cell::Text(name.into()),
                Cell::Money(value),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ],
        };
        let mut filters_line = vec![
            company.to_string(),
            format!("Período: {}", label(&self.months)),
            format!("Comparado com: {}", label(&self.compared_months)),
            format!("Vencimentos a partir de {}", self.as_of.format("%d/%m/%Y")),
        ];
        filters_line.extend(filters.iter().cloned());
        let mut notes = vec![
            Indicators::COUNTS.to_string(),
            "Margens pelo DRE por competência; inadimplência: parte ainda em aberto dos recebimentos que venceram no período até ontem.".into(),
        ];
        if self.changes.withheld {
            notes.push(WITHHELD_NOTE.into());
        }
        ReportTable {
            title: "Painel de indicadores".into(),
            about: filters_line,
            columns: vec![
                "Indicador".into(),
                "Período".into(),
                "Período anterior".into(),
                "Variação".into(),
            ],
            rows: vec![
                money("Receita bruta", now.receita, before.receita, change.receita),
                money(
                    "Receita líquida",
                    now.receita_liquida,
                    before.receita_liquida,
                    change.receita_liquida,
                ),
                money(
                    "Lucro bruto",
                    now.lucro_bruto,
                    before.lucro_bruto,
                    change.lucro_bruto,
                ),
                percent("Margem bruta", now.margem_bruta, before.margem_bruta),
                money(
                    "Lucro líquido",
                    now.lucro_liquido,
                    before.lucro_liquido,
                    change.lucro_liquido,
                ),
                TableRow {
                    style: RowStyle::Normal,
                    cells: vec![
                        Cell::Text("Vendas".into()),
                        Cell::Number {
                            scaled: now.vendas,
                            places: 0,
                        },
                        Cell::Number {
                            scaled: before.vendas,
                            places: 0,
                        },
                        Cell::Percent(change.vendas),
                    ],
                },
                TableRow {
                    style: RowStyle::Normal,
                    cells: vec![
                        Cell::Text("Ticket médio".into()),
                        now.ticket_medio.map_or(Cell::Percent(None), Cell::Money),
                        before.ticket_medio.map_or(Cell::Percent(None), Cell::Money),
                        Cell::Percent(change.ticket_medio),
                    ],
                },
                percent("Inadimplência", now.inadimplencia, before.inadimplencia),
                money(
                    "Recebimentos vencidos em aberto",
                    now.em_aberto,
                    before.em_aberto,
                    change.em_aberto,
                ),
                due("A receber nos próximos 7 dias", self.due_soon.receber_7),
                due("A receber nos próximos 30 dias", self.due_soon.receber_30),
                due("A pagar nos próximos 7 dias", self.due_soon.pagar_7),
                due("A pagar nos próximos 30 dias", self.due_soon.pagar_30),
            ],
            notes,
        }
    }
}
