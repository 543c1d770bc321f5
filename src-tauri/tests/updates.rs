//! The updater end to end over loopback: a real HTTP server on 127.0.0.1 serves feeds
//! (`latest.json`) and packages signed in the test with minisign keys made here, the way
//! Tauri's signer signs them (the version in the trusted comment). The app is the real
//! handler and the real updater plugin on Tauri's mock runtime, with the test's public key
//! in its config. Nothing is installed: the mock app is not a packaged copy, and `install`
//! says so after verifying (the install itself is dpkg's, under pkexec).

use crate::support;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use minisign::{KeyPair, SecretKey};
use ponte_core::credentials::CredentialStore;
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::AppState;
use ponte_desktop::updates::Updates;
use serde_json::{Value, json};
use std::io::Cursor;
use support::{invoke, invoke_ok, mock_app_with, runtime};
use tauri::test::{MockRuntime, mock_context, noop_assets};
use tauri::{App, Manager, WebviewWindow};
use tempfile::TempDir;
use tokio::runtime::Runtime;

/// The installed version the mock app reports.
const INSTALLED: &str = "0.1.0";
const PACKAGE: &[u8] =
    b"!<arch>\ndebian-binary   a Ponte 0.2.0 package, as far as the updater can tell";

/// One key pair, as `cargo tauri signer generate` makes (base64 of minisign's text boxes).
struct Signer {
    public: String,
    secret: SecretKey,
}

impl Signer {
    fn new() -> Signer {
        let KeyPair { pk, sk } = KeyPair::generate_unencrypted_keypair().expect("key pair");
        Signer {
            public: BASE64.encode(pk.to_box().expect("public key box").to_string()),
            secret: sk,
        }
    }

    /// A `.sig` file's content, bound to `version` as the Tauri CLI binds it.
    fn sign(&self, data: &[u8], version: &str) -> String {
        let trusted =
            format!("timestamp:1765000000\tfile:ponte_{version}_amd64.deb\tversion:{version}");
        let signature = minisign::sign(None, &self.secret, Cursor::new(data), Some(&trusted), None)
            .expect("signature");
        BASE64.encode(signature.to_string())
    }
}

/// A feed with one release for this platform.
fn feed(version: &str, package_url: &str, signature: &str) -> Value {
    let target = tauri_plugin_updater::target().expect("a platform the updater knows");
    json!({
        "version": version,
        "notes": format!("Ponte {version}: relatórios mais rápidos."),
        "pub_date": "2026-12-01T12:00:00Z",
        "platforms": { target: { "url": package_url, "signature": signature } }
    })
}

/// The loopback server: `/{name}/latest.json` and `/{name}/package`, one pair per scenario.
struct Server {
    base: String,
    listener: tokio::net::TcpListener,
    router: Router,
}

impl Server {
    fn bind(runtime: &Runtime) -> Server {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        Server {
            base,
            listener,
            router: Router::new(),
        }
    }

    fn feed_url(&self, name: &str) -> String {
        format!("{}/{name}/latest.json", self.base)
    }

    fn package_url(&self, name: &str) -> String {
        format!("{}/{name}/package", self.base)
    }

    fn scenario(mut self, name: &str, feed: Value, package: &'static [u8]) -> Server {
        self.router = self
            .router
            .route(
                &format!("/{name}/latest.json"),
                get(move || async move { axum::Json(feed) }),
            )
            .route(
                &format!("/{name}/package"),
                get(move || async move { (StatusCode::OK, package).into_response() }),
            );
        self
    }

    /// Serves until the runtime stops.
    fn start(self, runtime: &Runtime) {
        let Server {
            listener, router, ..
        } = self;
        runtime.spawn(async move { axum::serve(listener, router).await });
    }
}

struct Shell {
    // Dropped in this order: the window and app before the runtime their tasks run on.
    window: WebviewWindow<MockRuntime>,
    app: App<MockRuntime>,
    runtime: Runtime,
    _dir: TempDir,
}

