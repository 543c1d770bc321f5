//! `ponte restore` as an operator runs it, against a store synced from a `ponte-sandbox
//! serve` process: without --yes it verifies, shows the backup and changes nothing; with
//! --yes the store goes back to the backup; `ponte restore --desfazer --yes` gives back
//! what the restore replaced; a damaged copy or a file that is no backup is refused with
//! its reason, and the store stays as it was.

use ponte_e2e::{Ponte, SandboxProcess, sandbox_ponte};
use serde_json::Value;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// What the restore must give back, read straight from the store while no `ponte` runs:
/// the mirrored counts and vendas' total, and every link with its payload hash.
fn snapshot(db: &Path) -> String {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .read_only(true)
            .connect()
            .await
            .expect("store opens");
        let snapshot: String = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM vendas) || ' vendas, '
                 || (SELECT total(valor_total_centavos) FROM vendas) || ' centavos, '
                 || (SELECT count(*) FROM lancamentos) || ' lançamentos, '
                 || (SELECT count(*) FROM parties) || ' parties; '
                 || (SELECT coalesce(group_concat(link, ' '), '') FROM (
                        SELECT entity_type || ':' || external_id || ':' || active || ':'
                               || hex(payload_hash) AS link
                        FROM entity_links ORDER BY link))",
        )
        .fetch_one(&mut conn)
        .await
        .expect("snapshot");
        conn.close().await.expect("closes");
        snapshot
    })
}

fn vendas(snapshot: &str) -> u64 {
    snapshot
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("the vendas count")
}

/// Changes the sandbox's data through its admin route, so the next sync changes the store.
fn mutate(sandbox: &SandboxProcess) {
    let root = sandbox.base_url.trim_end_matches("/api");
    reqwest::blocking::Client::new()
        .post(format!("{root}/__sandbox/mutations"))
        .json(&serde_json::json!({"creates": 8, "updates": 8, "deletes": 3, "seed": 5}))
        .send()
        .and_then(|r| r.error_for_status())
        .expect("sandbox mutated");
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn restore_needs_yes_brings_the_backup_back_and_desfazer_gives_back_the_changes() {
    let sandbox = SandboxProcess::start(&["--seed", "17", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ponte.db");
    let ponte = sandbox_ponte(dir.path());
    ponte.add_loja_centro(&sandbox.base_url);
    ponte.ok(&["sync", "--json"], None);
    let created: Value =
        serde_json::from_str(&ponte.ok(&["backup", "create", "--json"], None)).expect("json");
    let id = created["id"].as_str().expect("id").to_string();
    let at_backup = snapshot(&db);

    mutate(&sandbox);
    ponte.ok(&["sync", "--json"], None);
    let changed = snapshot(&db);
    assert_ne!(
        changed, at_backup,
        "the sync after the mutations changed the store"
    );

    let refused = ponte.run(&["restore", &id], None);
    assert_eq!(refused.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(stdout.contains("Backup verificado"), "{stdout}");
    assert!(stdout.contains(&id), "{stdout}");
    assert!(
        stdout.contains(" vendas, "),
        "the backup's vendas: {stdout}"
    );
    let stderr = stderr_of(&refused);
    assert!(stderr.contains("restore_not_confirmed"), "{stderr}");
    assert!(
        stderr.contains(&format!("ponte restore {id} --yes")),
        "{stderr}"
    );
    assert_eq!(snapshot(&db), changed, "nothing was restored");
    let preview: Value =
        serde_json::from_slice(&ponte.run(&["restore", &id, "--json"], None).stdout)
            .expect("the preview as JSON");
    assert_eq!(preview["source"], id.as_str());
    assert_eq!(preview["source_kind"], "manual");
    assert_eq!(preview["vendas"].as_u64(), Some(vendas(&at_backup)));
    let backups = ponte.ok(&["backup", "list", "--json"], None);
    assert!(!backups.contains("before-restore"), "{backups}");

    let restored = ponte.ok(&["restore", &id, "--yes"], None);
    assert!(
        restored.contains(&format!("Backup {id} restaurado")),
        "{restored}"
    );
    assert!(
        restored.contains("não havia eventos a recuperar"),
        "no relay channel: {restored}"
    );
    assert!(
        restored.contains("ponte restore --desfazer --yes"),
        "{restored}"
    );
    assert_eq!(snapshot(&db), at_backup, "the store is the backup again");
    let backups = ponte.ok(&["backup", "list", "--json"], None);
    assert!(backups.contains("\"before-restore\""), "{backups}");

    let undone = ponte.ok(&["restore", "--desfazer", "--yes"], None);
    assert!(undone.contains("restaurado"), "{undone}");
    assert_eq!(snapshot(&db), changed, "the undo gave back the changes");
    // The store works after both swaps.
    ponte.ok(&["sync", "--json"], None);
}

#[test]
fn a_damaged_backup_or_a_file_that_is_no_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ponte.db");
    let ponte = Ponte::new(dir.path());
    let created: Value =
        serde_json::from_str(&ponte.ok(&["backup", "create", "--json"], None)).expect("json");
    let id = created["id"].as_str().expect("id").to_string();
    let outside = tempfile::tempdir().expect("out dir");
    let exported = outside.path().join("copia.db");
    let exported_arg = exported.display().to_string();
    ponte.ok(&["backup", "export", &id, &exported_arg], None);
    let before = snapshot(&db);

    std::fs::write(&exported, "isto não é um banco de dados".repeat(100)).expect("damage");
    let plain = outside.path().join("planilha.db");
    std::fs::write(&plain, b"nada de SQLite aqui").expect("plain file");
    let cases = [
        (exported_arg, "não passou na verificação"),
        (plain.display().to_string(), "manifesto"),
        (
            outside.path().join("nao-existe.db").display().to_string(),
            "o arquivo não existe",
        ),
    ];
    for (file, reason) in &cases {
        for yes in [false, true] {
            let mut args = vec!["restore", file.as_str()];
            if yes {
                args.push("--yes");
            }
            let refused = ponte.run(&args, None);
            assert_eq!(refused.status.code(), Some(1), "{args:?}");
            let stderr = stderr_of(&refused);
            assert!(stderr.contains("backup_invalid"), "{args:?}: {stderr}");
            assert!(stderr.contains(reason), "{args:?}: {stderr}");
        }
    }
    assert_eq!(snapshot(&db), before);
    assert!(!dir.path().join("ponte.db.restore-pending").exists());
    let backups = ponte.ok(&["backup", "list", "--json"], None);
    assert!(!backups.contains("before-restore"), "{backups}");

    let nothing = ponte.run(&["restore", "--desfazer", "--yes"], None);
    assert_eq!(nothing.status.code(), Some(1));
    let stderr = stderr_of(&nothing);
    assert!(stderr.contains("no_restore_to_undo"), "{stderr}");
}
