//! The IPC commands through the app's own handler on Tauri's mock runtime, over a real
//! SQLite store and a sandbox on loopback: JSON in, JSON out, and errors as
//! `{code, message}` with the message in pt-BR.

use crate::support;

use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::providers::{coinzz, gestaoclick};
use ponte_core::store::{IntegrationSettings, NewIntegration, RelayChannel, RelayEvent};
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::AppState;
use ponte_sandbox::{RunningSandbox, Sandbox, SandboxConfig, Scale};
use ponte_webhooks::AuthMode;
use serde_json::{Value, json};
use std::time::Duration;
use support::{invoke_err, invoke_ok, mock_app, runtime};
use tauri::test::MockRuntime;
use tauri::{App, Manager, WebviewWindow};
use tempfile::TempDir;
use tokio::runtime::Runtime;

struct Shell {
    // Dropped in this order: the window and app before the runtime their tasks run on.
    window: WebviewWindow<MockRuntime>,
    app: App<MockRuntime>,
    sandbox: RunningSandbox,
    runtime: Runtime,
    _dir: TempDir,
}

/// A core over a temp dir, a sandbox, and the mock app with the real handler. With
/// `demo_integration`, one integration points at the sandbox, its tokens held in memory
/// as demo mode holds them (the keyring has its own test below).
fn shell(credentials: CredentialStore, demo_integration: bool) -> Shell {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = SandboxConfig::new(7, Scale::Small);
    config.enforce_limits = false;
    let (core, sandbox) = runtime.block_on(async {
        let sandbox = Sandbox::start(config.clone(), "127.0.0.1:0".parse().expect("addr"))
            .await
            .expect("sandbox starts");
        let core = Core::open(CoreOptions {
            data_dir: dir.path().to_path_buf(),
            credentials,
        })
        .await
        .expect("core opens");
        if demo_integration {
            let integration = core
                .integrations()
                .add(
                    NewIntegration {
                        provider: gestaoclick::KIND,
                        name: "Gestão Click (demonstração)".into(),
                        base_url: sandbox.base_url(),
                        settings: IntegrationSettings::default(),
                        schedule_interval_minutes: Some(10),
                    },
                    None,
                )
                .await
                .expect("integration added");
            let tokens =
                Credentials::new(&config.access_token, &config.secret_token).expect("tokens");
            core.sync()
                .credentials()
                .hold_in_memory(&integration, tokens);
        }
        (core, sandbox)
    });
    let (app, window) = mock_app(core, dir.path(), demo_integration);
    Shell {
        window,
        app,
        sandbox,
        runtime,
        _dir: dir,
    }
}

impl Shell {
    fn ok(&self, command: &str, args: Value) -> Value {
        invoke_ok(&self.window, command, args)
    }

    fn err(&self, command: &str, args: Value) -> Value {
        invoke_err(&self.window, command, args)
    }

    fn core(&self) -> &Core {
        &self.app.state::<AppState>().inner().core
    }

    /// Waits for the integration's run to end, as the Painel does through events.
    fn wait_for_run(&self, integration_id: i64) {
        let handle = self.core().sync().running(integration_id);
        if let Some(handle) = handle {
            self.runtime
                .block_on(async {
                    tokio::time::timeout(Duration::from_secs(120), handle.wait()).await
                })
                .expect("the run ends");
        }
    }

