//! The real window: the built `ponte-desktop`, launched in demo mode through tauri-driver
//! and WebKitWebDriver under Xvfb (`./dev test` provides the display and a private D-Bus
//! session with an unlocked gnome-keyring). The operator's main paths, clicked for real:
//! "Sincronizar Agora" fills the Painel and Dados with exactly the sandbox's records and
//! leaves an unread notification, "Verificar" sends a test event around the demo's relay,
//! and wrong tokens get "Credenciais inválidas" from "Testar conexão"; the DRE of the
//! synced data has nothing unclassified, a cell opens onto the lançamentos that add up to
//! it, and the DRE is exported to XLSX, PDF and CSV through the native save dialog. Then, with the demo's
//! sandbox emitting webhooks, new sales reach the notification center and Dados without a
//! click, and the demo's Coinzz card shows the last order received in real time. Adding a
//! Coinzz integration opens its channel on the demo's relay, and an order POSTed to the URL
//! it shows reaches Dados. Sobre names the build as `ponte-desktop --version` does. Last,
//! a damaged store at start-up opens the recovery screen, and restoring the backup from
//! there restarts the app into the Painel; and a backup is restored from Configurações and
//! the restore undone, each through the app's restart.

use chrono::Datelike;
use fantoccini::Client;
use fantoccini::Locator;
use ponte_e2e::bin;
use ponte_e2e::desktop::{
    TauriDriver, answer_save_dialog, click, enabled, parse_count, screenshot, type_into,
    wait_for_text,
};
use ponte_e2e::layout::{self, DEFAULT_SIZE, MINIMUM_SIZE};
use ponte_e2e::recovery::damaged_store_at_start_up;
use ponte_e2e::restore_window::restore_then_undo;
use ponte_sandbox::{DatasetSummary, Sandbox, SandboxConfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// "Baixar" from Dados, written back to the demo's Gestão Click: its own launch.
mod writeback;

/// A demo sync runs at the provider's real pace (3 requests/s): well under a minute.
const SYNC_TIMEOUT: Duration = Duration::from_secs(180);
const SCREEN_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn demo_operator_paths_then_live_sales_in_a_real_window() {
    if !enabled() {
        return;
    }
    // The same dataset the app's demo serves, here for its counts and as the server that
    // refuses the wrong tokens.
    let sandbox = Sandbox::start(SandboxConfig::demo(), "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sandbox starts");
    let expected = sandbox.handle().summary();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let data_dir = data_dir.to_str().expect("utf-8 temp path");
    let driver = TauriDriver::start();
    let client = driver
        // Without live changes, so the mirror can be compared with the seeded dataset: no
        // Gestão Click change and no Coinzz order (whose vendas and clientes Dados would
        // count too) is emitted.
        .session(
            &bin("ponte-desktop"),
            &[
                "--demo",
                "--demo-changes-per-minute",
                "0",
                "--data-dir",
                data_dir,
            ],
        )
        .await;

    // A panic inside the scenario must still end the session, or the app outlives the test.
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports dir");
    let scenario = tokio::spawn(operator_paths(
        client.clone(),
        expected,
        sandbox.base_url(),
        exports,
    ));
    let outcome = scenario.await;
    if outcome.is_err() {
        save_screenshot(&client, "failure").await;
    }
    let _ = client.close().await;
    sandbox.shutdown().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
    // One app at a time (it is single-instance): the first is gone before the second.
    drop(driver);
    wait_until_single_instance_free();

    let live_dir = dir.path().join("live");
    let live_dir = live_dir.to_str().expect("utf-8 temp path");
    let driver = TauriDriver::start();
    let client = driver
        .session(
            &bin("ponte-desktop"),
            &[
                "--demo",
                "--demo-changes-per-minute",
                "600",
                "--data-dir",
                live_dir,
            ],
        )
        .await;
    let outcome = tokio::spawn(live_sales(client.clone())).await;
    if outcome.is_err() {
        save_screenshot(&client, "live-failure").await;
    }
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
    drop(driver);
    wait_until_single_instance_free();

    damaged_store_at_start_up(&dir.path().join("damaged")).await;
    wait_until_single_instance_free();

    restore_then_undo(&dir.path().join("restore"), wait_until_single_instance_free).await;
    wait_until_single_instance_free();
}

/// The app's single-instance D-Bus name (its identifier, as tauri-plugin-single-instance
/// makes it): while the first app holds it, a second one hands over its arguments and quits.
const SINGLE_INSTANCE_NAME: &str = "br.ponte.desktop.SingleInstance";

/// Waits until no app holds the single-instance name: the bus lets go of it a little after
/// the process dies.
fn wait_until_single_instance_free() {
    let held = || {
        std::process::Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{SINGLE_INSTANCE_NAME}"),
            ])
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
            .unwrap_or(true)
    };
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    while held() {
        assert!(
            std::time::Instant::now() < deadline,
            "the first ponte-desktop kept its single-instance name"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Nothing is clicked but the screens: the demo's sandbox changes its data, its webhooks
/// go through the local relay, and the poller's new sales show up on their own.
async fn live_sales(client: Client) {
    wait_for_text(
        &client,
        "[data-testid=demo-banner]",
        SCREEN_TIMEOUT,
        |text| text.contains("Modo demonstração"),
    )
    .await;
    click(&client, "[data-nav=notificacoes]").await;
    let notification = wait_for_text(
        &client,
        "[data-testid=notification]",
        SCREEN_TIMEOUT,
        |text| text.contains("nova venda") || text.contains("novas vendas"),
    )
    .await;
    assert!(notification.contains("Dados › Vendas"), "{notification}");
    click(&client, "[data-nav=dados]").await;
    click(&client, "[data-dataset=vendas]").await;
    wait_for_text(
        &client,
        "[data-testid=dados-matching]",
        SCREEN_TIMEOUT,
        |text| parse_count(text) > 0,
    )
    .await;
    // Coinzz has no sync: its card tells what arrived last.
    click(&client, "[data-nav=painel]").await;
    wait_for_text(
        &client,
        "[data-testid=realtime-only]",
        SCREEN_TIMEOUT,
        |text| text.contains("Recebe os dados em tempo real"),
    )
    .await;
    wait_for_text(
        &client,
        "[data-testid=last-event]",
        SCREEN_TIMEOUT,
        |text| text.contains("pedido") || text.contains("assinatura"),
    )
    .await;
}

async fn operator_paths(
    client: Client,
    expected: DatasetSummary,
    sandbox_url: String,
    exports: PathBuf,
) {
    // Demo mode is marked plainly.
    wait_for_text(
        &client,
        "[data-testid=demo-banner]",
        SCREEN_TIMEOUT,
        |text| text.contains("Modo demonstração"),
    )
    .await;

    click(&client, "[data-testid=sync-now]").await;
    wait_for_text(
        &client,
        "[data-testid=sync-progress]",
        SCREEN_TIMEOUT,
        |text| text.contains("página"),
    )
    .await;
    let last_sync = wait_for_text(&client, "[data-testid=last-sync]", SYNC_TIMEOUT, |text| {
        text.contains("Concluída")
    })
    .await;
    assert!(last_sync.contains("criados"), "{last_sync}");
    wait_for_text(
        &client,
        "[data-testid=card-state]",
        SCREEN_TIMEOUT,
        |text| text == "OK",
    )
    .await;
    save_screenshot(&client, "painel").await;

    // The sync's changes are in the notification center, unread, with a badge.
    wait_for_text(
        &client,
        "[data-testid=unread-badge]",
        SCREEN_TIMEOUT,
        |text| text.trim() == "1",
    )
    .await;
    click(&client, "[data-nav=notificacoes]").await;
    wait_for_text(
        &client,
        "[data-testid=notification]",
        SCREEN_TIMEOUT,
        |text| text.contains("sincronização concluída") && text.contains("criados"),
    )
    .await;

    historico_in_operator_words(&client).await;

    click(&client, "[data-nav=dados]").await;
    let count = |entity: &str| expected.entities[entity].count;
    let datasets = [
        ("clientes", count("clientes")),
        ("fornecedores", count("fornecedores")),
        ("vendas", count("vendas")),
        ("lancamentos", count("recebimentos") + count("pagamentos")),
    ];
    for (dataset, records) in datasets {
        click(&client, &format!("[data-dataset={dataset}]")).await;
        let shown = wait_for_text(
            &client,
            "[data-testid=dados-matching]",
            SCREEN_TIMEOUT,
            |text| parse_count(text) == records,
        )
        .await;
        assert_eq!(parse_count(&shown), records, "{dataset}");
    }
    save_screenshot(&client, "dados").await;
    sorting_a_dados_column(&client).await;

    one_click_realtime(&client).await;
    dre(&client, &exports).await;
    a_date_preset_changes_the_dres_period(&client).await;
    // The scenario's data dir is the `--data-dir` given at launch, beside `exports`.
    configuracoes_shows_its_folders(&client, &exports.with_file_name("data")).await;
    backup_now_is_listed(&client).await;
    registros_follow_the_logs_live(&client, &exports.with_file_name("data")).await;
    sobre_names_this_build(&client).await;
    the_pdf_says_when_it_was_made(&exports.join("dre.pdf"));
    every_screen_fits(&client).await;

    click(&client, "[data-nav=integracoes]").await;
    // The demo's integration follows its local relay: a test event goes around.
    click(&client, "[data-testid=verify-relay]").await;
    wait_for_text(
        &client,
        "[data-testid=verify-result]",
        SCREEN_TIMEOUT,
        |text| text.contains("foi e voltou pelo relay"),
    )
    .await;
    // What goes into the provider's panel: the webhook URL, copied to the clipboard.
    click(&client, "[data-testid=show-webhook]").await;
    wait_for_text(
        &client,
        "[data-testid=webhook-url]",
        SCREEN_TIMEOUT,
        |text| text.contains("/hooks/"),
    )
    .await;
    click(&client, "[data-testid=copy-url]").await;
    wait_for_text(
        &client,
        "[data-testid=copied], [data-testid=copy-error]",
        SCREEN_TIMEOUT,
        |text| text.contains("URL copiada"),
    )
    .await;
    type_into(&client, "input[name=name]", "Loja com tokens errados").await;
    type_into(&client, "input[name=access_token]", "token-que-nao-existe").await;
    type_into(&client, "input[name=secret_access_token]", "segredo-errado").await;
    click(&client, "form[aria-labelledby=add-title] details summary").await;
    type_into(&client, "input[name=base_url]", &sandbox_url).await;
    click(&client, "[data-testid=test-draft]").await;
    wait_for_text(
        &client,
        "[data-testid=connection-result]",
        SCREEN_TIMEOUT,
        |text| text.to_lowercase().contains("credenciais inválidas"),
    )
    .await;
    // "Adicionar" proves the tokens too: refused with the same words, and nothing is kept.
    click(
        &client,
        "form[aria-labelledby=add-title] button[type=submit]",
    )
    .await;
    wait_for_text(
        &client,
        "[data-testid=connection-result]",
        SCREEN_TIMEOUT,
        |text| text.to_lowercase().contains("credenciais inválidas"),
    )
    .await;
    let screen = wait_for_text(&client, "main", SCREEN_TIMEOUT, |_| true).await;
    assert!(
        !screen.contains("Loja com tokens errados"),
        "an integration with refused tokens was kept: {screen}"
    );
    add_coinzz(&client).await;
}

/// "Ligar tempo real" for the demo's Gestão Click integration: "Trocar canal", then the
/// one-click button opens a new channel on the demo's relay account, shows the numbered
/// steps with the URL and the Authorization header for Gestão Click's panel, and
/// "Verificar" sends a test event around the new channel.
async fn one_click_realtime(client: &Client) {
    click(client, "[data-nav=integracoes]").await;
    click(client, "[data-testid=change-channel]").await;
    click(client, "[data-testid=enable-realtime]").await;
    let url = wait_for_text(
        client,
        "[data-testid=realtime-webhook-url]",
        SCREEN_TIMEOUT,
        |text| text.contains("/hooks/ch_"),
    )
    .await;
    let header = wait_for_text(
        client,
        "[data-testid=webhook-header]",
        SCREEN_TIMEOUT,
        |text| text.starts_with("Bearer "),
    )
    .await;
    assert!(
        !url.contains(&header["Bearer ".len()..]),
        "the secret is in the URL: {url}"
    );
    let steps = wait_for_text(
        client,
        "[data-testid=realtime-steps]",
        SCREEN_TIMEOUT,
        |text| text.contains("No Gestão Click"),
    )
    .await;
    assert!(steps.contains("Verificar"), "{steps}");
    save_screenshot(client, "tempo-real").await;
    click(client, "[data-testid=verify-relay]").await;
    wait_for_text(
        client,
        "[data-testid=verify-result]",
        SCREEN_TIMEOUT,
        |text| text.contains("foi e voltou pelo relay"),
    )
    .await;
    wait_for_text(
        client,
        "[data-testid=realtime-summary]",
        SCREEN_TIMEOUT,
        |text| text.contains("último evento há") && text.contains("(teste da Ponte)"),
    )
    .await;
}

/// The Histórico's detail of the demo sync speaks the operator's words: a summary whose
/// categories add up to the records read, entity kinds in pt-BR, records by name with their
/// id beside, and a "Detalhe" on every line.
async fn historico_in_operator_words(client: &Client) {
    click(client, "[data-nav=historico]").await;
    click(
        client,
        "[data-testid=runs-table] tbody tr:first-child button",
    )
    .await;
    let summary = wait_for_text(
        client,
        "[data-testid=run-summary]",
        SCREEN_TIMEOUT,
        |text| text.contains("registros lidos"),
    )
    .await;
    // "N registros lidos: a criados, b atualizados, c sem mudança e d com falha."
    let counts: Vec<u64> = summary
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|part| part.chars().any(|c| c.is_ascii_digit()))
        .map(parse_count)
        .collect();
    assert!(counts.len() >= 5, "{summary}");
    assert_eq!(
        counts[0],
        counts[1..5].iter().sum::<u64>(),
        "the categories add up to the records read: {summary}"
    );
    let log = wait_for_text(client, "[data-testid=run-log]", SCREEN_TIMEOUT, |text| {
        text.contains("Plano de contas")
    })
    .await;
    assert!(!log.contains("plano_conta"), "a raw entity code: {log}");
    assert!(
        log.contains("nº ") && log.contains("novo no Ponte"),
        "{log}"
    );
    save_screenshot(client, "historico-registros").await;
}

/// Every screen and report of the synced demo fits the default window and the minimum one:
/// nothing sticks out sideways, tables scroll inside their card with the first column and
/// the totals in view, and the sidebar stays put. Pictures of each go to `target/e2e/`.
/// The window is back at its default size afterwards.
async fn every_screen_fits(client: &Client) {
    let mut problems = Vec::new();
    for size in [DEFAULT_SIZE, MINIMUM_SIZE] {
        layout::resize(client, size).await;
        problems.extend(layout::every_screen(client, size).await);
    }
    layout::resize(client, DEFAULT_SIZE).await;
    assert!(
        problems.is_empty(),
        "screens that do not fit the window:\n{}",
        problems.join("\n")
    );
}

/// Coinzz is added with a name only: Ponte opens its channel on the demo's relay and shows
/// the URL for Coinzz's panel. An order POSTed to that URL, as Coinzz would, reaches the
/// notification center and Dados (the demo emits nothing else here, so the sale is ours).
async fn add_coinzz(client: &Client) {
    click(client, "[data-nav=configuracoes]").await;
    wait_for_text(
        client,
        "[data-testid=relay-account-demo]",
        SCREEN_TIMEOUT,
        |text| text.contains("relay local"),
    )
    .await;
    click(client, "[data-nav=integracoes]").await;
    click(client, "input[name=add_provider][value=coinzz]").await;
    wait_for_text(
        client,
        "[data-testid=relay-account-url]",
        SCREEN_TIMEOUT,
        |text| text.contains("http://127.0.0.1:"),
    )
    .await;
    type_into(client, "input[name=coinzz_name]", " Loja E2E").await;
    click(client, "[data-testid=add-coinzz]").await;
    let url = wait_for_text(
        client,
        "[data-testid=coinzz-webhook-url]",
        SCREEN_TIMEOUT,
        |text| text.contains("/hooks/ch_"),
    )
    .await;
    let steps = wait_for_text(
        client,
        "[data-testid=coinzz-steps]",
        SCREEN_TIMEOUT,
        |text| text.contains("“Coinzz Loja E2E” adicionada"),
    )
    .await;
    assert!(steps.contains("não a compartilhe"), "{steps}");
    click(client, "[data-testid=copy-coinzz-url]").await;
    wait_for_text(
        client,
        "[data-testid=copied], [data-testid=copy-error]",
        SCREEN_TIMEOUT,
        |text| text.contains("URL copiada"),
    )
    .await;
    save_screenshot(client, "coinzz").await;

    let order = serde_json::json!({
        "client": { "client_name": "Cliente E2E", "client_documment": "012.345.678-90",
                    "client_phone": "(62) 95454-4554", "client_email": null },
        "order": { "order_number": "orde2e0001", "order_status": "Aprovada",
                   "shipping_status": "A enviar", "order_final_price": "1.234,56",
                   "date_order": "2026-11-23 10:00:00", "order_quantity": 1,
                   "product_name": "Produto E2E", "method_payment": "Pix",
                   "total_installments": 1, "tracking_code": null, "deleted_at": null },
        "utms": { "utm_source": "e2e" }
    });
    let status = reqwest::Client::new()
        .post(url.trim())
        .json(&order)
        .send()
        .await
        .expect("the relay answers")
        .status();
    assert_eq!(status, 200);
    click(client, "[data-nav=notificacoes]").await;
    wait_for_text(
        client,
        "[data-testid=notification]",
        SCREEN_TIMEOUT,
        |text| text.contains("nova venda"),
    )
    .await;
    click(client, "[data-nav=dados]").await;
    click(client, "[data-dataset=vendas]").await;
    type_into(client, "input[name=search]", "orde2e0001").await;
    click(client, "button[type=submit].primary").await;
    let row = wait_for_text(
        client,
        "[data-testid=dados-table] tbody",
        SCREEN_TIMEOUT,
        |text| text.contains("orde2e0001"),
    )
    .await;
    assert!(row.contains("1.234,56"), "{row}");
}

/// The DRE of the synced demo: no unclassified amount left by the default mapping, a month's
/// Lucro Líquido opening onto lançamentos that sum to it, and the three exports written
/// where the save dialog was told. Then the indicators and the other reports show.
async fn dre(client: &Client, exports: &Path) {
    click(client, "[data-nav=relatorios]").await;
    // The first month's Lucro Líquido.
    let lucro = wait_for_text(
        client,
        "[data-line=lucro_liquido] td.money",
        SCREEN_TIMEOUT,
        |text| text.contains("R$"),
    )
    .await;
    let warnings = client
        .find_all(Locator::Css("[data-testid=dre-unclassified]"))
        .await
        .expect("query the page");
    assert!(
        warnings.is_empty(),
        "the demo's DRE has unclassified amounts"
    );
    click(client, "[data-line=lucro_liquido] td.money button").await;
    let summary = wait_for_text(
        client,
        "[data-testid=dre-drill-summary]",
        SCREEN_TIMEOUT,
        |text| text.contains("somando"),
    )
    .await;
    assert!(
        summary.contains(&format!("somando {}", lucro.trim())),
        "{summary} does not add up to {lucro}"
    );
    wait_for_text(
        client,
        "[data-testid=dre-drill] [data-testid=provider-id]",
        SCREEN_TIMEOUT,
        |text| !text.trim().is_empty(),
    )
    .await;
    save_screenshot(client, "dre").await;

    for (format, magic) in [
        ("xlsx", &b"PK"[..]),
        ("pdf", &b"%PDF"[..]),
        ("csv", &b"\xEF\xBB\xBF"[..]),
    ] {
        let path = exports.join(format!("dre.{format}"));
        click(client, &format!("[data-export={format}]")).await;
        answer_save_dialog("Exportar relatório", &path);
        wait_for_text(
            client,
            "[data-testid=export-outcome]",
            SCREEN_TIMEOUT,
            |text| text.contains(&format!("dre.{format}")),
        )
        .await;
        let bytes = std::fs::read(&path).expect("the export is where the dialog was told");
        assert!(
            bytes.starts_with(magic),
            "{format} export is not a {format} file"
        );
    }
}

/// Configurações shows the folders of the `--data-dir` the app was started with, each
/// with its "Abrir pasta" button, and names no command-line option or variable. The
/// buttons are not clicked: they would open a file manager on the test's display.
async fn configuracoes_shows_its_folders(client: &Client, data_dir: &Path) {
    click(client, "[data-nav=configuracoes]").await;
    wait_for_text(
        client,
        "[data-testid=open-data-folder]",
        SCREEN_TIMEOUT,
        |text| text == "Abrir pasta de dados",
    )
    .await;
    wait_for_text(
        client,
        "[data-testid=open-logs-folder]",
        SCREEN_TIMEOUT,
        |text| text == "Abrir pasta de logs",
    )
    .await;
    for (testid, folder) in [
        ("data-dir", data_dir.to_path_buf()),
        ("logs-dir", data_dir.join("logs")),
    ] {
        let shown = client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await
            .expect("the folder's field")
            .prop("value")
            .await
            .expect("its value");
        assert_eq!(shown.map(PathBuf::from), Some(folder.clone()), "{testid}");
        assert!(folder.is_dir(), "{} does not exist", folder.display());
    }
    let screen = wait_for_text(client, "main", SCREEN_TIMEOUT, |_| true).await;
    assert!(
        !screen.contains("--data-dir") && !screen.contains("PONTE_"),
        "Configurações names an option or a variable: {screen}"
    );
}

/// Sobre names the running build as `ponte-desktop --version` does (version, commit, build
/// date in dd/mm/aaaa) and lists the bundled libraries' licences.
async fn sobre_names_this_build(client: &Client) {
    click(client, "[data-nav=sobre]").await;
    let version = wait_for_text(
        client,
        "[data-testid=about-version]",
        SCREEN_TIMEOUT,
        |text| !text.is_empty(),
    )
    .await;
    assert!(
        version.starts_with(env!("CARGO_PKG_VERSION")),
        "Sobre shows version {version:?}"
    );
    let text = |testid: &'static str| async move {
        client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await
            .unwrap_or_else(|error| panic!("{testid}: {error}"))
            .text()
            .await
            .unwrap_or_else(|error| panic!("{testid}: {error}"))
    };
    let output = std::process::Command::new(bin("ponte-desktop"))
        .arg("--version")
        .output()
        .expect("ponte-desktop --version");
    let line = String::from_utf8_lossy(&output.stdout).into_owned();
    let commit = text("about-commit").await;
    assert!(
        line.contains(&format!("(commit {commit}, ")),
        "{line} vs {commit}"
    );
    let date = text("about-build-date").await;
    let (day, month_year) = date.split_once('/').expect("dd/mm/aaaa");
    let (month, year) = month_year.split_once('/').expect("dd/mm/aaaa");
    assert!(
        line.contains(&format!("compilado em {year}-{month}-{day})")),
        "{line} vs {date}"
    );
    let groups = client
        .find_all(Locator::Css("[data-testid=license-group]"))
        .await
        .expect("licence groups");
    assert!(!groups.is_empty(), "Sobre lists no licences");
    save_screenshot(client, "sobre").await;
}

