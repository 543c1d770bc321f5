//! The floor for the unlimited sync: the rows that sync wrote, read back and inserted again
//! with multi-row `INSERT ... VALUES (..), (..)` statements in one transaction into a
//! freshly migrated database. No HTTP, no parsing, no link lookups: what SQLite and sqlx
//! alone cost for those rows.

use crate::error::BenchError;
use ponte_core::store::Store;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, Column, Row, SqlitePool, TypeInfo, ValueRef};
use std::path::Path;
use std::time::{Duration, Instant};

/// One SQLite value, as stored.
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

struct TableRows {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;

impl TableRows {
    /// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)` for `rows` rows.
    fn insert(&self, rows: usize) -> String {
        let one = format!("({})", vec!["?"; self.columns.len()].join(", "));
        format!(
            "INSERT INTO \"{}\" ({}) VALUES {}",
            self.table,
            self.columns.join(", "),
            vec![one; rows].join(", ")
        )
    }
}

/// Every table's rows, in creation order (so parents come before children).
async fn read_all(pool: &SqlitePool) -> Result<Vec<TableRows>, BenchError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY rowid",
    )
    .fetch_all(pool)
    .await?;
    let mut all = Vec::new();
    for table in tables {
        let rows = sqlx::query(&format!("SELECT * FROM \"{table}\""))
            .fetch_all(pool)
            .await?;
        let Some(first) = rows.first() else { continue };
        let columns: Vec<String> = first
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let rows = rows.iter().map(cells).collect::<Result<_, _>>()?;
        all.push(TableRows {
            table,
            columns,
            rows,
        });
    }
    Ok(all)
}

fn cells(row: &SqliteRow) -> Result<Vec<Cell>, sqlx::Error> {
    (0..row.len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Cell::Null);
            }
            Ok(match raw.type_info().name() {
                "INTEGER" => Cell::Integer(row.try_get(i)?),
                "REAL" => Cell::Real(row.try_get(i)?),
                "BLOB" => Cell::Blob(row.try_get(i)?),
                _ => Cell::Text(row.try_get(i)?),
            })
        })
        .collect()
}

fn arguments(rows: &[Vec<Cell>]) -> Result<SqliteArguments<'_>, BenchError> {
    let mut args = SqliteArguments::default();
    for cell in rows.iter().flatten() {
        let added = match cell {
            Cell::Null => args.add(None::<i64>),
            Cell::Integer(v) => args.add(*v),
            Cell::Real(v) => args.add(*v),
            Cell::Text(v) => args.add(v.as_str()),
            Cell::Blob(v) => args.add(v.as_slice()),
        };
        added.map_err(|e| BenchError::Encode(e.to_string()))?;
    }
    Ok(args)
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
        let batch = (MAX_PARAMETERS / table.columns.len()).max(1);
        for chunk in table.rows.chunks(batch) {
            sqlx::query_with(&table.insert(chunk.len()), arguments(chunk)?)
                .execute(&mut *tx)
                .await?;
            rows += chunk.len() as u64;
        }
    }
    tx.commit().await?;
    let elapsed = started.elapsed();
    store.close().await;
    Ok((elapsed, rows))
}
