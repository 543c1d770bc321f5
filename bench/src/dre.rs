//! The DRE over a large store: the million lançamentos of `ledger` (24 months, settlements
//! with their fees, juros and descontos), written once in a fresh store with the DRE's
//! triggers keeping the monthly sums and their settlement parts. Then, warm, the median of
//! repeated runs:
//! - the DRE of 12 monthly columns against `SELECT count(*)` of the same table;
//! - the same right after a mapping change;
//! - what the kept report sums cost the writes (the DRE's triggers and the fluxo de
//!   caixa's): the same rows inserted into a store without them, and into one with the
//!   DRE's triggers as they were before the settlement parts (migration 00007's, face
//!   values only) beside the fluxo's, to show what keeping the parts costs.

use crate::error::BenchError;
use crate::ledger::{cash_flow_sums, drop_kept_sums, entries, fresh_store, insert};
use crate::report::{Line, line};
use ponte_core::reports::dre::{AccountClass, Basis, Comparison, DreFilters, DreGroup};
use ponte_core::reports::{MonthRange, Reports};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
#[group(id = "dre-options")]
pub struct Options {
    /// Lançamentos in the store the DRE reads.
    #[arg(long = "dre-entries", default_value_t = 1_000_000)]
    pub entries: usize,
}

const RUNS: usize = 31;

/// The medians of `RUNS` timings of `work` and of `floor`, taken in turns (so that the
/// machine's load falls on both alike), after one untimed run of each.
pub async fn medians<W, WF, F, FF>(
    mut work: W,
    mut floor: F,
) -> Result<(Duration, Duration), BenchError>
where
    W: FnMut() -> WF,
    WF: std::future::Future<Output = Result<(), BenchError>>,
    F: FnMut() -> FF,
    FF: std::future::Future<Output = Result<(), BenchError>>,
{
    work().await?;
    floor().await?;
    let (mut worked, mut floored) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        let started = Instant::now();
        work().await?;
        worked.push(started.elapsed());
        let started = Instant::now();
        floor().await?;
        floored.push(started.elapsed());
    }
    worked.sort();
    floored.sort();
    Ok((worked[RUNS / 2], floored[RUNS / 2]))
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let dir = tempfile::tempdir()?;
    let rows = entries(options.entries);
    let (store, integration_id) = fresh_store(&dir.path().join("dre.db")).await?;
    let with_triggers = insert(&store, integration_id, &rows).await?;
    let (bare, bare_integration) = fresh_store(&dir.path().join("bare.db")).await?;
    let cash_flow = cash_flow_sums(&bare).await?;
    drop_kept_sums(&bare).await?;
    let without_triggers = insert(&bare, bare_integration, &rows).await?;
    // Face values only, as before the settlement parts: 00007's triggers, put back, and
    // the fluxo de caixa's as they are.
    sqlx::query("DELETE FROM lancamentos")
        .execute(bare.pool())
        .await?;
    for statement in face_only_triggers()
        .into_iter()
        .chain(cash_flow.iter().map(String::as_str))
    {
        sqlx::query(statement).execute(bare.pool()).await?;
    }
    let face_only = insert(&bare, bare_integration, &rows).await?;
    bare.close().await;

    let range = MonthRange::new("2025-07".parse()?, "2026-06".parse()?)?;
    let filters = DreFilters::default();
    let reports = Reports::new(store.clone());
    let dre = || async {
        reports
            .dre(
                range,
                Basis::Competencia,
                Comparison::PreviousPeriod,
                &filters,
            )
            .await?;
        Ok(())
    };
    let count = || async {
        let _: i64 = sqlx::query_scalar("SELECT count(*) FROM lancamentos")
            .fetch_one(store.pool())
            .await?;
        Ok(())
    };
    let (warm, counted) = medians(dre, count).await?;
    store
        .set_dre_choice(
            integration_id,
            "p30",
            Some(AccountClass::Line(DreGroup::Cmv)),
        )
        .await?;
    let (remapped, counted_again) = medians(dre, count).await?;
    let sums: i64 = sqlx::query_scalar("SELECT count(*) FROM dre_monthly")
        .fetch_one(store.pool())
        .await?;
    store.close().await;

    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let ratio =
        |d: Duration, floor: Duration| format!("{:.3}", d.as_secs_f64() / floor.as_secs_f64());
    let entries = options.entries;
    Ok(vec![
        line(
            "DRE, 12 months, warm ÷ SELECT count(*)",
            ratio(warm, counted),
            "≤ 0.2",
            format!(
                "{entries} lançamentos over 24 months: DRE {} vs count(*) {} (medians of {RUNS}); {sums} monthly sums kept",
                ms(warm),
                ms(counted)
            ),
        ),
        line(
            "DRE after a mapping change ÷ SELECT count(*)",
            ratio(remapped, counted_again),
            "≤ 0.2",
            format!(
                "DRE {} right after one plano moved to CMV, count(*) {}",
                ms(remapped),
                ms(counted_again)
            ),
        ),
        line(
            "writing lançamentos with the kept report sums",
            format!(
                "{:.2}×",
                with_triggers.as_secs_f64() / without_triggers.as_secs_f64()
            ),
            "≤ 1.5×",
            format!(
                "{entries} rows in one transaction: {:.2} s with the triggers of the DRE, the fluxo de caixa and the indicadores, {:.2} s without",
                with_triggers.as_secs_f64(),
                without_triggers.as_secs_f64()
            ),
        ),
        line(
            "… keeping the settlement parts too ÷ face values only",
            format!(
                "{:.2}×",
                with_triggers.as_secs_f64() / face_only.as_secs_f64()
            ),
            "—",
            format!(
                "{:.2} s with the parts, {:.2} s with 00007's triggers (face values only) and the fluxo's",
                with_triggers.as_secs_f64(),
                face_only.as_secs_f64()
            ),
        ),
    ])
}

/// The `CREATE TRIGGER lancamentos_dre_*` statements of migration 00007, as they were
/// before the settlement parts.
fn face_only_triggers() -> Vec<&'static str> {
    const MIGRATION: &str = include_str!("../../migrations/20261123000007_dre_mapping.sql");
    MIGRATION
        .split_inclusive("END;")
        .filter_map(|chunk| {
            let start = chunk.find("CREATE TRIGGER lancamentos_dre_")?;
            Some(&chunk[start..])
        })
        .collect()
}
