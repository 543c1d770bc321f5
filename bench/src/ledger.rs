//! The million-lançamento store the DRE and backup benchmarks share: a seeded generator of
//! lançamentos over 24 months (40 planos de contas, 5 lojas, 4 centros de custo, 70 %
//! settled, settlements with card fees, boleto fees, juros and descontos as the sandbox
//! makes them), a fresh store with one Gestão Click integration and its planos, and one
//! multi-row transaction that writes the entries through the store's triggers.

use crate::error::BenchError;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{IntegrationSettings, NewIntegration, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{QueryBuilder, Sqlite};
use std::time::{Duration, Instant};

const PLANOS: usize = 40;
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
pub struct Entry {
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

pub fn entries(count: usize) -> Vec<Entry> {
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

pub async fn fresh_store(path: &std::path::Path) -> Result<(Store, i64), BenchError> {
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
pub async fn insert(
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
