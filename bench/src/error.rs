//! The benchmark's one error type.

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Core(#[from] ponte_core::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("encoding a value: {0}")]
    Encode(String),
    #[error("the sync did not succeed: {0}")]
    SyncFailed(String),
}
