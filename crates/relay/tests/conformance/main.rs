//! One conformance suite for every `EventStore`: each test in these modules runs twice, on
//! a real SQLite file and on a real PostgreSQL database, with the same assertions. The
//! PostgreSQL runs need `scripts/dev/with-postgres.sh` (see `support/postgres.rs`).

mod appends;
mod channels;
mod concurrency;
mod cursors;
mod keys;
mod secrets;
mod secrets_upgrade;

#[path = "../support/postgres.rs"]
mod postgres;

use chrono::{DateTime, Utc};
use ponte_relay::store::{AppendOutcome, EventStore, NewChannel, NewEvent};
use ponte_relay::{PostgresStore, SqliteStore, open_store};
use ponte_webhooks::seal::unnamed_event_id;
use ponte_webhooks::{AuthMode, Provider};
use postgres::TestDatabase;
use sqlx::{Connection, Executor};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One store under test, and where it lives.
pub struct Fixture {
    pub store: Arc<dyn EventStore>,
    location: Location,
}

enum Location {
    Sqlite(TempDir),
    Postgres(TestDatabase),
}

impl Fixture {
    async fn open(backend: Backend) -> Fixture {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(&dir.path().join("relay.db"))
                    .await
                    .unwrap();
                Fixture {
                    store: Arc::new(store),
                    location: Location::Sqlite(dir),
                }
            }
            Backend::Postgres => {
                let database = TestDatabase::create().await;
                let store = PostgresStore::connect(&database.url).await.unwrap();
                Fixture {
                    store: Arc::new(store),
                    location: Location::Postgres(database),
                }
            }
        }
    }

    /// Another handle on the same database, as a second relay would open it.
    pub async fn second_handle(&self) -> Arc<dyn EventStore> {
        open_store(&self.database()).await.unwrap()
    }

    fn database(&self) -> String {
        match &self.location {
            Location::Sqlite(dir) => dir.path().join("relay.db").display().to_string(),
            Location::Postgres(database) => database.url.clone(),
        }
    }

    /// Starts an ingest of `event_id` on `channel` that takes its seq and then stays open,
    /// uncommitted, until `HeldIngest::release`. On PostgreSQL it is the store's own append,
    /// stopped inside its transaction by a trigger waiting on an advisory lock the test
    /// holds; on SQLite, the same statements on a connection holding the write lock.
    pub async fn hold_ingest(&self, channel: &str, event_id: &str) -> HeldIngest {
        match &self.location {
            Location::Postgres(database) => {
                let mut gate = database.connect().await;
                gate.execute(
                    "CREATE FUNCTION hold_ingest() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN
                         IF NEW.event_id LIKE 'held%' THEN PERFORM pg_advisory_xact_lock_shared(7); END IF;
                         RETURN NEW;
                     END $$;
                     CREATE TRIGGER hold_ingest BEFORE INSERT ON events
                         FOR EACH ROW EXECUTE FUNCTION hold_ingest();
                     SELECT pg_advisory_lock(7);",
                )
                .await
                .unwrap();
                let store = self.store.clone();
                let held = event(channel, Some(event_id));
                let append = tokio::spawn(async move { store.append(&[held]).await });
                // Until the append waits on the gate, inside its transaction.
                wait_for_lock_waits(&mut gate, "advisory").await;
                HeldIngest::Postgres { gate, append }
            }
            Location::Sqlite(dir) => {
                let mut writer = sqlx::SqliteConnection::connect(&format!(
                    "sqlite://{}",
                    dir.path().join("relay.db").display()
                ))
                .await
                .unwrap();
                writer.execute("BEGIN IMMEDIATE").await.unwrap();
                let seq: i64 = sqlx::query_scalar(
                    "UPDATE channels SET next_seq = next_seq + 1, backlog = backlog + 1
                     WHERE id = ? RETURNING next_seq - 1",
                )
                .bind(channel)
                .fetch_one(&mut writer)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO events (channel_id, seq, event_id, received_at, size, key_ids, sealed)
                     VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z', 2, '', X'7B7D')",
                )
                .bind(channel)
                .bind(seq)
                .bind(event_id)
                .execute(&mut writer)
                .await
                .unwrap();
                HeldIngest::Sqlite { writer, seq }
            }
        }
    }

    /// Runs `sql` (literal values only) on the database directly, as a relay from before
    /// sealing left it or an attacker with write access would.
    pub async fn execute(&self, sql: &str) {
        match &self.location {
            Location::Postgres(database) => {
                let mut conn = database.connect().await;
                conn.execute(sql).await.unwrap();
                conn.close().await.ok();
            }
            Location::Sqlite(dir) => {
                let mut conn = sqlx::SqliteConnection::connect(&format!(
                    "sqlite://{}",
                    dir.path().join("relay.db").display()
                ))
                .await
                .unwrap();
                conn.execute(sql).await.unwrap();
                conn.close().await.ok();
            }
        }
    }

    /// How `bytes` is written as a literal in this backend's SQL.
    pub fn bytes_literal(&self, bytes: &[u8]) -> String {
        match &self.location {
            Location::Postgres(_) => format!("'\\x{}'::bytea", hex(bytes)),
            Location::Sqlite(_) => format!("X'{}'", hex(bytes)),
        }
    }

    /// Waits until some append is blocked behind a held ingest's channel lock. SQLite has
    /// nothing to observe (the waiter polls the file's write lock), so it returns at once.
    pub async fn wait_for_blocked_append(&self) {
        if let Location::Postgres(database) = &self.location {
            let mut conn = database.connect().await;
            wait_for_lock_waits(&mut conn, "transactionid").await;
            conn.close().await.ok();
        }
    }

    async fn finish(self) {
        self.store.close().await;
        if let Location::Postgres(database) = self.location {
            database.remove().await;
        }
    }
}

