//! The `ponte-relay channel` commands on a database file: create prints the secret and
//! the pull token once, list never shows them, rotate-secret starts an overlap, delete
//! removes the channel.

use super::*;

fn stdout_of(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "ponte-relay failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn channel_commands_create_list_rotate_and_delete_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let public = "https://relay.example.com";

    let created: Value = serde_json::from_str(&stdout_of(&run_cli(
        &db,
        &[
            "channel",
            "create",
            "--provider",
            "coinzz",
            "--auth",
            "url-token",
            "--public-url",
            public,
            "--json",
        ],
    )))
    .unwrap();
    let id = created["channel_id"].as_str().unwrap();
    let secret = created["secret"].as_str().unwrap();
    let pull_token = created["pull_token"].as_str().unwrap();
    assert_eq!(
        created["ingest_url"],
        format!("{public}/hooks/{id}/{secret}")
    );
    assert_eq!(created["auth_mode"], "url_token");

    let rotated: Value = serde_json::from_str(&stdout_of(&run_cli(
        &db,
        &["channel", "rotate-secret", id, "--overlap", "1h", "--json"],
    )))
    .unwrap();
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);

    for format in [&["channel", "list", "--json"][..], &["channel", "list"]] {
        let listed = stdout_of(&run_cli(&db, format));
        assert!(listed.contains(id), "{listed}");
        for shown_once in [secret, new_secret, pull_token] {
            assert!(
                !listed.contains(shown_once),
                "list showed a secret: {listed}"
            );
        }
    }
    let listed: Value =
        serde_json::from_str(&stdout_of(&run_cli(&db, &["channel", "list", "--json"]))).unwrap();
    let secrets = listed[0]["secrets"].as_array().unwrap();
    assert_eq!(secrets.len(), 2);
    assert!(secrets[0]["expires_at"].is_string());
    assert!(secrets[1]["expires_at"].is_null());

    stdout_of(&run_cli(&db, &["channel", "delete", id]));
    let listed: Value =
        serde_json::from_str(&stdout_of(&run_cli(&db, &["channel", "list", "--json"]))).unwrap();
    assert_eq!(listed, serde_json::json!([]));

    let again = run_cli(&db, &["channel", "delete", id]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("não existe"));
}