    /// As the app's exit does: the core's tasks stop and its pool closes.
    fn shut_down(self) {
        let Shell {
            window,
            app,
            sandbox,
            runtime,
            _dir,
        } = self;
        runtime.block_on(async {
            app.state::<AppState>().core.shutdown().await;
            sandbox.shutdown().await;
        });
        drop(window);
        drop(app);
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
fn sync_now_fills_the_painel_and_dados() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), true);
    let cards = shell.ok("overview", json!({}));
    assert_eq!(cards.as_array().expect("cards").len(), 1);
    // Nothing pulled yet: the Painel does not call that "OK".
    assert_eq!(cards[0]["state"], "never_synced");
    assert_eq!(cards[0]["integration"]["realtime_only"], false);
    assert!(cards[0]["last_run"].is_null());
    let id = cards[0]["integration"]["id"].as_i64().expect("id");

    let run_id = shell.ok("sync_now", json!({ "integrationId": id }));
    // A second click while the run goes returns the same run.
    let again = shell.ok("sync_now", json!({ "integrationId": id }));
    assert_eq!(run_id, again);
    shell.wait_for_run(id);

    let cards = shell.ok("overview", json!({}));
    let card = &cards[0];
    assert_eq!(card["state"], "ok", "{card}");
    assert_eq!(card["last_run"]["id"], run_id);
    assert_eq!(card["last_run"]["outcome"], "succeeded");
    assert!(card["next_sync_at"].is_string(), "{card}");
    assert!(card["requests_today"].as_i64().expect("requests") > 0);

    let summary = shell.sandbox.handle().summary();
    let page = shell.ok(
        "browse",
        json!({ "dataset": "vendas", "filter": {}, "page": 0, "pageSize": 25 }),
    );
    assert_eq!(
        page["matching"].as_u64(),
        Some(summary.entities["vendas"].count)
    );
    assert_eq!(page["rows"]["dataset"], "vendas");
    assert_eq!(page["rows"]["items"].as_array().expect("rows").len(), 25);
    // Gestão Click's vendas have no Coinzz columns.
    assert!(page["rows"]["items"][0]["coinzz"].is_null(), "{page}");
    let titles = summary.entities["recebimentos"].count + summary.entities["pagamentos"].count;
    let page = shell.ok(
        "browse",
        json!({ "dataset": "lancamentos", "filter": {}, "page": 0, "pageSize": 25 }),
    );
    assert_eq!(page["matching"].as_u64(), Some(titles));

    let runs = shell.ok("list_runs", json!({ "integrationId": id, "limit": 10 }));
    assert_eq!(runs[0]["id"], run_id);
    let detail = shell.ok("run_detail", json!({ "runId": run_id }));
    assert_eq!(detail["run"]["id"], run_id);

    // The run's changes are in the notification center, linked to it, until read.
    let notifications = shell.ok("list_notifications", json!({ "level": "success" }));
    assert_eq!(notifications[0]["sync_run_id"], run_id, "{notifications}");
    assert!(
        notifications[0]["body"]
            .as_str()
            .expect("body")
            .contains("criados")
    );
    assert_eq!(shell.ok("unread_notifications", json!({})), json!(1));
    let id = notifications[0]["id"].clone();
    shell.ok("mark_notification_read", json!({ "id": id }));
    assert_eq!(shell.ok("unread_notifications", json!({})), json!(0));
    shell.shut_down();
}

/// A Coinzz order as its webhook sends it (the core's own tests cover every quirk).
fn coinzz_order(order_number: &str) -> Value {
    json!({
        "client": { "client_name": "Maria Exemplo", "client_documment": "012.345.678-90",
                    "client_phone": "+55 74900000000", "client_email": null },
        "order": { "order_number": order_number, "date_order": "2025-09-24 18:44:06",
                   "order_status": "Aguardando envio", "shipping_status": "Enviado",
                   "tracking_code": "BR123456789", "order_quantity": 1,
                   "product_name": "Derma Natural", "order_final_price": "397.00",
                   "method_payment": "Venda pós-paga", "deleted_at": null },
        "utms": { "utm_source": "facebook", "utm_medium": "cpc", "utm_campaign": null,
                  "utm_content": null, "utm_term": null }
    })
}

#[test]
fn a_coinzz_card_says_real_time_and_dados_shows_its_status_and_utms() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), false);
    let integration = shell.runtime.block_on(async {
        let core = shell.core();
        let integration = core
            .integrations()
            .add(
                NewIntegration {
                    provider: coinzz::KIND,
                    name: "Coinzz Loja".into(),
                    base_url: String::new(),
                    settings: IntegrationSettings::default(),
                    schedule_interval_minutes: None,
                },
                None,
            )
            .await
            .expect("integration added");
        let body = serde_json::to_vec(&coinzz_order("ORDIPC1")).expect("json");
        let decoded = ponte_core::providers::coinzz::webhooks::decode(&body);
        let event = RelayEvent {
            seq: 1,
            event_id: decoded.event_id.expect("an id from the state"),
            event_type: decoded.event_type,
            received_at: "2026-11-23T12:00:00Z".into(),
        };
        let channel = RelayChannel {
            integration_id: integration.id,
            relay_url: "http://127.0.0.1:1".into(),
            channel: "ch_ipc".into(),
            auth_mode: AuthMode::UrlToken,
            cursor: 0,
        };
        core.store()
            .apply_relay_events(&channel, &coinzz::KIND, &[(event, decoded.effect)])
            .await
            .expect("applied");
        integration
    });

    let cards = shell.ok("overview", json!({}));
    let card = &cards[0];
    assert_eq!(card["integration"]["realtime_only"], true, "{card}");
    assert!(card["next_sync_at"].is_null(), "{card}");
    assert_eq!(card["last_event"]["event_type"], "order", "{card}");
    assert!(card["last_event"]["applied_at"].is_string(), "{card}");
    // Pressed anyway, "Sincronizar Agora" explains rather than failing a run.
    let error = shell.err("sync_now", json!({ "integrationId": integration.id }));
    assert_error(&error, "realtime_only", "tempo real");
    assert_eq!(
        shell.ok(
            "list_runs",
            json!({ "integrationId": integration.id, "limit": 5 })
        ),
        json!([])
    );

    let page = shell.ok(
        "browse",
        json!({ "dataset": "vendas", "filter": { "integration_id": integration.id }, "page": 1, "pageSize": 50 }),
    );
    let coinzz = &page["rows"]["items"][0]["coinzz"];
    assert_eq!(coinzz["order_status"], "aguardando_envio", "{page}");
    assert_eq!(coinzz["order_status_raw"], "Aguardando envio");
    assert_eq!(coinzz["tracking_code"], "BR123456789");
    assert_eq!(coinzz["utm_medium"], "cpc");
    shell.shut_down();
}

