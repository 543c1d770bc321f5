//! A fresh PostgreSQL database per test, on the throwaway server that
//! `scripts/dev/with-postgres.sh` starts and names in `PONTE_TEST_POSTGRES_URL`. Without that
//! variable a test fails and says how to run it: a store test skipped in silence would let
//! the PostgreSQL store go untested.

use sqlx::{Connection, Executor, PgConnection};

pub struct TestDatabase {
    /// `postgres://...` of the test's own database.
    pub url: String,
    server_url: String,
    name: String,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let server_url = std::env::var("PONTE_TEST_POSTGRES_URL").unwrap_or_else(|_| {
            panic!(
                "PONTE_TEST_POSTGRES_URL não está definida: este teste precisa de um PostgreSQL. \
                 Rode-o sob scripts/dev/with-postgres.sh, por exemplo: \
                 bash scripts/dev/with-postgres.sh cargo nextest run -p ponte-relay"
            )
        });
        let name = format!("ponte_test_{}", hex::encode(rand::random::<[u8; 8]>()));
        let mut server = PgConnection::connect(&server_url)
            .await
            .unwrap_or_else(|error| panic!("PostgreSQL de teste em {server_url}: {error}"));
        server
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        server.close().await.ok();
        let (base, _) = server_url
            .rsplit_once('/')
            .unwrap_or_else(|| panic!("PONTE_TEST_POSTGRES_URL sem banco: {server_url}"));
        TestDatabase {
            url: format!("{base}/{name}"),
            server_url,
            name,
        }
    }

    /// A plain connection to the test's database, for what a test does around the store.
    pub async fn connect(&self) -> PgConnection {
        PgConnection::connect(&self.url).await.unwrap()
    }

    /// Drops the database; a test that failed before this leaves it to the throwaway server.
    pub async fn remove(self) {
        let mut server = PgConnection::connect(&self.server_url).await.unwrap();
        server
            .execute(format!("DROP DATABASE {} WITH (FORCE)", self.name).as_str())
            .await
            .unwrap();
        server.close().await.ok();
    }
}
