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
//! it shows reaches Dados.

use fantoccini::Client;
use fantoccini::Locator;
use ponte_e2e::bin;
use ponte_e2e::desktop::{
    TauriDriver, answer_save_dialog, click, enabled, parse_count, screenshot, type_into,
    wait_for_text,
};
use ponte_sandbox::{DatasetSummary, Sandbox, SandboxConfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

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

    dre(&client, &exports).await;

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
    click(&client, "details summary").await;
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

/// Screenshots land next to the binaries (`target/debug/e2e/`), for a failure's autopsy
/// and for the README.
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
