//! Rows read from one SQLite store and inserted into another exactly as they are, every
//! column by its stored type, with multi-row INSERTs: the raw floors of the sync and of the
//! relay's drain.

use crate::error::BenchError;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool, TypeInfo, ValueRef};

/// SQLite's default cap on bound parameters per statement.
const MAX_PARAMETERS: usize = 32_766;

/// One stored value.
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A table's rows, with their column names.
pub struct Rows {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Rows {
    /// `SELECT * FROM table WHERE filter`, `filter` bound to `integration_id` wherever it
    /// has a `?`.
    pub async fn read(
        pool: &SqlitePool,
        table: &str,
        filter: &str,
        integration_id: i64,
    ) -> Result<Rows, BenchError> {
        let sql = format!("SELECT * FROM \"{table}\" WHERE {filter}");
        let mut query = sqlx::query(&sql);
        for _ in 0..filter.matches('?').count() {
            query = query.bind(integration_id);
        }
        let fetched = query.fetch_all(pool).await?;
        let columns = fetched
            .first()
            .map(|row| row.columns().iter().map(|c| c.name().to_string()).collect())
            .unwrap_or_default();
        let rows = fetched.iter().map(cells).collect::<Result<_, _>>()?;
        Ok(Rows {
            table: table.to_string(),
            columns,
            rows,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Inserts the rows into the same table over `conn`.
    pub async fn insert(&self, conn: &mut SqliteConnection) -> Result<(), BenchError> {
        let Some(width) = (!self.columns.is_empty()).then_some(self.columns.len()) else {
            return Ok(());
        };
        for chunk in self.rows.chunks(MAX_PARAMETERS / width) {
            let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
                "INSERT INTO \"{}\" ({}) ",
                self.table,
                self.columns.join(", ")
            ));
            insert.push_values(chunk, |mut values, row| {
                for cell in row {
                    match cell {
                        Cell::Null => values.push_bind(None::<i64>),
                        Cell::Integer(v) => values.push_bind(*v),
                        Cell::Real(v) => values.push_bind(*v),
                        Cell::Text(v) => values.push_bind(v.as_str()),
                        Cell::Blob(v) => values.push_bind(v.as_slice()),
                    };
                }
            });
            insert.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

fn cells(row: &SqliteRow) -> Result<Vec<Cell>, BenchError> {
    (0..row.columns().len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Cell::Null);
            }
            let cell = match raw.type_info().name() {
                "INTEGER" => Cell::Integer(row.try_get(i)?),
                "REAL" => Cell::Real(row.try_get(i)?),
                "BLOB" => Cell::Blob(row.try_get(i)?),
                _ => Cell::Text(row.try_get(i)?),
            };
            Ok(cell)
        })
        .collect()
}
