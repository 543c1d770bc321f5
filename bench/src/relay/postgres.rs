//! A fresh PostgreSQL database per measurement, on the throwaway server that
//! `scripts/dev/with-postgres.sh` starts for `./dev bench` (durable settings:
//! `PONTE_POSTGRES_DURABLE=1`) and names in `PONTE_TEST_POSTGRES_URL`. The server's fsync
//! and synchronous_commit are read back and printed with the numbers, so a run on a
//! cluster without flushes cannot pass for a durable one.

use crate::error::BenchError;
use sqlx::{Connection, Executor, PgConnection};

const SERVER_VARIABLE: &str = "PONTE_TEST_POSTGRES_URL";

pub struct Database {
    /// `postgres://...` of this measurement's own database.
    pub url: String,
    /// The server's `fsync` and `synchronous_commit`, e.g. `fsync on, synchronous_commit on`.
    pub durability: String,
    server_url: String,
    name: String,
}

impl Database {
    /// Creates an empty database on the server; the relays migrate it when they connect.
    pub async fn create() -> Result<Database, BenchError> {
        let server_url = std::env::var(SERVER_VARIABLE).map_err(|_| {
            BenchError::RelayBench(format!(
                "{SERVER_VARIABLE} is not set: the relay benchmarks need a PostgreSQL server; \
                 run them with ./dev bench --only relay, or under \
                 PONTE_POSTGRES_DURABLE=1 bash scripts/dev/with-postgres.sh"
            ))
        })?;
        let (base, _) = server_url.rsplit_once('/').ok_or_else(|| {
            BenchError::RelayBench(format!("{SERVER_VARIABLE} names no database"))
        })?;
        let name = format!("ponte_bench_{:016x}", rand::random::<u64>());
        let mut server = PgConnection::connect(&server_url).await?;
        server
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await?;
        let fsync: String = sqlx::query_scalar("SHOW fsync")
            .fetch_one(&mut server)
            .await?;
        // The relay asks for synchronous_commit=on on its own sessions whatever this says;
        // the server default is printed to show how the cluster was started.
        let synchronous: String = sqlx::query_scalar("SHOW synchronous_commit")
            .fetch_one(&mut server)
            .await?;
        server.close().await?;
        Ok(Database {
            url: format!("{base}/{name}"),
            durability: format!("PostgreSQL fsync {fsync}, synchronous_commit {synchronous}"),
            server_url,
            name,
        })
    }

    /// Drops the database once its relays are gone.
    pub async fn remove(self) -> Result<(), BenchError> {
        let mut server = PgConnection::connect(&self.server_url).await?;
        server
            .execute(format!("DROP DATABASE {} WITH (FORCE)", self.name).as_str())
            .await?;
        server.close().await?;
        Ok(())
    }
}
