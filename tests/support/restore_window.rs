//! The real window restores a backup and undoes the restore. A backup is taken of a store
//! with no integration, then "Loja Centro" is added; "Restaurar" on that backup (after its
//! confirmation) restarts the app on the backup's data, where "Desfazer restauração" brings
//! the integration back, again through a restart. Each restart is followed in the log and
//! ended (`restarts.rs`), and the next step opens a new session on the same data directory.

use crate::desktop::{TauriDriver, click, wait_for_text};
use crate::restarts::{end_restarted_app, painel_painted, painel_paints};
use crate::{SandboxProcess, bin, sandbox_ponte};
use fantoccini::Client;
use std::path::Path;
use std::time::Duration;

const SCREEN_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole phase; the caller waits for the single-instance name to be free afterwards.
pub async fn restore_then_undo(data_dir: &Path, wait_until_free: fn()) {
    let sandbox = SandboxProcess::start(&["--seed", "3", "--scale", "small", "--no-limits"]);
    let ponte = sandbox_ponte(data_dir);
    let backup: serde_json::Value =
        serde_json::from_str(&ponte.ok(&["backup", "create", "--json"], None)).expect("json");
    let backup_id = backup["id"].as_str().expect("backup id").to_string();
    ponte.add_loja_centro(&sandbox.base_url);
    assert_eq!(integrations(data_dir), 1);

    let restore_button = format!("[data-backup-id=\"{backup_id}\"] [data-testid=restore-backup]");
    restart_after(data_dir, move |client| async move {
        click(&client, "[data-nav=configuracoes]").await;
        click(&client, &restore_button).await;
        confirm(&client).await;
    })
    .await;
    assert_eq!(integrations(data_dir), 0, "the backup's store is back");
    wait_until_free();

    restart_after(data_dir, |client| async move {
        click(&client, "[data-nav=configuracoes]").await;
        wait_for_text(
            &client,
            "[data-testid=last-restore]",
            SCREEN_TIMEOUT,
            |text| text.contains("Última restauração"),
        )
        .await;
        click(&client, "[data-testid=undo-restore]").await;
        confirm(&client).await;
    })
    .await;
    assert_eq!(
        integrations(data_dir),
        1,
        "the undo gave the integration back"
    );
}

/// Confirms the restore dialog once its preview is shown.
async fn confirm(client: &Client) {
    wait_for_text(
        client,
        "[data-testid=restore-preview]",
        SCREEN_TIMEOUT,
        |text| !text.is_empty(),
    )
    .await;
    click(client, "[data-testid=restore-confirm-button]").await;
}

/// Opens a session on `data_dir`, runs `steps` (which end in a restart), waits for the
/// restarted app to paint its Painel, and ends it.
async fn restart_after<F, Fut>(data_dir: &Path, steps: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let data_dir_arg = data_dir.to_str().expect("utf-8 temp path");
    // This launch paints once, and the restarted one once more.
    let paints = painel_paints(data_dir) + 2;
    let driver = TauriDriver::start();
    let client = driver
        .session(&bin("ponte-desktop"), &["--data-dir", data_dir_arg])
        .await;
    let outcome = tokio::spawn(steps(client.clone())).await;
    let restarted = outcome.is_ok() && painel_painted(data_dir, paints).await;
    let _ = client.close().await;
    drop(driver);
    end_restarted_app(data_dir);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
    assert!(restarted, "the app did not restart into the Painel");
}

fn integrations(data_dir: &Path) -> usize {
    let listed: serde_json::Value = serde_json::from_str(
        &crate::Ponte::new(data_dir).ok(&["integration", "list", "--json"], None),
    )
    .expect("json");
    listed.as_array().expect("a list").len()
}
