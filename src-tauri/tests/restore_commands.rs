//! Configurações' restore and reset commands through the app's own handler on Tauri's mock
//! runtime, over a real SQLite store: "Restaurar" previews a verified backup and refuses a
//! file without its manifest in pt-BR; a restore or an undo refused before anything is
//! staged answers `{code, message}`; "Limpar dados espelhados" takes its backup first.
//!
//! A restore that is staged ends by restarting the app, which the mock runtime cannot do:
//! staging and applying are covered by the core's `tests/restore.rs`, the confirmation by
//! the UI's `Backups.test.ts`.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::AppState;
use serde_json::{Value, json};
use support::{invoke_err, invoke_ok, mock_app, runtime};
use tauri::test::MockRuntime;
use tauri::{App, Manager, WebviewWindow};
use tempfile::TempDir;
use tokio::runtime::Runtime;

struct Shell {
    // Dropped in this order: the window and app before the runtime their tasks run on.
    window: WebviewWindow<MockRuntime>,
    app: App<MockRuntime>,
    runtime: Runtime,
    dir: TempDir,
}

fn shell() -> Shell {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let core = runtime
        .block_on(Core::open(CoreOptions {
            data_dir: dir.path().to_path_buf(),
            credentials: CredentialStore::with_service("ponte-restore-commands-test"),
        }))
        .expect("core opens");
    let (app, window) = mock_app(core, dir.path(), false);
    Shell {
        window,
        app,
        runtime,
        dir,
    }
}

impl Shell {
    fn ok(&self, command: &str, args: Value) -> Value {
        invoke_ok(&self.window, command, args)
    }

    fn err(&self, command: &str, args: Value) -> Value {
        invoke_err(&self.window, command, args)
    }

    /// As the app's exit does: the core's tasks stop and its pool closes.
    fn shut_down(self) {
        let Shell {
            window,
            app,
            runtime,
            dir,
        } = self;
        runtime.block_on(app.state::<AppState>().core.shutdown());
        drop(window);
        drop(app);
        drop(dir);
    }
}

fn assert_error(error: &Value, code: &str, message_part: &str) {
    assert_eq!(error["code"], code, "{error}");
    let message = error["message"].as_str().expect("a message");
    assert!(
        message.contains(message_part),
        "message {message:?} should contain {message_part:?}"
    );
}

#[test]
fn restaurar_previews_a_verified_backup_and_refuses_a_file_without_its_manifest() {
    let shell = shell();
    let backup = shell.ok("create_backup", json!({}));
    let id = backup["id"].as_str().expect("an id");

    let preview = shell.ok(
        "preview_restore",
        json!({ "source": { "kind": "backup", "id": id } }),
    );
    assert_eq!(preview["source"], id);
    assert_eq!(preview["source_kind"], "manual");
    assert_eq!(preview["backup_created_at"], backup["created_at"]);
    assert_eq!(preview["size_bytes"], backup["size_bytes"]);
    assert_eq!(preview["vendas"], 0);
    assert!(preview["retention_gap"].is_null(), "{preview}");

    // "Restaurar de arquivo…" with the database copied alone, without its manifest.
    let lone = shell.dir.path().join("copia.db");
    std::fs::copy(backup["path"].as_str().expect("a path"), &lone).expect("copy");
    let refused = shell.err(
        "preview_restore",
        json!({ "source": { "kind": "file", "path": lone } }),
    );
    assert_error(&refused, "backup_invalid", "copie os dois juntos");
    // Refused before anything is staged: no restart was asked for.
    let refused = shell.err(
        "restore_backup",
        json!({ "source": { "kind": "backup", "id": "nao-existe" } }),
    );
    assert_eq!(refused["code"], "backup_not_found", "{refused}");
    shell.shut_down();
}

#[test]
fn there_is_no_restore_to_undo_on_a_store_never_restored() {
    let shell = shell();
    assert!(shell.ok("last_restore", json!({})).is_null());
    let refused = shell.err("undo_restore", json!({}));
    assert_eq!(refused["code"], "no_restore_to_undo", "{refused}");
    assert!(refused["message"].as_str().is_some_and(|m| !m.is_empty()));
    shell.shut_down();
}

#[test]
fn limpar_dados_espelhados_takes_a_backup_first() {
    let shell = shell();
    let report = shell.ok(
        "reset_mirror",
        json!({ "options": { "remove_annotations": true } }),
    );
    let backup_id = report["backup_id"]
        .as_str()
        .expect("the backup taken first");
    assert_eq!(report["removed_rows"], 0, "{report}");
    assert_eq!(report["moved_cursors"], 0, "{report}");
    let backups = shell.ok("list_backups", json!({}));
    let taken = backups
        .as_array()
        .expect("a list")
        .iter()
        .find(|backup| backup["id"] == backup_id)
        .unwrap_or_else(|| panic!("{backup_id} is not listed: {backups}"));
    assert_eq!(taken["kind"], "before-reset");
    assert_eq!(taken["intact"], true);
    shell.shut_down();
}
