//! The relays one measurement runs against: one on SQLite, one on PostgreSQL, or two on the
//! same PostgreSQL database (A, where the rig's channel is opened, and B beside it, serving
//! the same channel). Each setup stands on a fresh database, dropped when it shuts down.

use super::postgres::Database;
use super::rig::RelayRig;
use crate::error::BenchError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    Sqlite,
    Postgres,
    TwoPostgres,
}

impl Setup {
    /// How the setup is named on its lines.
    pub fn label(self) -> &'static str {
        match self {
            Setup::Sqlite => "SQLite, 1 relay",
            Setup::Postgres => "PostgreSQL, 1 relay",
            Setup::TwoPostgres => "PostgreSQL, 2 relays",
        }
    }
}

pub struct Relays {
    /// The relay the channel was opened on; the only one but for `TwoPostgres`.
    pub a: RelayRig,
    pub b: Option<RelayRig>,
    database: Option<Database>,
}

impl Relays {
    pub async fn start(setup: Setup) -> Result<Relays, BenchError> {
        if setup == Setup::Sqlite {
            return Ok(Relays {
                a: RelayRig::start().await?,
                b: None,
                database: None,
            });
        }
        let database = Database::create().await?;
        let a = RelayRig::start_postgres(&database.url).await?;
        let b = match setup {
            Setup::TwoPostgres => Some(a.beside(&database.url).await?),
            Setup::Sqlite | Setup::Postgres => None,
        };
        Ok(Relays {
            a,
            b,
            database: Some(database),
        })
    }

    /// Every relay, A first.
    pub fn all(&self) -> impl Iterator<Item = &RelayRig> {
        std::iter::once(&self.a).chain(self.b.as_ref())
    }

    /// The channel's ingest URL on every relay: the load's clients take turns over them.
    pub fn ingest_urls(&self) -> Vec<String> {
        self.all()
            .map(|rig| rig.channel.ingest_url.clone())
            .collect()
    }

    /// The relay a desktop pulls from: B when there are two, so that every event crosses
    /// from the relay that took it to the other one.
    pub fn pulled_from(&self) -> &RelayRig {
        self.b.as_ref().unwrap_or(&self.a)
    }

    /// What the relays stand on, for the detail column.
    pub fn storage(&self) -> String {
        match &self.database {
            Some(database) => database.durability.clone(),
            None => "SQLite synchronous=FULL".into(),
        }
    }

    pub async fn shutdown(self) -> Result<(), BenchError> {
        if let Some(b) = self.b {
            b.shutdown().await;
        }
        self.a.shutdown().await;
        match self.database {
            Some(database) => database.remove().await,
            None => Ok(()),
        }
    }
}
