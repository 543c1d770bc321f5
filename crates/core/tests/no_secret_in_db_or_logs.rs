//! The tokens never reach the SQLite file (nor its WAL) or the logs, even with every
//! target logging at TRACE and a failing run in the history.

use crate::support;

use ponte_core::credentials::Credentials;
use ponte_core::locks::lock;
use ponte_core::store::RunOutcome;
use ponte_sandbox::FaultKind;
use std::path::Path;
use std::sync::{Arc, Mutex};
use support::{fast_settings, harness_with_credentials, small_unlimited};

const ACCESS_TOKEN: &str = "acc-7Qm2Xv9LpR4tZ8wK";
const SECRET_TOKEN: &str = "sec-N3bH6yJ1cF5dG0sA";

#[tokio::test]
async fn tokens_are_in_neither_the_database_nor_the_logs() {
    let log_file = tempfile::NamedTempFile::new().expect("log file");
    let writer = Arc::new(Mutex::new(log_file.reopen().expect("log writer")));
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_ansi(false)
        .with_writer(move || WriterGuard(writer.clone()))
        .init();

    let mut config = small_unlimited(13);
    config.access_token = ACCESS_TOKEN.into();
    config.secret_token = SECRET_TOKEN.into();
    let credentials = Credentials::new(ACCESS_TOKEN, SECRET_TOKEN).expect("tokens");
    let h = harness_with_credentials(config, fast_settings(), credentials).await;
    h.sandbox
        .handle()
        .fail_next(fast_settings().max_attempts, FaultKind::ServerError);
    assert_eq!(h.sync().await.outcome, RunOutcome::Failed);
    assert_eq!(h.sync().await.outcome, RunOutcome::Succeeded);
    h.core.shutdown().await;

    let mut files = vec![log_file.path().to_path_buf()];
    collect_files(h.dir.path(), &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("ponte.db")),
        "the database was checked"
    );
    let logs = std::fs::read(log_file.path()).expect("log");
    assert!(
        logs.len() > 10_000,
        "TRACE logging captured the run ({} bytes)",
        logs.len()
    );
    for file in files {
        let bytes = std::fs::read(&file).expect("readable");
        for token in [ACCESS_TOKEN, SECRET_TOKEN] {
            assert!(
                !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
                "{} holds a token",
                file.display()
            );
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Lets every log line go to one shared file.
struct WriterGuard(Arc<Mutex<std::fs::File>>);

impl std::io::Write for WriterGuard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        lock(&self.0).write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        lock(&self.0).flush()
    }
}
