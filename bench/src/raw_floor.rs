//! The floor for the unlimited sync: the rows that sync wrote, read back and inserted again
//! with multi-row `INSERT ... VALUES (..), (..)` statements in one transaction into a
//! freshly migrated database. No HTTP, no parsing, no link lookups: what SQLite and sqlx
//! alone cost for those rows.

use crate::error::BenchError;
use crate::rows::Rows;
use ponte_core::store::Store;
use sqlx::SqlitePool;
use std::path::Path;
use std::time::{Duration, Instant};

/// Every table's rows, in creation order (so parents come before children). The kept
/// report sums (the DRE's monthly ones, the fluxo de caixa's daily ones, the vendas'
/// monthly ones and the settled recebimentos' by due day) are left out: the triggers fill
/// them again as the lançamentos and vendas go in, in the floor as in the sync.
async fn read_all(pool: &SqlitePool) -> Result<Vec<Rows>, BenchError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'
           AND name NOT IN ('dre_monthly', 'dre_monthly_totals', 'cash_flow_daily',
                            'cash_flow_due_daily', 'vendas_monthly',
                            'recebimentos_settled_due_daily') ORDER BY rowid",
    )
    .fetch_all(pool)
    .await?;
    let mut all = Vec::new();
    for table in tables {
        all.push(Rows::read(pool, &table, "true", 0).await?);
    }
    Ok(all)
}

/// Copies every row of `source` into a new store at `target`; returns the insert time and
/// the number of rows.
pub async fn bulk_insert(
    source: &SqlitePool,
    target: &Path,
) -> Result<(Duration, u64), BenchError> {
    let tables = read_all(source).await?;
    let store = Store::open(target).await?;
    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    let mut rows = 0;
    for table in &tables {
        table.insert(&mut tx).await?;
        rows += table.len() as u64;
    }
    tx.commit().await?;
    let elapsed = started.elapsed();
    store.close().await;
    Ok((elapsed, rows))
}
