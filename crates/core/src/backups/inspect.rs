//! Opening a backup file read-only and checking it is a sound Ponte store: SQLite's
//! `PRAGMA integrity_check` must say `ok`, the applied migrations tell its schema
//! version, and every table is counted for the manifest.

use crate::error::{Error, Result};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection};
use std::collections::BTreeMap;
use std::path::Path;

/// What a sound backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub schema_version: i64,
    pub row_counts: BTreeMap<String, i64>,
}

fn refused(path: &Path, reason: impl Into<String>) -> Error {
    Error::BackupInvalid {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

/// Opens `path` read-only and immutable (no `-wal` or `-shm` beside it, nothing written)
/// and checks it. Any SQLite error on the way means the file is not a sound database.
pub async fn inspect(path: &Path) -> Result<Inspection> {
    if !path.is_file() {
        return Err(refused(path, "o arquivo não existe"));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let mut connection = options
        .connect()
        .await
        .map_err(|error| unreadable(path, &error))?;
    let result = check(&mut connection, path).await;
    // The connection is read-only: closing it can lose nothing.
    let _ = connection.close().await;
    result
}

async fn check(connection: &mut SqliteConnection, path: &Path) -> Result<Inspection> {
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *connection)
        .await
        .map_err(|error| unreadable(path, &error))?;
    if problems.iter().any(|line| line != "ok") {
        let first = problems.first().cloned().unwrap_or_default();
        return Err(refused(
            path,
            format!("o arquivo está danificado (verificação de integridade do SQLite: {first})"),
        ));
    }
    let has_migrations: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *connection)
    .await
    .map_err(|error| unreadable(path, &error))?;
    if !has_migrations {
        return Err(refused(path, "o arquivo não é um banco de dados da Ponte"));
    }
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut *connection)
            .await
            .map_err(|error| unreadable(path, &error))?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *connection)
    .await
    .map_err(|error| unreadable(path, &error))?;
    let mut row_counts = BTreeMap::new();
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        let row = sqlx::query(&format!("SELECT COUNT(*) FROM \"{quoted}\""))
            .fetch_one(&mut *connection)
            .await
            .map_err(|error| unreadable(path, &error))?;
        row_counts.insert(table, row.get::<i64, _>(0));
    }
    Ok(Inspection {
        schema_version: schema_version.unwrap_or(0),
        row_counts,
    })
}

/// SQLite's own words for a file it cannot read, turned into the operator's.
fn unreadable(path: &Path, error: &sqlx::Error) -> Error {
    let detail = error.to_string();
    let reason = if detail.contains("not a database") {
        "o arquivo não é um banco de dados SQLite".to_string()
    } else if detail.contains("malformed") || detail.contains("corrupt") {
        "o arquivo está danificado ou incompleto".to_string()
    } else {
        format!("o arquivo não pôde ser lido como banco de dados ({detail})")
    };
    refused(path, reason)
}
