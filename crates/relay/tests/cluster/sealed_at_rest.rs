//! Payloads sealed at rest, on PostgreSQL: a `pg_dump` of the database (taken with the
//! `pg_dump` of the server's own installation) and the relay's log hold no payload in any
//! form, and a channel without a key takes nothing.

use super::*;
use std::process::Command;

/// The `pg_dump` beside the server `with-postgres.sh` runs (Debian's versioned directory).
fn pg_dump() -> std::path::PathBuf {
    let mut found: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .unwrap_or_else(|error| panic!("/usr/lib/postgresql: {error}"))
        .filter_map(|entry| Some(entry.ok()?.path().join("bin/pg_dump")))
        .filter(|path| path.exists())
        .collect();
    found.sort();
    found
        .pop()
        .unwrap_or_else(|| panic!("no pg_dump under /usr/lib/postgresql/*/bin"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pg_dump_and_the_log_hold_no_payload() {
    let database = postgres::TestDatabase::create().await;
    let dir = tempfile::tempdir().unwrap();
    let relay = canary::Serve::start(&database.url, &dir.path().join("relay.log")).await;
    let canaries = relay.ingest_canaries().await;
    let dump = Command::new(pg_dump())
        .args(["--data-only", "--dbname", &database.url])
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    // Not vacuous: the dump does hold the events (their sealed rows).
    let text = String::from_utf8_lossy(&dump.stdout);
    assert!(text.contains("COPY public.events"), "{text}");
    assert!(text.contains("evt-0"), "the dump lacks the events");
    canary::assert_absent("pg_dump", &dump.stdout, &canaries);
    canary::assert_absent("the relay's log", &relay.log(), &canaries);
    drop(relay);
    database.remove().await;
}