/// Configurações › Backups: "Fazer backup agora" lists a new, verified manual backup
/// first, with today's date in São Paulo. "Restaurar" on it verifies it and shows what it
/// holds in a confirmation whose focus is on Cancelar; Cancelar changes nothing. The
/// restore is not confirmed here: the app then restarts itself as a new process that
/// WebDriver does not drive, which ends this session (Vitest covers the confirmed restore
/// and its undo; `crates/core/tests/restore.rs` the restore itself).
async fn backup_now_is_listed(client: &Client) {
    click(client, "[data-nav=configuracoes]").await;
    // São Paulo keeps UTC-3 all year (no daylight saving time since 2019); read before and
    // after the click, in case the backup is taken as the day turns.
    let sao_paulo_today = || {
        (chrono::Utc::now() - chrono::TimeDelta::hours(3))
            .format("%d/%m/%Y")
            .to_string()
    };
    let day_before = sao_paulo_today();
    click(client, "[data-testid=create-backup]").await;
    wait_for_text(
        client,
        "[data-testid=backup-done]",
        SCREEN_TIMEOUT,
        |text| text.contains("Backup feito e verificado em"),
    )
    .await;
    let days = [day_before, sao_paulo_today()];
    let first_row = wait_for_text(client, "[data-testid=backup-row]", SCREEN_TIMEOUT, |text| {
        text.contains("manual")
    })
    .await;
    assert!(
        days.iter().any(|day| first_row.contains(day.as_str())),
        "the new backup's row does not show today ({days:?}): {first_row}"
    );
    assert!(first_row.contains("✓ verificado"), "{first_row}");

    click(
        client,
        "[data-testid=backup-row] [data-testid=restore-backup]",
    )
    .await;
    let preview = wait_for_text(
        client,
        "[data-testid=restore-preview]",
        SCREEN_TIMEOUT,
        |text| text.contains("manual"),
    )
    .await;
    assert!(
        days.iter().any(|day| preview.contains(day.as_str())) && preview.contains("Vendas"),
        "{preview}"
    );
    save_screenshot(client, "restaurar-confirmacao").await;
    let focused = client
        .execute(
            "return document.activeElement.textContent.trim();",
            Vec::new(),
        )
        .await
        .expect("the focused element");
    assert_eq!(focused.as_str(), Some("Cancelar"));
    click(client, "[data-testid=restore-cancel]").await;
    let open = client
        .execute(
            "return document.querySelector('[data-testid=restore-confirm]').open;",
            Vec::new(),
        )
        .await
        .expect("the dialog's state");
    assert_eq!(open.as_bool(), Some(false), "Cancelar left the dialog open");
}

