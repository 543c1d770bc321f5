//! The million-lançamento store the DRE, backup and reports benchmarks share: a seeded
//! generator of lançamentos over 24 months (40 planos de contas, 5 lojas, 4 centros de
//! custo, 4 contas bancárias, 20,000 clientes and 4,000 fornecedores, due within a month
//! of their competência, 70 % settled, settlements with card fees, boleto fees, juros and
//! descontos as the sandbox makes them), a fresh store with one Gestão Click integration,
//! its planos and contas, and one multi-row transaction that writes the entries through
//! the store's triggers. For the vendas report, vendas in the sandbox's proportion to
//! lançamentos (6,000 to 14,000), one item each, 5 % cancelled.

use crate::error::BenchError;
use chrono::{Days, NaiveDate};
use ponte_core::providers::gestaoclick;
use ponte_core::store::{IntegrationSettings, NewIntegration, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{QueryBuilder, Sqlite};
use std::time::{Duration, Instant};

const PLANOS: usize = 40;
const CONTAS: usize = 4;
const CLIENTES: usize = 20_000;
const FORNECEDORES: usize = 4_000;
/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;
const COLUMNS: [&str; 19] = [
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
    "data_vencimento",
    "conta_bancaria_id",
    "nome_conta_bancaria",
    "cliente_id",
    "nome_cliente",
    "fornecedor_id",
    "nome_fornecedor",
];

/// One generated lançamento: its columns, then plano, loja and centro de custo.
pub struct Entry {
    tipo: &'static str,
    valor: i64,
    /// juros, desconto, taxa_banco, taxa_operadora.
    parts: [i64; 4],
    competencia: String,
    liquidacao: Option<String>,
    vencimento: String,
    conta: usize,
    /// A cliente for a recebimento, a fornecedor for a pagamento.
    party: usize,
    plano: String,
    loja: String,
    centro: String,
}

pub fn entries(count: usize) -> Vec<Entry> {
    let mut rng = ChaCha8Rng::seed_from_u64(0xd4e);
    (0..count)
        .map(|_| {
            let month: u32 = rng.random_range(0..24);
            let (year, month) = (2025 + (month / 12) as i32, month % 12 + 1);
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
            // Due up to a month after the competência.
            let due = NaiveDate::from_ymd_opt(year, month, day)
                .expect("a day of 1 to 28")
                .checked_add_days(Days::new(rng.random_range(0..=30)))
                .expect("within the calendar");
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
                vencimento: due.to_string(),
                conta: rng.random_range(1..=CONTAS),
                party: if income {
                    rng.random_range(1..=CLIENTES)
                } else {
                    rng.random_range(1..=FORNECEDORES)
                },
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
    for conta in 1..=CONTAS {
        sqlx::query(
            "INSERT INTO contas_bancarias (integration_id, external_id, nome) VALUES (?, ?, ?)",
        )
        .bind(integration.id)
        .bind(format!("c{conta}"))
        .bind(conta_name(conta))
        .execute(store.pool())
        .await?;
    }
    Ok((store, integration.id))
}

fn conta_name(conta: usize) -> String {
    format!("Conta corrente {conta}")
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
                .push_bind(&entry.vencimento)
                .push_bind(format!("c{}", entry.conta))
                .push_bind(conta_name(entry.conta));
            let party = (
                Some(entry.party.to_string()),
                Some(format!("Parte {}", entry.party)),
            );
            let none = (None, None);
            let (cliente, fornecedor) = if entry.tipo == "recebimento" {
                (party, none)
            } else {
                (none, party)
            };
            values
                .push_bind(cliente.0)
                .push_bind(cliente.1)
                .push_bind(fornecedor.0)
                .push_bind(fornecedor.1)
                .push_bind(&entry.plano)
                .push_bind(&entry.loja)
                .push_bind(&entry.centro);
        });
        builder.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(started.elapsed())
}

/// Vendas in the sandbox's proportion to `lancamentos` (6,000 to 14,000).
pub fn vendas_for(lancamentos: usize) -> usize {
    lancamentos * 6_000 / 14_000
}

/// One generated venda and its one item.
pub struct Venda {
    data: String,
    total: i64,
    cost: i64,
    situacao: &'static str,
    loja: String,
    vendedor: usize,
    canal: &'static str,
    produto: usize,
}

pub fn vendas(count: usize) -> Vec<Venda> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5a1e);
    (0..count)
        .map(|_| {
            let month = rng.random_range(0..24);
            let (year, month) = (2025 + month / 12, month % 12 + 1);
            let total = rng.random_range(1_000..500_000);
            Venda {
                data: format!("{year}-{month:02}-{:02}", rng.random_range(1..=28)),
                total,
                cost: total * rng.random_range(30..70) / 100,
                situacao: if rng.random_bool(0.05) {
                    "Cancelado"
                } else {
                    "Concretizada"
                },
                loja: format!("{}", rng.random_range(1..=5)),
                vendedor: rng.random_range(1..=30),
                canal: ["Loja", "Site", "Marketplace"][rng.random_range(0..3)],
                produto: rng.random_range(1..=2_000),
            }
        })
        .collect()
}

