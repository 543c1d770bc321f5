//! What SQLite's failures on a bad disk or a bad path mean for the operator: a full disk,
//! a read-only store file, a folder where the store cannot be opened. SQLite reports them
//! as bare result codes ("database or disk is full", "disk I/O error (code 4874)"); here
//! they become errors that name the file and say what to do next.

use crate::error::Error;
use std::path::Path;

/// SQLite's primary result codes, the low byte of an extended one.
const SQLITE_READONLY: i64 = 8;
const SQLITE_FULL: i64 = 13;
const SQLITE_CANTOPEN: i64 = 14;
/// SQLITE_IOERR_SHMSIZE: SQLite could not grow the `-shm` file, which on Linux means the
/// disk had no room for it.
const SQLITE_IOERR_SHMSIZE: i64 = 4874;

impl Error {
    /// This error as the store at `database` explains it: a database failure that is about
    /// the disk or the file becomes `DiskFull`, `ReadOnlyStore` or `StoreUnopenable`; any
    /// other error is returned unchanged.
    pub fn about_store(self, database: &Path) -> Error {
        let Some(code) = sqlite_code(&self) else {
            return self;
        };
        let path = database.display().to_string();
        match code & 0xff {
            SQLITE_FULL => Error::DiskFull { path },
            _ if code == SQLITE_IOERR_SHMSIZE => Error::DiskFull { path },
            SQLITE_READONLY => Error::ReadOnlyStore { path },
            SQLITE_CANTOPEN => Error::StoreUnopenable {
                path,
                dir: database
                    .parent()
                    .unwrap_or(Path::new("."))
                    .display()
                    .to_string(),
            },
            _ => self,
        }
    }
}

/// The extended SQLite result code of a database error, if it carries one.
fn sqlite_code(error: &Error) -> Option<i64> {
    let database_error = match error {
        Error::Database(sqlx::Error::Database(database_error)) => database_error,
        Error::Migration(sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(
            database_error,
        ))) => database_error,
        _ => return None,
    };
    database_error.code()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_that_are_not_about_the_disk_are_left_alone() {
        let error = Error::Cancelled.about_store(Path::new("/dados/ponte.db"));
        assert_eq!(error.code(), "cancelled");
        let error = Error::Database(sqlx::Error::RowNotFound).about_store(Path::new("/x.db"));
        assert_eq!(error.code(), "database");
    }
}