/// The app with the updater plugin trusting `pubkey`, reading the feed at `feed_url`
/// (as `PONTE_UPDATE_FEED` would make it).
fn shell(runtime: Runtime, pubkey: &str, feed_url: String) -> Shell {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = runtime
        .block_on(Core::open(CoreOptions {
            data_dir: dir.path().to_path_buf(),
            credentials: CredentialStore::with_service("ponte-updates-test"),
        }))
        .expect("core opens");
    let mut context = mock_context(noop_assets());
    context.package_info_mut().version = INSTALLED.parse().expect("version");
    context.config_mut().plugins.0.insert(
        "updater".into(),
        json!({
            "pubkey": pubkey,
            "endpoints": ["https://atualizacoes.invalid/{{target}}/{{arch}}/latest.json"],
            "requireSignedVersion": true
        }),
    );
    let (app, window) = mock_app_with(core, dir.path(), false, context, |builder| {
        builder
            .plugin(tauri_plugin_updater::Builder::new().build())
            .manage(Updates::new(Some(feed_url)))
    });
    Shell {
        window,
        app,
        runtime,
        _dir: dir,
    }
}

impl Shell {
    fn check(&self) -> Result<Value, Value> {
        invoke(&self.window, "update_check", json!({}))
    }

    fn download_and_verify(&self) -> Result<Value, String> {
        let updates = self.app.state::<Updates>();
        self.runtime
            .block_on(updates.download_and_verify())
            .map(|offer| serde_json::to_value(offer).expect("offer as JSON"))
            .map_err(|error| format!("{}: {}", error.code, error.message))
    }

    fn backups(&self) -> usize {
        self.app
            .state::<AppState>()
            .core
            .backups()
            .list()
            .expect("backups listed")
            .len()
    }
}

/// The feed at `name` on a started server, and the app reading it.
fn shell_on(name: &str, pubkey: &str, scenario: impl FnOnce(&Server) -> Value) -> Shell {
    let runtime = runtime();
    let server = Server::bind(&runtime);
    let feed = scenario(&server);
    let feed_url = server.feed_url(name);
    server.scenario(name, feed, PACKAGE).start(&runtime);
    shell(runtime, pubkey, feed_url)
}

#[test]
fn a_newer_signed_version_is_offered_downloaded_and_verified() {
    let signer = Signer::new();
    let shell = shell_on("nova", &signer.public, |server| {
        feed(
            "0.2.0",
            &server.package_url("nova"),
            &signer.sign(PACKAGE, "0.2.0"),
        )
    });

    let offer = shell.check().expect("the check succeeds");
    assert_eq!(offer["version"], "0.2.0");
    assert_eq!(offer["installed_version"], INSTALLED);
    assert_eq!(offer["notes"], "Ponte 0.2.0: relatórios mais rápidos.");
    assert_eq!(offer["pub_date"], "2026-12-01T12:00:00Z");

    let verified = shell.download_and_verify().expect("the package verifies");
    assert_eq!(verified, offer);

    // "Instalar e reiniciar" in a copy that no package installed: refused after verifying,
    // before any backup is taken or anything is stopped.
    let refused = invoke(&shell.window, "update_install", json!({})).expect_err("not packaged");
    assert_eq!(refused["code"], "update_not_ready");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("não foi instalada por um pacote"),
        "{refused}"
    );
    assert_eq!(shell.backups(), 0);
}

