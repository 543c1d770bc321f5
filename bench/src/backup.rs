//! Backups over a large store: the million lançamentos of `ledger` in a store file, opened
//! by a `Core` as the app opens it, then
//! - a backup through `Core::backups().create` (the real path: `VACUUM INTO`, fsync,
//!   integrity check, SHA-256, manifest, rename, retention) against a plain copy of the
//!   same file with its fsync (what `cp` costs), medians of runs taken in turns;
//! - how long the app's own writes wait while a backup runs (`writes`).

mod writes;

use crate::error::BenchError;
use crate::ledger::{entries, fresh_store, insert};
use crate::report::{Line, line};
use ponte_core::backups::{BackupKind, Manifest, inspect};
use ponte_core::credentials::CredentialStore;
use ponte_core::store::DATABASE_FILE;
use ponte_core::{Core, CoreOptions};
use std::fs::File;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
#[group(id = "backup-options")]
pub struct Options {
    /// Lançamentos in the store that is backed up.
    #[arg(
        id = "backup-entries",
        long = "backup-entries",
        default_value_t = 1_000_000
    )]
    pub entries: usize,
    /// Timed backups (and as many timed copies), after one untimed of each. At least 1.
    #[arg(long = "backup-runs", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    pub runs: u16,
    /// Backups taken while the app's writes are timed. At least 1.
    #[arg(long = "backup-write-runs", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub write_runs: u16,
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let dir = tempfile::tempdir()?;
    let data_dir = dir.path().join("data");
    let database = data_dir.join(DATABASE_FILE);
    let integration_id = {
        let rows = entries(options.entries);
        let (store, integration_id) = fresh_store(&database).await?;
        insert(&store, integration_id, &rows).await?;
        store.close().await;
        integration_id
    };
    let core = Core::open(CoreOptions {
        data_dir: data_dir.clone(),
        credentials: CredentialStore::default(),
    })
    .await?;
    // Everything in the main file, so that the copy copies the whole store.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(core.store().pool())
        .await?;
    let store_bytes = std::fs::metadata(&database)?.len();

    let copy = dir.path().join("copy.db");
    let (mut backed, mut copied) = (Vec::new(), Vec::new());
    let (mut backup_bytes, mut checking) = (0, Duration::ZERO);
    // One untimed run of each first: the file is then in the page cache for both alike.
    for run in 0..=options.runs {
        let started = Instant::now();
        let backup = core.backups().create(BackupKind::Manual).await?;
        let backup_time = started.elapsed();
        backup_bytes = backup.size_bytes;
        if run == options.runs {
            // What the backup's integrity check of its copy costs (most of it, on a large
            // store): `inspect` again on the finished backup, once, outside the timings.
            let started = Instant::now();
            inspect(&backup.path).await?;
            checking = started.elapsed();
        }
        // Deleted once timed: retention keeps the manual ones, and a handful of copies of
        // the store would fill the temp dir.
        std::fs::remove_file(Manifest::path_for(&backup.path))?;
        std::fs::remove_file(&backup.path)?;
        let copy_time = copy_synced(database.clone(), copy.clone()).await?;
        std::fs::remove_file(&copy)?;
        if run > 0 {
            backed.push(backup_time);
            copied.push(copy_time);
        }
    }
    let (backup, floor) = (median(&mut backed), median(&mut copied));

    let writes = writes::measure(&core, integration_id, options.write_runs).await?;
    core.shutdown().await;

    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let mb = |bytes: u64| format!("{:.0} MB", bytes as f64 / 1e6);
    let entries = options.entries;
    let runs = options.runs;
    let mut lines = vec![
        line(
            "backup of the store",
            secs(backup),
            "—",
            format!(
                "{entries} lançamentos, store {} → backup {}: VACUUM INTO, fsync, integrity check, SHA-256 (median of {runs}); the integrity check of the copy alone takes {}",
                mb(store_bytes),
                mb(backup_bytes),
                secs(checking)
            ),
        ),
        line(
            "… ÷ a plain copy of the file",
            format!("{:.2}×", backup.as_secs_f64() / floor.as_secs_f64()),
            "—",
            format!(
                "std::fs::copy + fsync of the same file {} (median of {runs}, in turns with the backups)",
                secs(floor)
            ),
        ),
    ];
    lines.extend(writes.lines());
    Ok(lines)
}

/// A plain copy of `from` and its fsync, on the blocking pool: the least a backup of the
/// file can cost.
async fn copy_synced(from: PathBuf, to: PathBuf) -> Result<Duration, BenchError> {
    let copied = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        std::fs::copy(&from, &to)?;
        File::open(&to)?.sync_all()?;
        Ok::<_, std::io::Error>(started.elapsed())
    });
    Ok(copied.await??)
}

fn median(timings: &mut [Duration]) -> Duration {
    timings.sort();
    timings[timings.len() / 2]
}
