//! `ponte logs` as an operator runs it, as a real process: the last lines of every
//! program oldest to newest (like `tail`), the filters, and `--follow`, which prints lines
//! appended after it started and ends cleanly on Ctrl-C.

use ponte_e2e::{Ponte, bin};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Generous: `--follow` checks the files every half second.
const WAIT: Duration = Duration::from_secs(60);

const DESKTOP: &str = "\
2025-11-20T09:00:00.000000Z  INFO relay_poller{integration_id=1}: ponte_core::realtime::poller: WEBHOOK recebido pedido=42
linha solta de um erro em várias linhas
2025-11-20T09:00:02.000000Z ERROR ponte_core::sync::engine: Sincronização falhou: disco cheio
";
const CLI: &str = "\
2025-11-20T09:00:01.000000Z  WARN ponte_core::sync::scheduler: agendador: não iniciou
";

fn write_logs(data_dir: &Path) {
    let logs = data_dir.join("logs");
    std::fs::create_dir_all(&logs).expect("logs dir");
    std::fs::write(logs.join("ponte-desktop.2025-11-20.log"), DESKTOP).expect("log");
    std::fs::write(logs.join("ponte-cli.2025-11-20.log"), CLI).expect("log");
}

fn messages(json_lines: &str) -> Vec<String> {
    json_lines
        .lines()
        .filter(|line| line.contains("2025-11-20"))
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("one JSON object per line");
            value["message"].as_str().expect("message").to_string()
        })
        .collect()
}

#[test]
fn logs_show_the_last_lines_oldest_first_with_filters() {
    let dir = tempfile::tempdir().expect("data dir");
    write_logs(dir.path());
    let ponte = Ponte::new(dir.path());

    assert_eq!(
        messages(&ponte.ok(&["logs", "--json"], None)),
        [
            "WEBHOOK recebido pedido=42 [relay_poller{integration_id=1}]",
            "linha solta de um erro em várias linhas",
            "agendador: não iniciou",
            "Sincronização falhou: disco cheio",
        ]
    );
    assert_eq!(
        messages(&ponte.ok(&["logs", "--json", "--lines", "2"], None)),
        [
            "agendador: não iniciou",
            "Sincronização falhou: disco cheio"
        ]
    );
    assert_eq!(
        messages(&ponte.ok(&["logs", "--json", "--grep", "webhook"], None)),
        ["WEBHOOK recebido pedido=42 [relay_poller{integration_id=1}]"]
    );
    assert_eq!(
        messages(&ponte.ok(&["logs", "--json", "--nivel", "aviso"], None)),
        [
            "agendador: não iniciou",
            "Sincronização falhou: disco cheio"
        ]
    );

    let text = ponte.ok(
        &["logs", "--level", "erro", "--grep", "SINCRONIZACAO"],
        None,
    );
    assert_eq!(
        text.trim(),
        "20/11/2025 06:00:02  erro       ponte-desktop  ponte_core::sync::engine: Sincronização falhou: disco cheio"
    );

    let unknown = ponte.run(&["logs", "--integracao", "Loja Inexistente"], None);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("não encontrada"), "{stderr}");
    let bad_level = ponte.run(&["logs", "--nivel", "alto"], None);
    assert_eq!(bad_level.status.code(), Some(2));
}

#[test]
fn follow_prints_appended_lines_and_ends_cleanly_on_ctrl_c() {
    let dir = tempfile::tempdir().expect("data dir");
    write_logs(dir.path());
    let mut child = Command::new(bin("ponte"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["logs", "--follow", "--json", "--grep", "pedido"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ponte starts");
    let (lines_tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let out_tx = lines_tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = out_tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let wait_for = |needle: &str| loop {
        let line = lines
            .recv_timeout(WAIT)
            .expect("ponte logs --follow prints");
        if line.contains(needle) {
            return line;
        }
    };

    // The listed line (stdout) and the notice (stderr) come through two reader threads, so
    // either may arrive first.
    let mut missing = vec!["pedido=42", "Ctrl-C para parar"];
    while !missing.is_empty() {
        let line = lines
            .recv_timeout(WAIT)
            .expect("ponte logs --follow prints");
        missing.retain(|needle| !line.contains(needle));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("logs/ponte-desktop.2025-11-20.log"))
        .expect("log opens");
    file.write_all(
        b"2025-11-20T09:05:00.000000Z  INFO ponte_core::realtime::poller: outro pedido=43\n",
    )
    .expect("line appended");
    drop(file);
    let appended = wait_for("pedido=43");
    let value: Value = serde_json::from_str(&appended).expect("JSON line");
    assert_eq!(value["level"], "info");
    assert_eq!(value["program"], "ponte-desktop");

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let status = child.wait().expect("ponte ends");
    assert_eq!(status.code(), Some(0), "Ctrl-C ends it cleanly");
}
