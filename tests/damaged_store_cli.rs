//! A damaged `ponte.db` on the command line: every command stops with exit code 4, a pt-BR
//! message naming the file, and the command to run, with the date of the backup it would
//! restore. `ponte recuperar --restaurar-backup` keeps the damaged file aside and brings
//! the backup back; on a store that opens, `ponte recuperar` refuses.

use ponte_e2e::Ponte;
use serde_json::Value;

#[test]
fn a_damaged_store_names_the_recovery_command_and_recuperar_restores_the_backup() {
    let dir = tempfile::tempdir().expect("data dir");
    let ponte = Ponte::new(dir.path());
    let backup: Value =
        serde_json::from_str(&ponte.ok(&["backup", "create", "--json"], None)).expect("json");

    let healthy = ponte.run(&["recuperar", "--comecar-do-zero"], None);
    assert_eq!(healthy.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&healthy.stderr);
    assert!(stderr.contains("nothing_to_recover"), "{stderr}");

    let db = dir.path().join("ponte.db");
    // A WAL left by the last run would still hold a good page 1, which SQLite reads
    // instead of the damaged one: the damage is to the whole store.
    for leftover in ["ponte.db-wal", "ponte.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(leftover));
    }
    std::fs::write(
        &db,
        b"isto nao e um banco de dados SQLite, so texto qualquer",
    )
    .expect("damage");

    let damaged = ponte.run(&["status"], None);
    assert_eq!(damaged.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert!(stderr.contains("store_damaged"), "{stderr}");
    assert!(stderr.contains("está danificado"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("Para restaurar o backup de ") && stderr.contains("/20"),
        "the backup's dd/mm/aaaa date: {stderr}"
    );
    assert!(
        stderr.contains("ponte recuperar --restaurar-backup"),
        "{stderr}"
    );

    let out = ponte.ok(&["recuperar", "--restaurar-backup"], None);
    let id = backup["id"].as_str().expect("id");
    assert!(out.contains(id), "{out}");
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("ponte.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(dir.path().join(&aside[0])).expect("kept"),
        b"isto nao e um banco de dados SQLite, so texto qualquer"
    );
    ponte.ok(&["status"], None);
}
