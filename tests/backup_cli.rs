//! `ponte backup` as an operator runs it: create, list (JSON and the table with São Paulo
//! dates), verify, export, and a damaged backup refused with exit code 1 and its reason.

use ponte_e2e::Ponte;
use serde_json::Value;

#[test]
fn backup_commands_create_list_verify_export_and_refuse_a_damaged_copy() {
    let dir = tempfile::tempdir().expect("data dir");
    let ponte = Ponte::new(dir.path());

    let created: Value =
        serde_json::from_str(&ponte.ok(&["backup", "create", "--json"], None)).expect("json");
    let id = created["id"].as_str().expect("id").to_string();
    assert_eq!(created["kind"], "manual");
    assert_eq!(created["intact"], true);

    let listed: Value =
        serde_json::from_str(&ponte.ok(&["backup", "list", "--json"], None)).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["id"], id.as_str());
    let table = ponte.ok(&["backup", "list"], None);
    assert!(table.contains(&id), "{table}");
    assert!(table.contains("verificado"), "{table}");
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|line| line.contains("/20")),
        "a dd/mm/aaaa date: {table}"
    );

    let verified = ponte.ok(&["backup", "verify", &id], None);
    assert!(verified.contains("SHA-256 confere"), "{verified}");

    let out = tempfile::tempdir().expect("out dir");
    let file = out.path().join("copia.db");
    let file_arg = file.display().to_string();
    ponte.ok(&["backup", "export", &id, &file_arg], None);
    assert!(file.is_file() && out.path().join("copia.json").is_file());

    let database = dir.path().join("backups").join(format!("{id}.db"));
    std::fs::write(&database, b"nada de SQLite aqui").expect("damage");
    let refused = ponte.run(&["backup", "verify", &id], None);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("backup_invalid"), "{stderr}");
    assert!(stderr.contains("não passou na verificação"), "{stderr}");
}
