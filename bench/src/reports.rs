//! The reports other than the DRE over a large store: the million lançamentos of `ledger`
//! (4 contas bancárias, due dates, clientes and fornecedores) and its vendas, written once
//! in a fresh store through the triggers, with a saldo inicial entered for one conta.
//! Then, warm, each report as the app asks for it (through `Reports`), the median of runs
//! taken in turns with `SELECT count(*)` of the table it reads:
//! - the fluxo de caixa, 12 monthly columns with its opening balances, over every
//!   integration (the kept daily sums answer), and with a loja filter (read from the
//!   entries);
//! - the aging of contas a receber on a date (read from the open lançamentos' index, and the
//!   ones settled after the date);
//! - the vendas, 12 months by month (the floor: `count(*)` of the vendas), from the kept
//!   sums per month, loja and situação;
//! - the indicadores of 12 months (the DRE, the vendas' total and what fell due, for the
//!   period and the one before, and what falls due soon), from the kept sums.

use crate::dre::medians;
use crate::error::BenchError;
use crate::ledger::{entries, fresh_store, insert, insert_vendas, vendas, vendas_for};
use crate::report::{Line, line};
use chrono::NaiveDate;
use ponte_core::reports::aging::AgingSide;
use ponte_core::reports::cash_flow::opening::OpeningBalanceInput;
use ponte_core::reports::indicators::IndicatorsQuery;
use ponte_core::reports::sales::SalesGrouping;
use ponte_core::reports::{Granularity, MonthRange, ReportScope, Reports};
use ponte_core::store::Store;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
#[group(id = "reports-options")]
pub struct Options {
    /// Lançamentos in the store the reports read (and vendas in proportion).
    #[arg(
        id = "reports-entries",
        long = "reports-entries",
        default_value_t = 1_000_000
    )]
    pub entries: usize,
}

/// A report's timing and its floor's.
struct Timed {
    report: Duration,
    floor: Duration,
}

impl Timed {
    fn ratio(&self) -> String {
        format!(
            "{:.3}",
            self.report.as_secs_f64() / self.floor.as_secs_f64()
        )
    }

    fn detail(&self, report: &str, floor: &str) -> String {
        format!("{report} {} vs {floor} {}", ms(self.report), ms(self.floor))
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// `report` against `SELECT count(*) FROM {table}`, in turns.
async fn timed<W, WF>(store: &Store, table: &str, report: W) -> Result<Timed, BenchError>
where
    W: FnMut() -> WF,
    WF: std::future::Future<Output = Result<(), BenchError>>,
{
    let count = format!("SELECT count(*) FROM {table}");
    let floor = || async {
        let _: i64 = sqlx::query_scalar(&count).fetch_one(store.pool()).await?;
        Ok(())
    };
    let (report, floor) = medians(report, floor).await?;
    Ok(Timed { report, floor })
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let dir = tempfile::tempdir()?;
    let (store, integration_id) = fresh_store(&dir.path().join("reports.db")).await?;
    insert(&store, integration_id, &entries(options.entries)).await?;
    let sold = vendas_for(options.entries);
    insert_vendas(&store, integration_id, &vendas(sold)).await?;
    let reports = Reports::new(store.clone());
    // In the history before the range: the balance counts forward from it.
    reports
        .set_opening_balance(&OpeningBalanceInput {
            integration_id,
            conta_bancaria_id: "c1".into(),
            data: "01/03/2025".into(),
            valor: "10.000,00".into(),
        })
        .await?;

    let range = MonthRange::new("2025-07".parse()?, "2026-06".parse()?)?;
    let everything = ReportScope::default();
    let one_loja = ReportScope {
        loja: Some("1".into()),
        ..ReportScope::default()
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
    let cash_flow = timed(&store, "lancamentos", || async {
        reports
            .cash_flow(range, Granularity::Monthly, &everything)
            .await?;
        Ok(())
    })
    .await?;
    let cash_flow_loja = timed(&store, "lancamentos", || async {
        reports
            .cash_flow(range, Granularity::Monthly, &one_loja)
            .await?;
        Ok(())
    })
    .await?;
    let aging = timed(&store, "lancamentos", || async {
        reports
            .aging(AgingSide::Receber, as_of, &everything)
            .await?;
        Ok(())
    })
    .await?;
    let sales = timed(&store, "vendas", || async {
        reports
            .sales(
                range,
                SalesGrouping::Period(Granularity::Monthly),
                &everything,
            )
            .await?;
        Ok(())
    })
    .await?;
    let query = IndicatorsQuery {
        from: range.first,
        to: range.last,
        scope: everything.clone(),
    };
    let today = NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date");
    let indicators = timed(&store, "lancamentos", || async {
        reports.indicators_as_of(&query, today).await?;
        Ok(())
    })
    .await?;
    let kept: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM cash_flow_daily) + (SELECT count(*) FROM cash_flow_due_daily)",
    )
    .fetch_one(store.pool())
    .await?;
    let (kept_vendas, kept_due): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM vendas_monthly),
                (SELECT count(*) FROM recebimentos_settled_due_daily)",
    )
    .fetch_one(store.pool())
    .await?;
    store.close().await;

    let entries = options.entries;
    Ok(vec![
        line(
            "fluxo de caixa, 12 months ÷ SELECT count(*)",
            cash_flow.ratio(),
            "≤ 0.5",
            format!(
                "{entries} lançamentos, 4 contas, a saldo inicial before the range: {} (medians); {kept} daily sums kept",
                cash_flow.detail("fluxo", "count(*)")
            ),
        ),
        line(
            "… with a loja filter (from the entries)",
            cash_flow_loja.ratio(),
            "—",
            cash_flow_loja.detail("fluxo of one loja", "count(*)"),
        ),
        line(
            "aging a receber on a date ÷ SELECT count(*)",
            aging.ratio(),
            "≤ 0.5",
            aging.detail(&format!("aging on {as_of}"), "count(*)"),
        ),
        line(
            "vendas, 12 months ÷ SELECT count(*) of vendas",
            sales.ratio(),
            "≤ 0.5",
            format!(
                "{sold} vendas with an item each: {}; {kept_vendas} monthly sums kept",
                sales.detail("vendas by month", "count(*) of vendas")
            ),
        ),
        line(
            "indicadores, 12 months ÷ SELECT count(*)",
            indicators.ratio(),
            "≤ 0.5",
            format!(
                "{}; {kept_due} daily sums of settled recebimentos kept",
                indicators.detail("indicadores", "count(*) of lançamentos")
            ),
        ),
    ])
}
