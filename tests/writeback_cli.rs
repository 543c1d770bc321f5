//! `ponte lancamento` and `ponte outbox` against a `ponte-sandbox serve` process: a
//! reclassificação killed with SIGKILL after the sandbox applied its PUT and before the
//! answer came back is, after `ponte outbox retry`, written exactly once and leaves no
//! row stuck in "sending"; and with writes off the command refuses and says where to turn
//! them on, and once on it writes.

use ponte_e2e::{Ponte, SandboxProcess, bin, sandbox_ponte};
use serde_json::{Value, json};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;
use std::process::{Command, Stdio};

/// The store's file in a data dir (`ponte_core::store::DATABASE_FILE`).
const DATABASE_FILE: &str = "ponte.db";

/// An open recebimento's local id and provider id, and a live plano de contas of the same
/// integration other than its own.
struct Target {
    lancamento_id: i64,
    external_id: String,
    other_plano: String,
}

fn add_and_sync(ponte: &Ponte, base_url: &str, allow_writes: bool) {
    let mut args = vec![
        "integration",
        "add",
        "gestaoclick",
        "--name",
        "Loja Centro",
        "--base-url",
        base_url,
        "--no-store-credentials",
    ];
    if allow_writes {
        args.push("--permitir-alteracoes");
    }
    ponte.ok(&args, None);
    let sync: Value = serde_json::from_str(&ponte.ok(&["sync", "--json"], None)).expect("JSON");
    assert_eq!(sync["runs"][0]["run"]["outcome"], "succeeded", "{sync}");
}

/// Read from the data dir's SQLite file, with what the test needs beside the listing.
fn open_recebimento(data_dir: &Path) -> Target {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(data_dir.join(DATABASE_FILE))
            .read_only(true)
            .connect()
            .await
            .expect("store opens");
        let (lancamento_id, external_id, plano, integration_id): (
            i64,
            String,
            Option<String>,
            i64,
        ) = sqlx::query_as(
            "SELECT id, external_id, plano_contas_id, integration_id FROM lancamentos
                 WHERE tipo = 'recebimento' AND liquidado = 0 AND deactivated_at IS NULL
                 ORDER BY id LIMIT 1",
        )
        .fetch_one(&mut conn)
        .await
        .expect("an open recebimento");
        let other_plano: String = sqlx::query_scalar(
            "SELECT external_id FROM planos_contas
             WHERE integration_id = ?1 AND deactivated_at IS NULL AND external_id IS NOT ?2
             ORDER BY external_id LIMIT 1",
        )
        .bind(integration_id)
        .bind(plano)
        .fetch_one(&mut conn)
        .await
        .expect("another plano de contas");
        conn.close().await.expect("closed");
        Target {
            lancamento_id,
            external_id,
            other_plano,
        }
    })
}

fn admin_root(sandbox: &SandboxProcess) -> String {
    format!("{}/__sandbox", sandbox.base_url.trim_end_matches("/api"))
}

/// The sandbox's applied PUTs to recebimento `id`.
fn writes_to(sandbox: &SandboxProcess, id: &str) -> usize {
    sandbox
        .admin("writes")
        .as_array()
        .expect("writes list")
        .iter()
        .filter(|w| w["resource"] == "recebimentos" && w["id"] == id)
        .count()
}

/// Without the provider's limits: each `ponte` process paces itself, but a new one does
/// not know the last one's window, and a PUT refused with a 429 would take the queued
/// fault without being applied. Pacing has its own tests.
fn start_sandbox() -> SandboxProcess {
    SandboxProcess::start(&["--seed", "21", "--scale", "small", "--no-limits"])
}