#[test]
fn errors_cross_as_code_and_pt_br_message() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), false);
    let wrong = json!({
        "name": "Loja errada",
        "access_token": "nao-e-o-token",
        "secret_access_token": "tambem-nao",
        "base_url": shell.sandbox.base_url(),
    });
    let error = shell.err("test_draft", json!({ "draft": wrong }));
    assert_error(&error, "invalid_credentials", "inválid");
    // The provisional row of the test is gone.
    assert_eq!(shell.ok("list_integrations", json!({})), json!([]));

    let unnamed = json!({
        "name": "  ",
        "access_token": "a",
        "secret_access_token": "b",
        "base_url": null,
    });
    assert_error(
        &shell.err("add_integration", json!({ "draft": unnamed })),
        "invalid_input",
        "nome",
    );

    let error = shell.err("sync_now", json!({ "integrationId": 999 }));
    assert_error(&error, "integration_not_found", "Integrações");
    let error = shell.err("remove_integration", json!({ "integrationId": 999 }));
    assert_eq!(error["code"], "integration_not_found");
    shell.shut_down();
}

#[test]
fn close_to_tray_is_on_until_turned_off() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), false);
    assert_eq!(shell.ok("preferences", json!({}))["close_to_tray"], true);
    shell.ok("set_close_to_tray", json!({ "enabled": false }));
    assert_eq!(shell.ok("preferences", json!({}))["close_to_tray"], false);
    let info = shell.ok("app_info", json!({}));
    assert_eq!(info["demo"], false);
    shell.shut_down();
}

/// Adding an integration files its tokens in the real keyring (a throwaway gnome-keyring
/// under `./dev test`); no answer carries them back.
#[test]
fn added_tokens_go_to_the_keyring_and_never_come_back() {
    if std::env::var("PONTE_KEYRING_TESTS").as_deref() != Ok("1") {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the keyring tests: use ./dev test"
        );
        eprintln!("keyring test skipped: run it with ./dev test");
        return;
    }
    let shell = shell(
        CredentialStore::with_service("ponte-commands-keyring-test"),
        false,
    );
    let config = SandboxConfig::new(7, Scale::Small);
    let draft = json!({
        "name": "Matriz",
        "access_token": config.access_token,
        "secret_access_token": config.secret_token,
        "base_url": shell.sandbox.base_url(),
    });
    let tested = shell.ok("test_draft", json!({ "draft": draft }));
    assert!(
        !tested["lojas"].as_array().expect("lojas").is_empty(),
        "{tested}"
    );
    let added = shell.ok("add_integration", json!({ "draft": draft }));
    let id = added["id"].as_i64().expect("id");
    let checked = shell.ok("check_connection", json!({ "integrationId": id }));
    assert!(checked["message"].is_string());
    let answers = [
        added,
        shell.ok("list_integrations", json!({})),
        shell.ok("overview", json!({})),
    ];
    for answer in answers {
        let text = answer.to_string();
        assert!(!text.contains(&config.access_token) && !text.contains(&config.secret_token));
    }
    shell.ok("remove_integration", json!({ "integrationId": id }));
    assert_eq!(shell.ok("list_integrations", json!({})), json!([]));
    shell.shut_down();
}

