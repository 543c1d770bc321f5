//! The Registros view and `ponte logs` over real log files: two programs across two days
//! (with garbage lines), read newest first, filtered by level, integration and text
//! (ignoring case and accents), and followed as the files grow and roll over to a new day.

use crate::support;

use ponte_core::CoreOptions;
use ponte_core::credentials::CredentialStore;
use ponte_core::logs::{LogLevel, LogLine, LogQuery};
use ponte_core::paths::logs_dir;
use ponte_core::{Core, logging};
use std::io::Write;
use std::path::Path;
use std::time::Duration;
use support::store_with_gestaoclick;
use tempfile::TempDir;
use tokio::sync::mpsc;

/// Generous: following checks the files every half second.
const WAIT: Duration = Duration::from_secs(30);

const DESKTOP_DAY_ONE: &str = "\
2026-12-05T10:00:00.000001Z  INFO ponte_desktop: janela aberta
2026-12-05T10:00:02.000000Z  WARN sync_run{run_id=7 integration_id=1 trigger=manual}: ponte_core::sync::engine: página refeita: tentativa 2
";
const CLI_DAY_ONE: &str = "\
2026-12-05T10:00:01.000000Z  INFO ponte: Sincronização concluída
isto não é uma linha de log {{{ :: :
2026-12-05T10:00:03.000000Z ERROR ponte: erro: disco cheio
";
const DESKTOP_DAY_TWO: &str = "\
2026-12-06T09:00:00.000000Z  INFO relay_poller{integration_id=1}: ponte_core::realtime::poller: WEBHOOK recebido pedido=42
2026-12-06T09:00:02.000000Z DEBUG relay_poller{integration_id=1}: ponte_core::realtime::acker: relay: confirmação pendente não entregue
";
const CLI_DAY_TWO: &str = "\
2026-12-06T09:00:01.000000Z  WARN ponte_core::sync::scheduler: agendador: não iniciou error=offline integration=\"Loja Centro\"
2026-12-06T09:00:03.000000Z  INFO ponte_core::integrations: webhook da Coinzz conferido
";

async fn core_with_logs() -> (TempDir, Core, i64) {
    let (dir, store, integration) = store_with_gestaoclick("Loja Centro").await;
    store.close().await;
    let logs = logs_dir(dir.path());
    std::fs::create_dir_all(&logs).expect("logs dir");
    for (name, text) in [
        ("ponte-desktop.2026-12-05.log", DESKTOP_DAY_ONE),
        ("ponte-cli.2026-12-05.log", CLI_DAY_ONE),
        ("ponte-desktop.2026-12-06.log", DESKTOP_DAY_TWO),
        ("ponte-cli.2026-12-06.log", CLI_DAY_TWO),
        ("leia-me.txt", "não é log\n"),
    ] {
        std::fs::write(logs.join(name), text).expect("log file");
    }
    let core = Core::open(CoreOptions {
        data_dir: dir.path().to_path_buf(),
        credentials: CredentialStore::default(),
    })
    .await
    .expect("core opens");
    (dir, core, integration.id)
}

fn messages(lines: &[LogLine]) -> Vec<&str> {
    lines.iter().map(|line| line.message.as_str()).collect()
}

async fn read(core: &Core, query: LogQuery) -> Vec<LogLine> {
    core.logs().read(&query).await.expect("logs read")
}

#[tokio::test]
async fn lines_of_every_program_come_newest_first_with_garbage_kept() {
    let (_dir, core, integration_id) = core_with_logs().await;
    let lines = read(&core, LogQuery::default()).await;
    assert_eq!(
        messages(&lines),
        [
            "webhook da Coinzz conferido",
            "relay: confirmação pendente não entregue [relay_poller{integration_id=1}]",
            "agendador: não iniciou error=offline integration=\"Loja Centro\"",
            "WEBHOOK recebido pedido=42 [relay_poller{integration_id=1}]",
            "erro: disco cheio",
            "página refeita: tentativa 2 [sync_run{run_id=7 integration_id=1 trigger=manual}]",
            "isto não é uma linha de log {{{ :: :",
            "Sincronização concluída",
            "janela aberta",
        ]
    );
    let garbage = &lines[6];
    assert_eq!(garbage.level, None);
    assert_eq!(garbage.program, "ponte-cli");
    assert_eq!(garbage.at, "2026-12-05T10:00:01.000000Z");
    let webhook = &lines[3];
    assert_eq!(webhook.level, Some(LogLevel::Info));
    assert_eq!(webhook.program, "ponte-desktop");
    assert_eq!(webhook.target, "ponte_core::realtime::poller");
    assert_eq!(webhook.integration_id, Some(integration_id));
    assert_eq!(webhook.integration.as_deref(), Some("Loja Centro"));
    assert_eq!(lines[2].integration_id, Some(integration_id));

    let page = read(
        &core,
        LogQuery {
            limit: Some(3),
            ..LogQuery::default()
        },
    )
    .await;
    assert_eq!(messages(&page), messages(&lines[..3]));
    core.shutdown().await;
}

#[tokio::test]
async fn filters_by_level_integration_and_text_without_case_or_accents() {
    let (_dir, core, integration_id) = core_with_logs().await;
    let text = |text: &str| LogQuery {
        text: Some(text.into()),
        ..LogQuery::default()
    };
    assert_eq!(
        messages(&read(&core, text("webhook")).await),
        [
            "webhook da Coinzz conferido",
            "WEBHOOK recebido pedido=42 [relay_poller{integration_id=1}]"
        ]
    );
    assert_eq!(
        messages(&read(&core, text("  SINCRONIZACAO ")).await),
        ["Sincronização concluída"]
    );
    assert_eq!(read(&core, text("confirmaçao PENDENTE")).await.len(), 1);
    assert_eq!(read(&core, text("nada disso")).await, []);

    let warnings = read(
        &core,
        LogQuery {
            level: Some(LogLevel::Warn),
            ..LogQuery::default()
        },
    )
    .await;
    assert_eq!(
        messages(&warnings),
        [
            "agendador: não iniciou error=offline integration=\"Loja Centro\"",
            "erro: disco cheio",
            "página refeita: tentativa 2 [sync_run{run_id=7 integration_id=1 trigger=manual}]",
        ]
    );

    let of_integration = read(
        &core,
        LogQuery {
            integration_id: Some(integration_id),
            ..LogQuery::default()
        },
    )
    .await;
    assert_eq!(of_integration.len(), 4);
    assert!(
        of_integration
            .iter()
            .all(|line| line.integration.as_deref() == Some("Loja Centro"))
    );

    let combined = read(
        &core,
        LogQuery {
            level: Some(LogLevel::Info),
            integration_id: Some(integration_id),
            text: Some("Webhook".into()),
            limit: None,
        },
    )
    .await;
    assert_eq!(
        messages(&combined),
        ["WEBHOOK recebido pedido=42 [relay_poller{integration_id=1}]"]
    );
    core.shutdown().await;
}

fn append(path: &Path, text: &str) {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("log file opens");
    file.write_all(text.as_bytes()).expect("line written");
}

async fn next_batch(receiver: &mut mpsc::UnboundedReceiver<Vec<LogLine>>) -> Vec<LogLine> {
    tokio::time::timeout(WAIT, receiver.recv())
        .await
        .expect("new lines arrive")
        .expect("still following")
}

#[tokio::test]
async fn following_yields_new_whole_lines_across_the_rollover_until_stopped() {
    let (dir, core, _) = core_with_logs().await;
    let logs = logs_dir(dir.path());
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let id = core.logs().follow(
        LogQuery {
            level: Some(LogLevel::Info),
            ..LogQuery::default()
        },
        move |lines| sender.send(lines).is_ok(),
    );

    // A line written in two pieces is read once it is whole; a debug line is filtered out.
    let today = logs.join("ponte-desktop.2026-12-06.log");
    append(
        &today,
        "2026-12-06T09:10:00.000000Z DEBUG ponte_core::sync: detalhe\n2026-12-06T09:10:01.000000Z  INFO ponte_core::sync: primeira ",
    );
    append(&today, "parte e segunda\n");
    assert_eq!(
        messages(&next_batch(&mut receiver).await),
        ["primeira parte e segunda"]
    );

    // The daily rollover: a new file appears and is read from its start.
    append(
        &logs.join("ponte-desktop.2026-12-07.log"),
        "2026-12-07T00:00:01.000000Z ERROR ponte_core::realtime: relay indisponível\n",
    );
    let rolled = next_batch(&mut receiver).await;
    assert_eq!(messages(&rolled), ["relay indisponível"]);
    assert_eq!(rolled[0].level, Some(LogLevel::Error));

    assert!(core.logs().stop_following(id));
    assert!(!core.logs().stop_following(id));
    // Stopping ends the task, which drops the sink and so closes the channel.
    let closed =
        tokio::time::timeout(WAIT, async { while receiver.recv().await.is_some() {} }).await;
    assert!(closed.is_ok(), "the follow stopped");
    core.shutdown().await;
}

#[tokio::test]
async fn lines_the_real_logging_writes_are_read_back() {
    let (dir, core, integration_id) = core_with_logs().await;
    let guard = logging::init(dir.path(), "ponte-teste", false);
    {
        let span = tracing::info_span!("sync_run", run_id = 9, integration_id);
        let _entered = span.enter();
        tracing::warn!(status = 503, "Gestão Click: resposta inesperada");
    }
    tracing::error!("sem span: falhou");
    drop(guard);

    let lines = read(
        &core,
        LogQuery {
            text: Some("gestao click".into()),
            ..LogQuery::default()
        },
    )
    .await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(line.program, "ponte-teste");
    assert_eq!(line.level, Some(LogLevel::Warn));
    assert_eq!(line.target, module_path!());
    assert_eq!(line.integration_id, Some(integration_id));
    assert!(
        line.message
            .starts_with("Gestão Click: resposta inesperada status=503")
    );
    let errors = read(
        &core,
        LogQuery {
            level: Some(LogLevel::Error),
            text: Some("sem span".into()),
            ..LogQuery::default()
        },
    )
    .await;
    assert_eq!(messages(&errors), ["sem span: falhou"]);
    assert_eq!(errors[0].target, module_path!());
    core.shutdown().await;
}