/// Configurações' Registros: the viewer opens with the log's lines, the text filter
/// ignores case and accents, and a line another program appends to its log appears live
/// at the top, with its level in pt-BR. "Fechar registros" closes it (and its follow).
async fn registros_follow_the_logs_live(client: &Client, data_dir: &Path) {
    click(client, "[data-nav=configuracoes]").await;
    click(client, "[data-testid=toggle-logs]").await;
    wait_for_text(client, "[data-testid=log-lines]", SCREEN_TIMEOUT, |text| {
        text.contains("ponte-desktop")
    })
    .await;
    // As the operator sees it on opening (typing below scrolls the window).
    save_screenshot(client, "registros").await;
    type_into(client, "input[name=log-text]", "REGISTRO DE TESTE").await;
    wait_for_text(client, "[data-testid=logs-empty]", SCREEN_TIMEOUT, |text| {
        text.contains("Nenhuma linha")
    })
    .await;
    let now = chrono::Utc::now();
    let file = data_dir
        .join("logs")
        .join(format!("ponte-cli.{}.log", now.format("%Y-%m-%d")));
    let line = format!(
        "{}  WARN ponte: registro de teste do e2e, com acentuação\n",
        now.format("%Y-%m-%dT%H:%M:%S%.6fZ")
    );
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|mut log| std::io::Write::write_all(&mut log, line.as_bytes()))
        .expect("a line appended to the CLI's log");
    let row = wait_for_text(
        client,
        "[data-testid=log-lines] tbody tr",
        SCREEN_TIMEOUT,
        |text| text.contains("registro de teste do e2e"),
    )
    .await;
    assert!(row.contains("aviso") && row.contains("ponte-cli"), "{row}");
    click(client, "[data-testid=toggle-logs]").await;
}