#[test]
fn reports_answer_over_ipc_and_refuse_bad_periods_and_paths_in_pt_br() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), false);
    let dre = |from: &str, to: &str| {
        json!({ "query": {
            "from": from, "to": to, "basis": "competencia", "comparison": "previous_period",
            "filters": { "integration_id": null, "loja": null, "centro_custo": null,
                         "include_money_moves": false },
        }})
    };
    let empty = shell.ok("dre", dre("2026-01", "2026-03"));
    assert_eq!(empty["months"], json!(["2026-01", "2026-02", "2026-03"]));
    assert_error(
        &shell.err("dre", dre("2024-01", "2026-01")),
        "invalid_input",
        "escolha de 1 a 24 meses",
    );

    let aging = json!({ "request": { "report": "aging", "query": {
        "side": "receber", "as_of": "2026-11-23",
        "scope": { "integration_id": null, "loja": null, "centro_custo": null },
    }}});
    let table = shell.ok("report_table", aging.clone());
    assert_eq!(table["columns"][1], "A vencer");

    let dir = tempfile::tempdir().expect("temp dir");
    let nowhere = dir.path().join("não-existe").join("aging.csv");
    let mut export = aging;
    export["format"] = json!("csv");
    export["path"] = json!(nowhere);
    assert_error(
        &shell.err("export_report", export.clone()),
        "write_file",
        "Escolha outra pasta",
    );
    let file = dir.path().join("aging.pdf");
    export["format"] = json!("pdf");
    export["path"] = json!(file);
    shell.ok("export_report", export);
    assert!(std::fs::read(&file).expect("written").starts_with(b"%PDF"));
    shell.shut_down();
}

/// The lançamento of `page` whose id is `id`.
fn row_by_id(page: &Value, id: &Value) -> Value {
    page["rows"]["items"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| &row["id"] == id)
        .cloned()
        .expect("the lançamento is on the page")
}

/// Corrigir na origem over IPC: refused while "Permitir alterações" is off, then queued
/// (Dados shows it "pendente de envio"), listed and counted, and discarded. No sender runs
/// here, so the change stays queued until the operator acts.
#[test]
fn writeback_queues_lists_and_discards_over_ipc() {
    let shell = shell(CredentialStore::with_service("ponte-commands-test"), true);
    let cards = shell.ok("overview", json!({}));
    let integration_id = cards[0]["integration"]["id"].clone();
    shell.ok("sync_now", json!({ "integrationId": integration_id }));
    shell.wait_for_run(integration_id.as_i64().expect("id"));

    let open = json!({ "liquidado": false });
    let browse = json!({ "dataset": "lancamentos", "filter": open, "page": 1, "pageSize": 5 });
    let page = shell.ok("browse", browse.clone());
    let row = &page["rows"]["items"][0];
    let lancamento_id = row["id"].clone();
    assert_eq!(row["integration_id"], integration_id, "{row}");
    assert!(row["envio"].is_null(), "{row}");
    let planos = shell.ok(
        "reference_options",
        json!({ "kind": "plano_conta", "integrationId": integration_id }),
    );
    let plano = planos[0]["external_id"].clone();
    let request = json!({ "request": {
        "lancamento_ids": [lancamento_id],
        "change": { "operacao": "reclassificar", "plano_contas_id": plano, "centro_custo_id": null },
        "priority": null,
    }});

    let refused = shell.err("writeback_request", request.clone());
    assert_error(&refused, "writes_disabled", "Permitir alterações");

    shell.ok(
        "set_allow_writes",
        json!({ "integrationId": integration_id, "allowed": true }),
    );
    let integrations = shell.ok("list_integrations", json!({}));
    assert_eq!(
        integrations[0]["settings"]["allow_writes"], true,
        "{integrations}"
    );
    let ids = shell.ok("writeback_request", request);
    let outbox_id = ids[0].clone();
    assert_eq!(ids.as_array().expect("ids").len(), 1);

    let page = shell.ok("browse", browse.clone());
    assert_eq!(row_by_id(&page, &lancamento_id)["envio"], "pending");
    let counts = shell.ok("writeback_counts", json!({}));
    assert_eq!(counts["pending"], 1, "{counts}");
    let items = shell.ok(
        "writeback_items",
        json!({ "filter": { "states": ["pending"], "integration_id": null, "limit": null } }),
    );
    assert_eq!(items[0]["id"], outbox_id, "{items}");
    assert_eq!(items[0]["lancamento_id"], lancamento_id);
    assert_eq!(items[0]["operation"], "reclassificar");

    // Only a failed change is tried again, only a conflict resolved.
    let refused = shell.err("writeback_retry", json!({ "id": outbox_id }));
    assert_eq!(refused["code"], "outbox_item_state", "{refused}");
    let refused = shell.err(
        "writeback_resolve",
        json!({ "id": outbox_id, "choice": "apply_again" }),
    );
    assert_eq!(refused["code"], "outbox_item_state", "{refused}");

    shell.ok("writeback_discard", json!({ "id": outbox_id }));
    let counts = shell.ok("writeback_counts", json!({}));
    assert_eq!(counts["pending"], 0, "{counts}");
    let page = shell.ok("browse", browse);
    assert!(row_by_id(&page, &lancamento_id)["envio"].is_null());
    shell.shut_down();
}
