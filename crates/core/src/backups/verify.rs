//! Verifying a backup already on disk, before it is trusted (listed as sound, exported,
//! restored): the file must be a sound SQLite database (integrity check), hold a schema no
//! newer than this build knows, and match its manifest's schema version and SHA-256.

use super::files::sha256_of_file;
use super::inspect::inspect;
use super::manifest::Manifest;
use crate::error::{Error, Result};
use crate::store::newest_schema_version;
use std::path::Path;

/// Checks `database` against the manifest at `manifest_path` and returns the manifest.
pub async fn verify_backup_file(database: &Path, manifest_path: &Path) -> Result<Manifest> {
    let manifest = Manifest::read(manifest_path)?;
    let refused = |reason: String| Error::BackupInvalid {
        path: database.display().to_string(),
        reason,
    };
    let inspection = inspect(database).await?;
    let supported = newest_schema_version();
    if inspection.schema_version > supported {
        return Err(refused(format!(
            "ele foi feito por uma versão mais nova da Ponte (banco versão {}, esta versão conhece até {supported}); atualize a Ponte para usá-lo",
            inspection.schema_version
        )));
    }
    if inspection.schema_version != manifest.schema_version {
        return Err(refused(format!(
            "a versão do banco ({}) não é a registrada no manifesto ({})",
            inspection.schema_version, manifest.schema_version
        )));
    }
    let (sha256, size) = sha256_of_file(database).await?;
    if sha256 != manifest.sha256 || size != manifest.size_bytes {
        return Err(refused(
            "o conteúdo não confere com o registrado quando o backup foi feito (SHA-256 diferente): o arquivo foi alterado ou danificado".into(),
        ));
    }
    Ok(manifest)
}