/// The DRE exported from the window says on its page when it was made, in São Paulo's
/// dd/mm/aaaa hh:mm (read back with poppler's `pdftotext`).
fn the_pdf_says_when_it_was_made(pdf: &Path) {
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&output.stdout);
    let stamp = text
        .split("Gerado em ")
        .nth(1)
        .map(|rest| rest.chars().take(16).collect::<String>())
        .unwrap_or_else(|| panic!("no \"Gerado em\" in the PDF:\n{text}"));
    let shape: String = stamp
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(shape, "99/99/9999 99:99", "{stamp}");
}

/// A date preset on the DRE sets its period: "Mês passado" leaves one column, last month
/// in São Paulo (the demo's data covers the 12 months to today, so that month has a Lucro
/// Líquido), and "Últimos 12 meses" brings back the twelve, this month last.
async fn a_date_preset_changes_the_dres_period(client: &Client) {
    click(client, "[data-nav=relatorios]").await;
    click(client, "[data-tab=dre]").await;
    // São Paulo keeps UTC-3 all year (no daylight saving time since 2019).
    let today = (chrono::Utc::now() - chrono::TimeDelta::hours(3)).date_naive();
    let label = |offset: i32| {
        let index = today.year() * 12 + today.month0() as i32 + offset;
        format!(
            "{:02}/{:04}",
            index.rem_euclid(12) + 1,
            index.div_euclid(12)
        )
    };
    let months_in = |header: &str| header.matches('/').count();

    click(client, "[data-preset=last_month]").await;
    let header = wait_for_text(
        client,
        "[data-testid=dre-table] thead",
        SCREEN_TIMEOUT,
        |text| months_in(text) == 1,
    )
    .await;
    assert!(header.contains(&label(-1)), "{header} is not {}", label(-1));
    wait_for_text(
        client,
        "[data-line=lucro_liquido] td.money",
        SCREEN_TIMEOUT,
        |text| text.contains("R$"),
    )
    .await;
    save_screenshot(client, "dre-mes-passado").await;

    click(client, "[data-preset=last_twelve_months]").await;
    let header = wait_for_text(
        client,
        "[data-testid=dre-table] thead",
        SCREEN_TIMEOUT,
        |text| months_in(text) == 12,
    )
    .await;
    assert!(
        header.contains(&label(-11)) && header.contains(&label(0)),
        "{header} is not {} to {}",
        label(-11),
        label(0)
    );
}