pub enum HeldIngest {
    Postgres {
        gate: sqlx::PgConnection,
        append: tokio::task::JoinHandle<ponte_relay::Result<Vec<AppendOutcome>>>,
    },
    Sqlite {
        writer: sqlx::SqliteConnection,
        seq: i64,
    },
}

impl HeldIngest {
    /// Lets the held ingest commit; its outcome.
    pub async fn release(self) -> AppendOutcome {
        match self {
            HeldIngest::Postgres { mut gate, append } => {
                gate.execute("SELECT pg_advisory_unlock(7)").await.unwrap();
                let outcome = append.await.unwrap().unwrap()[0];
                gate.close().await.ok();
                outcome
            }
            HeldIngest::Sqlite { mut writer, seq } => {
                writer.execute("COMMIT").await.unwrap();
                writer.close().await.ok();
                AppendOutcome::Stored { seq }
            }
        }
    }
}

/// Polls `pg_locks` until some session waits on a lock of `kind`: the way to know that a
/// concurrent transaction reached the point a test needs, without guessing a delay.
async fn wait_for_lock_waits(conn: &mut sqlx::PgConnection, kind: &str) {
    for _ in 0..1_000 {
        let waiting: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_locks WHERE locktype = $1 AND NOT granted")
                .bind(kind)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("nenhuma transação ficou esperando um lock {kind}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs one test on a fresh store of `backend`, then closes and removes it.
pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Arc<Fixture>) -> Fut,
    Fut: Future<Output = ()>,
{
    let fixture = Arc::new(Fixture::open(backend).await);
    test(fixture.clone()).await;
    let fixture = Arc::into_inner(fixture).unwrap_or_else(|| panic!("the test kept the fixture"));
    fixture.finish().await;
}

/// Declares each listed `async fn(Arc<Fixture>)` of the calling module as two tests,
/// `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::run($crate::Backend::Sqlite, super::$name).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::run($crate::Backend::Postgres, super::$name).await;
                }
            )*
        }
    };
}

/// Creates a channel and returns its id.
pub async fn channel(store: &dyn EventStore, id: &str) -> String {
    store
        .create_channel(&NewChannel {
            id: id.to_string(),
            provider: Provider::GestaoClick,
            auth_mode: AuthMode::Hmac,
            secret: format!("secret-of-{id}"),
            pull_token_sha256: "0".repeat(64),
            created_at: at(0),
        })
        .await
        .unwrap();
    id.to_string()
}

/// An event as ingest hands it over: `None` is a delivery without a provider id, which
/// carries an id the relay drew. The envelope is opaque to the store: any bytes do.
pub fn event(channel: &str, event_id: Option<&str>) -> NewEvent {
    let sealed = format!("sealed:{event_id:?}").into_bytes();
    NewEvent {
        channel_id: channel.to_string(),
        event_id: event_id.map_or_else(unnamed_event_id, str::to_string),
        received_at: at(1),
        size: 42,
        key_ids: vec!["0123456789abcdef".to_string()],
        sealed,
    }
}

/// A fixed instant, `seconds` after 2026-01-01: stores keep milliseconds at least.
pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600 + seconds, 0).unwrap()
}

pub fn stored(seq: i64) -> AppendOutcome {
    AppendOutcome::Stored { seq }
}

pub async fn seqs_after(store: &dyn EventStore, channel: &str, after: i64) -> Vec<i64> {
    store
        .events_after(channel, after, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|event| event.seq)
        .collect()
}