#[test]
fn a_reclassificacao_killed_mid_send_is_written_once_after_retry() {
    let sandbox = start_sandbox();
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = sandbox_ponte(dir.path());
    add_and_sync(&ponte, &sandbox.base_url, true);
    let target = open_recebimento(dir.path());
    assert_eq!(writes_to(&sandbox, &target.external_id), 0);

    // The next PUT is applied, then its answer waits: the CLI is killed inside that wait.
    let status = reqwest::blocking::Client::new()
        .post(format!("{}/faults/next", admin_root(&sandbox)))
        .json(&json!({"count": 1, "kind": "delay", "ms": 10_000, "writes_only": true}))
        .send()
        .expect("fault queued")
        .status();
    assert!(status.is_success(), "{status}");

    let id = target.lancamento_id.to_string();
    let mut child = Command::new(bin("ponte"))
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "lancamento",
            "reclassificar",
            &id,
            "--plano",
            &target.other_plano,
        ])
        .env(
            "PONTE_GESTAOCLICK_ACCESS_TOKEN",
            ponte_e2e::SANDBOX_ACCESS_TOKEN,
        )
        .env(
            "PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN",
            ponte_e2e::SANDBOX_SECRET_TOKEN,
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ponte starts");
    // Polled until the write lands; the bound only keeps a broken build from hanging.
    let mut polls = 0;
    while writes_to(&sandbox, &target.external_id) == 0 {
        assert!(
            child.try_wait().expect("child state").is_none(),
            "ponte ended before its write reached the sandbox"
        );
        polls += 1;
        assert!(polls < 1_200, "the write never reached the sandbox");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        child.try_wait().expect("child state").is_none(),
        "ponte must still wait for the delayed answer when it is killed"
    );
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");

    let before = ponte.ok(&["outbox", "list"], None);
    let retried = ponte.ok(&["outbox", "retry"], None);
    assert!(retried.contains("gravada"), "{before}\n{retried}");

    let list: Value =
        serde_json::from_str(&ponte.ok(&["outbox", "list", "--json"], None)).expect("JSON");
    let rows = list.as_array().expect("rows");
    assert!(
        rows.iter().all(|row| row["state"] != "sending"),
        "no stuck row: {list}"
    );
    let row = rows
        .iter()
        .find(|row| row["lancamento_id"] == target.lancamento_id)
        .unwrap_or_else(|| panic!("the row of the lançamento: {list}"));
    assert_eq!(row["state"], "done", "{row}");
    assert_eq!(row["operation"], "reclassificar", "{row}");
    assert_eq!(
        writes_to(&sandbox, &target.external_id),
        1,
        "written exactly once"
    );
}

#[test]
fn reclassificar_with_writes_off_refuses_until_they_are_turned_on() {
    let sandbox = start_sandbox();
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = sandbox_ponte(dir.path());
    add_and_sync(&ponte, &sandbox.base_url, false);
    let target = open_recebimento(dir.path());
    let id = target.lancamento_id.to_string();
    let output = ponte.run(
        &[
            "lancamento",
            "reclassificar",
            &id,
            "--plano",
            &target.other_plano,
            "--json",
        ],
        None,
    );
    assert!(!output.status.success(), "refused");
    let refusal: Value = serde_json::from_slice(&output.stdout).expect("JSON refusal");
    assert_eq!(refusal["code"], "writes_disabled", "{refusal}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("writes_disabled"), "{stderr}");
    assert!(stderr.contains("Permitir alterações"), "{stderr}");
    assert_eq!(writes_to(&sandbox, &target.external_id), 0);
    let list: Value =
        serde_json::from_str(&ponte.ok(&["outbox", "list", "--json"], None)).expect("JSON");
    assert_eq!(list, json!([]), "nothing queued");

    // The listing shows the local id the commands take, and the row still open.
    let listed: Value = serde_json::from_str(&ponte.ok(
        &[
            "lancamento",
            "list",
            "--tipo",
            "recebimento",
            "--abertos",
            "--limite",
            "500",
            "--json",
        ],
        None,
    ))
    .expect("JSON");
    let row = listed
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["id"] == target.lancamento_id))
        .unwrap_or_else(|| panic!("lançamento {id} listed: {listed}"));
    assert_eq!(row["external_id"], target.external_id.as_str());
    assert_eq!(row["liquidado"], false);
    let text = ponte.ok(
        &["lancamento", "list", "--busca", &target.external_id],
        None,
    );
    assert!(
        text.contains(&format!("id GC {}", target.external_id)),
        "{text}"
    );

    // Turned on from the command line, the same command is sent and waited for.
    ponte.ok(&["integration", "permitir-alteracoes", "Loja Centro"], None);
    let sent = ponte.ok(
        &[
            "lancamento",
            "reclassificar",
            &id,
            "--plano",
            &target.other_plano,
        ],
        None,
    );
    assert!(sent.contains("gravada"), "{sent}");
    assert_eq!(writes_to(&sandbox, &target.external_id), 1);
}
