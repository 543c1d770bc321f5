//! Where Ponte keeps its files: the platform's app-data directory, unless `--data-dir` or
//! `PONTE_DATA_DIR` says otherwise.

use crate::error::{Error, Result};
use std::path::PathBuf;

/// Overrides the data directory (as `--data-dir` does).
pub const ENV_DATA_DIR: &str = "PONTE_DATA_DIR";

/// `explicit`, else `PONTE_DATA_DIR`, else the platform's app-data directory
/// (`~/.local/share/ponte` on Linux).
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = explicit.or_else(|| std::env::var_os(ENV_DATA_DIR).map(PathBuf::from)) {
        return Ok(dir);
    }
    directories::ProjectDirs::from("br", "Ponte", "ponte")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| Error::DataDir {
            path: "(pasta de dados do sistema)".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "sem diretório pessoal"),
        })
}

/// The demo's data directory: `explicit`, else a sibling of the real one
/// (`~/.local/share/ponte-demo` on Linux), so demo data never mixes with the operator's.
pub fn resolve_demo_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    let real = resolve_data_dir(None)?;
    let name = format!(
        "{}-demo",
        real.file_name().and_then(|n| n.to_str()).unwrap_or("ponte")
    );
    Ok(real.with_file_name(name))
}

/// The log directory inside a data directory.
pub fn logs_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("logs")
}

/// The folders Configurações shows and opens: where the data and the logs of this run
/// are. The store lives in the first and `logging::init` creates the second, so both
/// exist once Ponte has started.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Folders {
    #[specta(type = String)]
    pub data_dir: PathBuf,
    #[specta(type = String)]
    pub logs_dir: PathBuf,
}

impl Folders {
    pub fn of(data_dir: &std::path::Path) -> Folders {
        Folders {
            data_dir: data_dir.to_path_buf(),
            logs_dir: logs_dir(data_dir),
        }
    }
}
