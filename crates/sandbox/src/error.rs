//! The crate's error type.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SandboxError {
    /// A mutation named a record that does not exist (or was deleted).
    #[error("{resource} {id} não existe no sandbox")]
    RecordNotFound { resource: &'static str, id: String },
}