#[test]
fn a_tampered_package_is_refused_with_the_reason() {
    let signer = Signer::new();
    let shell = shell_on("adulterada", &signer.public, |server| {
        let signed_for_something_else =
            signer.sign(b"the package that was really released", "0.2.0");
        feed(
            "0.2.0",
            &server.package_url("adulterada"),
            &signed_for_something_else,
        )
    });

    assert_eq!(shell.check().expect("offered")["version"], "0.2.0");
    let refused = shell.download_and_verify().expect_err("refused");
    assert_eq!(
        refused,
        "update_signature: A atualização 0.2.0 não passou na verificação de assinatura e foi recusada. Nada foi instalado; avise o suporte da Ponte."
    );
    // The refused offer is gone: nothing is left to install.
    let install =
        invoke(&shell.window, "update_install", json!({})).expect_err("nothing to install");
    assert_eq!(install["code"], "update_not_ready");
    assert_eq!(shell.backups(), 0);
}

#[test]
fn a_feed_signed_with_another_key_is_refused() {
    let ours = Signer::new();
    let theirs = Signer::new();
    let shell = shell_on("outra-chave", &ours.public, |server| {
        feed(
            "0.2.0",
            &server.package_url("outra-chave"),
            &theirs.sign(PACKAGE, "0.2.0"),
        )
    });

    shell.check().expect("offered");
    let refused = shell.download_and_verify().expect_err("refused");
    assert!(
        refused.starts_with("update_signature: A atualização 0.2.0 não passou"),
        "{refused}"
    );
}

#[test]
fn a_newer_number_on_an_older_signed_package_is_refused() {
    let signer = Signer::new();
    let shell = shell_on("numero-trocado", &signer.public, |server| {
        // The real 0.0.9 package and its real signature, announced as 0.2.0.
        feed(
            "0.2.0",
            &server.package_url("numero-trocado"),
            &signer.sign(PACKAGE, "0.0.9"),
        )
    });

    shell.check().expect("offered");
    let refused = shell.download_and_verify().expect_err("refused");
    assert!(refused.starts_with("update_signature:"), "{refused}");
}

#[test]
fn an_older_version_is_refused_with_the_reason() {
    let signer = Signer::new();
    let older = shell_on("antiga", &signer.public, |server| {
        feed(
            "0.0.9",
            &server.package_url("antiga"),
            &signer.sign(PACKAGE, "0.0.9"),
        )
    });
    let refused = older.check().expect_err("refused");
    assert_eq!(refused["code"], "update_not_newer");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("A versão oferecida (0.0.9) não é mais nova que a instalada (0.1.0)"),
        "{refused}"
    );
    assert!(
        older.download_and_verify().is_err(),
        "nothing was kept to install"
    );
}

#[test]
fn the_installed_version_is_no_offer() {
    let signer = Signer::new();
    let same = shell_on("mesma", &signer.public, |server| {
        feed(
            INSTALLED,
            &server.package_url("mesma"),
            &signer.sign(PACKAGE, INSTALLED),
        )
    });
    assert_eq!(same.check(), Ok(Value::Null));
}

#[test]
fn an_unreachable_feed_is_a_quiet_error_and_the_app_goes_on() {
    let runtime = runtime();
    // A port that was free a moment ago: nothing listens there.
    let closed = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port")
        .local_addr()
        .expect("address");
    let signer = Signer::new();
    let shell = shell(
        runtime,
        &signer.public,
        format!("http://{closed}/latest.json"),
    );

    let error = shell.check().expect_err("unreachable");
    assert_eq!(error["code"], "update_unreachable");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Não foi possível verificar atualizações agora: "),
        "{message}"
    );
    assert!(message.ends_with(" Tente mais tarde."), "{message}");

    // The app still answers, and its settings say where it looked.
    let settings = invoke_ok(&shell.window, "update_settings", json!({}));
    assert_eq!(settings["installed_version"], INSTALLED);
    assert_eq!(settings["daily_check"], true);
    assert_eq!(settings["feed"], format!("http://{closed}/latest.json"));
    invoke_ok(
        &shell.window,
        "set_daily_update_check",
        json!({ "enabled": false }),
    );
    assert_eq!(
        invoke_ok(&shell.window, "update_settings", json!({}))["daily_check"],
        false
    );
}
