//! Sobre's facts through the app's own IPC handler on Tauri's mock runtime: the commit and
//! build date this binary was built with, the version and folders of the running app, and
//! no update channel when the updater is not configured.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::{Core, CoreOptions};
use ponte_desktop::state::AppState;
use ponte_desktop::updates::Updates;
use serde_json::json;
use support::{invoke_ok, mock_app_with, runtime};
use tauri::Manager;
use tauri::test::{mock_context, noop_assets};

#[test]
fn about_names_this_build_and_its_folders() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let core = runtime.block_on(async {
        Core::open(CoreOptions {
            data_dir: dir.path().to_path_buf(),
            credentials: CredentialStore::with_service("ponte-about-test"),
        })
        .await
        .expect("core opens")
    });
    let (app, window) = mock_app_with(
        core,
        dir.path(),
        false,
        mock_context(noop_assets()),
        |builder| builder.manage(Updates::new(None)),
    );

    let about = invoke_ok(&window, "about", json!({}));
    assert_eq!(about["version"], "test");
    assert_eq!(about["commit"], env!("PONTE_COMMIT"));
    let commit = about["commit"].as_str().expect("commit");
    assert!(
        commit == "desconhecido"
            || (commit.len() == 12 && commit.bytes().all(|byte| byte.is_ascii_hexdigit())),
        "{commit}"
    );
    let date = about["build_date"].as_str().expect("build date");
    assert_eq!(date, env!("PONTE_BUILD_DATE"));
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date}"
    );
    assert_eq!(about["data_dir"], dir.path().display().to_string());
    assert_eq!(
        about["logs_dir"],
        dir.path().join("logs").display().to_string()
    );
    // The mock app's config has no updater section.
    assert_eq!(about["update_feed"], serde_json::Value::Null);

    runtime.block_on(app.state::<AppState>().core.shutdown());
    drop(window);
    drop(app);
}
