//! The DRE over a large store: a million lançamentos over 24 months (40 planos de contas,
//! 5 lojas, 4 centros de custo, 70 % settled, settlements with card fees, boleto fees,
//! juros and descontos as the sandbox makes them), written once in a fresh store with the
//! DRE's triggers keeping the monthly sums and their settlement parts. Then, warm, the
//! median of repeated runs:
//! - the DRE of 12 monthly columns against `SELECT count(*)` of the same table;
//! - the same right after a mapping change;
//! - what the triggers cost the writes: the same rows inserted into a store without them,
//!   and into one with the triggers as they were before the settlement parts (migration
//!   00007's, face values only), to show what keeping the parts costs.

use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_core::providers::gestaoclick;
use ponte_core::reports::dre::{AccountClass, Basis, Comparison, DreFilters, DreGroup};
use ponte_core::reports::{MonthRange, Reports};
use ponte_core::store::{IntegrationSettings, NewIntegration, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{QueryBuilder, Sqlite};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
#[group(id = "dre-options")]
pub struct Options {
    /// Lançamentos in the store the DRE reads.
    #[arg(long = "dre-entries", default_value_t = 1_000_000)]
    pub entries: usize,
}

const PLANOS: usize = 40;
const RUNS: usize = 31;
/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;
const COLUMNS: [&str; 12] = [
    "integration_id",
    "external_id",
    "tipo",
    "valor_centavos",
    "juros_centavos",
    "desconto_centavos",
    "taxa_banco_centavos",
    "taxa_operadora_centavos",
    "valor_total_centavos",
    "data_competencia",
    "data_liquidacao",
    "liquidado",
];

/// One generated lançamento: its columns, then plano, loja and centro de custo.
struct Entry {
    tipo: &'static str,
    valor: i64,
    /// juros, desconto, taxa_banco, taxa_operadora.
    parts: [i64; 4],
    competencia: String,
    liquidacao: Option<String>,
    plano: String,
    loja: String,
    centro: String,
}

fn entries(count: usize) -> Vec<Entry> {
    let mut rng = ChaCha8Rng::seed_from_u64(0xd4e);
    (0..count)
        .map(|_| {
            let month = rng.random_range(0..24);
            let (year, month) = (2025 + month / 12, month % 12 + 1);
            let day = rng.random_range(1..=28);
            let plano = rng.random_range(0..PLANOS);
            let valor = rng.random_range(100..1_000_000);
            // As the sandbox settles: a fifth late with juros, a twentieth early with a
            // desconto, a card fee on a third of the receipts, a boleto fee on a fifth.
            let income = plano < PLANOS / 2;
            let parts = [
                if rng.random_bool(0.2) {
                    valor * 2 / 100
                } else {
                    0
                },
                if rng.random_bool(0.05) {
                    valor * 3 / 100
                } else {
                    0
                },
                if income && rng.random_bool(0.2) {
                    300
                } else {
                    0
                },
                if income && rng.random_bool(0.33) {
                    valor * 3 / 100
                } else {
                    0
                },
            ];
            Entry {
                // The first half of the planos are income accounts.
                tipo: if plano < PLANOS / 2 {
                    "recebimento"
                } else {
                    "pagamento"
                },
                valor,
                parts,
                competencia: format!("{year}-{month:02}-{day:02}"),
                liquidacao: rng
                    .random_bool(0.7)
                    .then(|| format!("{year}-{month:02}-{:02}", (day + 2).min(28))),
                plano: format!("p{plano}"),
                loja: format!("{}", rng.random_range(1..=5)),
                centro: format!("{}", rng.random_range(1..=4)),
            }
        })
        .collect()
}

async fn fresh_store(path: &std::path::Path) -> Result<(Store, i64), BenchError> {
    let store = Store::open(path).await?;
    let integration = store
        .create_integration(
            &NewIntegration {
                provider: gestaoclick::KIND,
                name: "Bench".into(),
                base_url: "http://127.0.0.1:9".into(),
                settings: IntegrationSettings::default(),
                schedule_interval_minutes: None,
            },
            ponte_core::providers::provider_for(&gestaoclick::KIND)
                .expect("provider")
                .traits(),
        )
        .await?;
    for plano in 0..PLANOS {
        let (tipo, parent) = if plano < PLANOS / 2 {
            ("C", "1")
        } else {
            ("D", "2")
        };
        sqlx::query(
            "INSERT INTO planos_contas (integration_id, external_id, classificacao, tipo, nome)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(integration.id)
        .bind(format!("p{plano}"))
        .bind(format!("{parent}.{plano:02}"))
        .bind(tipo)
        .bind(format!("Conta {plano}"))
        .execute(store.pool())
        .await?;
    }
    Ok((store, integration.id))
}

/// Inserts the entries in one transaction; returns the time it took.
async fn insert(
    store: &Store,
    integration_id: i64,
    rows: &[Entry],
) -> Result<Duration, BenchError> {
    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    let width = COLUMNS.len() + 3;
    for (chunk_index, chunk) in rows.chunks(MAX_PARAMETERS / width).enumerate() {
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "INSERT INTO lancamentos ({}, plano_contas_id, loja_id, centro_custo_id) ",
            COLUMNS.join(", ")
        ));
        builder.push_values(chunk.iter().enumerate(), |mut values, (i, entry)| {
            let [juros, desconto, banco, operadora] = entry.parts;
            values
                .push_bind(integration_id)
                .push_bind(format!("{chunk_index}-{i}"))
                .push_bind(entry.tipo)
                .push_bind(entry.valor)
                .push_bind(juros)
                .push_bind(desconto)
                .push_bind(banco)
                .push_bind(operadora)
                .push_bind(entry.valor + juros - desconto - banco - operadora)
                .push_bind(&entry.competencia)
                .push_bind(entry.liquidacao.as_deref())
                .push_bind(entry.liquidacao.is_some())
                .push_bind(&entry.plano)
                .push_bind(&entry.loja)
                .push_bind(&entry.centro);
        });
        builder.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(started.elapsed())
}

/// The medians of `RUNS` timings of `work` and of `floor`, taken in turns (so that the
/// machine's load falls on both alike), after one untimed run of each.
async fn medians<W, WF, F, FF>(
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
    for trigger in ["insert", "delete", "update_old", "update_new"] {
        sqlx::query(&format!("DROP TRIGGER lancamentos_dre_{trigger}"))
            .execute(bare.pool())
            .await?;
    }
    let without_triggers = insert(&bare, bare_integration, &rows).await?;
    // Face values only, as before the settlement parts: 00007's triggers, put back.
    sqlx::query("DELETE FROM lancamentos")
        .execute(bare.pool())
        .await?;
    for statement in face_only_triggers() {
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
            "writing lançamentos with the DRE's triggers",
            format!(
                "{:.2}×",
                with_triggers.as_secs_f64() / without_triggers.as_secs_f64()
            ),
            "—",
            format!(
                "{entries} rows in one transaction: {:.2} s with the triggers, {:.2} s without",
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
                "{:.2} s with the parts, {:.2} s with 00007's triggers (face values only)",
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
