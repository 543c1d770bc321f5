//! Telling a damaged store from other failures to open it: SQLite says the file is not a
//! database (SQLITE_NOTADB) or that its pages do not hold together (SQLITE_CORRUPT), for a
//! file of garbage, a truncated one or one whose header was overwritten. Such an error
//! becomes `Error::StoreDamaged`, which the app and the CLI answer with the recovery.

use crate::error::Error;
use std::path::Path;

const SQLITE_CORRUPT: i64 = 11;
const SQLITE_NOTADB: i64 = 26;

/// `error` as `StoreDamaged` when it says the file at `path` is damaged; else unchanged.
pub(super) fn recognise(path: &Path, error: Error) -> Error {
    match damage_of(&error) {
        Some(detail) => Error::StoreDamaged {
            path: path.display().to_string(),
            detail,
        },
        None => error,
    }
}

fn damage_of(error: &Error) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        if let Some(sqlx::Error::Database(database)) = cause.downcast_ref::<sqlx::Error>() {
            let primary = database
                .code()
                .and_then(|code| code.parse::<i64>().ok())
                .map(|code| code & 0xff);
            match primary {
                Some(SQLITE_NOTADB) => return Some("não é um banco de dados SQLite".into()),
                Some(SQLITE_CORRUPT) => {
                    return Some("o conteúdo está corrompido ou incompleto".into());
                }
                _ => {}
            }
        }
        current = cause.source();
    }
    let text = error.to_string();
    if text.contains("file is not a database") {
        return Some("não é um banco de dados SQLite".into());
    }
    if text.contains("malformed") {
        return Some("o conteúdo está corrompido ou incompleto".into());
    }
    None
}
