//! `KeptTable`: one table of sums that triggers keep beside the rows they sum, described
//! once (its key, its rows that count, its recount from the rows), so that the doctor's
//! drift check and "Recalcular" are the same two statements for every such table.

use super::Store;
use crate::error::Result;
use sqlx::SqliteConnection;

pub(super) struct KeptTable {
    pub table: &'static str,
    /// The columns the recount fills, in its order, key first.
    pub columns: &'static str,
    /// The key columns.
    pub key: &'static str,
    /// `columns` of the kept rows that count: a row whose sums all went to zero is the
    /// same as no row.
    pub kept: &'static str,
    /// `columns` recounted from the rows, as the migration filled the table.
    pub recount: &'static str,
}

impl KeptTable {
    /// How many keys disagree with the recount (their sums differ, or only one side has
    /// them), reading only.
    pub async fn drift(&self, store: &Store) -> Result<u64> {
        let (key, kept, recount) = (self.key, self.kept, self.recount);
        let drift: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM (
               SELECT {key} FROM ({kept} EXCEPT {recount})
               UNION
               SELECT {key} FROM ({recount} EXCEPT {kept}))"
        ))
        .fetch_one(store.pool())
        .await?;
        Ok(drift.unsigned_abs())
    }

    /// Replaces the table with the recount, inside the caller's transaction.
    pub async fn rebuild(&self, conn: &mut SqliteConnection) -> Result<()> {
        sqlx::query(&format!("DELETE FROM {}", self.table))
            .execute(&mut *conn)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO {} ({}) {}",
            self.table, self.columns, self.recount
        ))
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