/// Inserts the vendas (ids 1 to n, so the items can name them) and their items in one
/// transaction, as a sync page would.
pub async fn insert_vendas(
    store: &Store,
    integration_id: i64,
    rows: &[Venda],
) -> Result<(), BenchError> {
    const VENDA_COLUMNS: usize = 14;
    const ITEM_COLUMNS: usize = 9;
    let mut tx = store.pool().begin().await?;
    let numbered: Vec<(usize, &Venda)> = rows.iter().enumerate().map(|(i, v)| (i + 1, v)).collect();
    for chunk in numbered.chunks(MAX_PARAMETERS / VENDA_COLUMNS) {
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO vendas (id, integration_id, external_id, data, nome_situacao,
                valor_total_centavos, valor_frete_centavos, valor_custo_centavos, loja_id,
                vendedor_id, nome_vendedor, nome_canal_venda, situacao_financeiro,
                situacao_estoque) ",
        );
        builder.push_values(chunk, |mut values, (id, venda)| {
            values
                .push_bind(*id as i64)
                .push_bind(integration_id)
                .push_bind(format!("v{id}"))
                .push_bind(&venda.data)
                .push_bind(venda.situacao)
                .push_bind(venda.total)
                .push_bind(0_i64)
                .push_bind(venda.cost)
                .push_bind(&venda.loja)
                .push_bind(venda.vendedor.to_string())
                .push_bind(format!("Vendedor {}", venda.vendedor))
                .push_bind(venda.canal)
                .push_bind(1_i64)
                .push_bind(1_i64);
        });
        builder.build().execute(&mut *tx).await?;
    }
    for chunk in numbered.chunks(MAX_PARAMETERS / ITEM_COLUMNS) {
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO venda_itens (venda_id, posicao, tipo, produto_id, nome,
                quantidade_milesimos, valor_custo_centavos, valor_venda_centavos,
                valor_total_centavos) ",
        );
        builder.push_values(chunk, |mut values, (id, venda)| {
            values
                .push_bind(*id as i64)
                .push_bind(1_i64)
                .push_bind("produto")
                .push_bind(venda.produto.to_string())
                .push_bind(format!("Produto {}", venda.produto))
                .push_bind(1_000_i64)
                .push_bind(venda.cost)
                .push_bind(venda.total)
                .push_bind(venda.total);
        });
        builder.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What keeps the report sums on a write to `lancamentos`: the DRE's triggers, then the
/// fluxo de caixa's triggers and index, then the indicadores' (settled recebimentos by due
/// date).
const KEPT_SUMS: [(&str, &str); 13] = [
    ("TRIGGER", "lancamentos_dre_insert"),
    ("TRIGGER", "lancamentos_dre_delete"),
    ("TRIGGER", "lancamentos_dre_update_old"),
    ("TRIGGER", "lancamentos_dre_update_new"),
    ("TRIGGER", "lancamentos_cash_flow_insert"),
    ("TRIGGER", "lancamentos_cash_flow_delete"),
    ("TRIGGER", "lancamentos_cash_flow_update_old"),
    ("TRIGGER", "lancamentos_cash_flow_update_new"),
    ("INDEX", "lancamentos_settled_plano"),
    ("TRIGGER", "lancamentos_settled_due_insert"),
    ("TRIGGER", "lancamentos_settled_due_delete"),
    ("TRIGGER", "lancamentos_settled_due_update_old"),
    ("TRIGGER", "lancamentos_settled_due_update_new"),
];

/// The `CREATE` statements of the kept sums other than the DRE's (the fluxo de caixa's
/// and the indicadores'),
/// as the store has them, to put them back after `drop_kept_sums`.
pub async fn cash_flow_sums(store: &Store) -> Result<Vec<String>, BenchError> {
    let mut statements = Vec::new();
    for (_, name) in &KEPT_SUMS[4..] {
        let sql: Option<String> =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
                .bind(name)
                .fetch_optional(store.pool())
                .await?;
        statements.extend(sql);
    }
    Ok(statements)
}

/// Takes out every kept report sum's trigger and index: the floor of a write.
pub async fn drop_kept_sums(store: &Store) -> Result<(), BenchError> {
    for (kind, name) in KEPT_SUMS {
        sqlx::query(&format!("DROP {kind} IF EXISTS {name}"))
            .execute(store.pool())
            .await?;
    }
    Ok(())
}