/// Screenshots land next to the binaries (`target/debug/e2e/`), for a failure's autopsy
/// and for the README.
/// Sorting a Dados column: a click on "Nome" sorts the clientes A→Z, a second Z→A, in
/// pt-BR order (accents and case aside: "Álvaro" among the a's); a click on "Valor" sorts
/// the lançamentos by amount, not as text. Read from the page's first rows.
async fn sorting_a_dados_column(client: &Client) {
    // A cell's text per row (the first 30), names folded as the core folds them.
    const NAMES: &str =
        "return [...document.querySelectorAll('[data-testid=dados-table] tbody tr')]
        .slice(0, 30).map((row) => row.cells[0].textContent.trim().normalize('NFD')
        .replace(/\\p{M}/gu, '').toLocaleLowerCase('pt-BR'));";
    const AMOUNTS: &str =
        "return [...document.querySelectorAll('[data-testid=dados-table] tbody tr')]
        .slice(0, 30).map((row) => row.querySelector('td.money').textContent.trim());";

    click(client, "[data-dataset=clientes]").await;
    click(client, "[data-sort=nome]").await;
    wait_for_text(client, "th[aria-sort=ascending]", SCREEN_TIMEOUT, |text| {
        text.contains("Nome")
    })
    .await;
    let up = rows_until(client, NAMES, |names| names.is_sorted()).await;
    click(client, "[data-sort=nome]").await;
    let down = rows_until(client, NAMES, |names| {
        names.len() > 1 && names.is_sorted_by(|a, b| a >= b) && names.first() != up.first()
    })
    .await;
    assert!(down.first() > up.first(), "{up:?} then {down:?}");

    click(client, "[data-dataset=lancamentos]").await;
    click(client, "[data-sort=valor]").await;
    let amounts = rows_until(client, AMOUNTS, |amounts| {
        amounts.len() > 1 && amounts.iter().map(|a| centavos(a)).is_sorted()
    })
    .await;
    assert!(
        centavos(&amounts[0]) < centavos(&amounts[amounts.len() - 1]),
        "{amounts:?}"
    );
    save_screenshot(client, "dados-ordenado").await;
}

/// Polls `script` (which returns the first rows' texts) until `accept` takes them.
async fn rows_until(
    client: &Client,
    script: &str,
    accept: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    loop {
        let rows: Vec<String> = client
            .execute(script, vec![])
            .await
            .ok()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default();
        if !rows.is_empty() && accept(&rows) {
            return rows;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the table's rows never came in the order asked for: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// "R$ 1.234,56" → 123456; "-R$ 9,90" → -990.
fn centavos(money: &str) -> i64 {
    let digits: String = money.chars().filter(char::is_ascii_digit).collect();
    let value: i64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("not money: {money}"));
    if money.starts_with('-') {
        -value
    } else {
        value
    }
}

async fn save_screenshot(client: &Client, name: &str) {
    let dir = bin("ponte-desktop")
        .parent()
        .map(|bin_dir| bin_dir.join("e2e"))
        .expect("target dir");
    let saved = match screenshot(client).await {
        Ok(png) => std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join(format!("{name}.png")), png))
            .map_err(|error| error.to_string()),
        Err(error) => Err(error),
    };
    if let Err(error) = saved {
        eprintln!(
            "screenshot {name} not saved in {}: {error}",
            Path::new(&dir).display()
        );
    }
}
