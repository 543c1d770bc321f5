//! The real window on a damaged store: a `ponte.db` that is not a database at start-up
//! opens the recovery screen (no crash, no empty Painel) offering the backup taken before;
//! restoring it moves the damaged file aside and restarts the app into the normal window,
//! which paints the Painel over the backup's data.

use crate::desktop::{TauriDriver, click, screenshot, wait_for_text};
use crate::layout::screenshot_dir;
use crate::restarts::{end_restarted_app, painel_painted};
use crate::{Ponte, bin};
use fantoccini::Client;
use std::path::Path;
use std::time::Duration;

/// The whole phase, from the damage to the restarted app; the caller waits for the
/// single-instance name to be free afterwards.
pub async fn damaged_store_at_start_up(data_dir: &Path) {
    let ponte = Ponte::new(data_dir);
    ponte.ok(&["backup", "create"], None);
    for leftover in ["ponte.db-wal", "ponte.db-shm"] {
        let _ = std::fs::remove_file(data_dir.join(leftover));
    }
    std::fs::write(
        data_dir.join("ponte.db"),
        "isto não é um banco de dados\n".repeat(400),
    )
    .expect("damaged store written");
    let data_dir_arg = data_dir.to_str().expect("utf-8 temp path");

    let driver = TauriDriver::start();
    let client = driver
        .session(&bin("ponte-desktop"), &["--data-dir", data_dir_arg])
        .await;
    let outcome = tokio::spawn(recover_in_the_window(client.clone())).await;
    // The recovery window never paints a Painel: the first paint is the restarted app's.
    let restarted = outcome.is_ok() && painel_painted(data_dir, 1).await;
    let _ = client.close().await;
    drop(driver);
    end_restarted_app(data_dir);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
    assert!(
        restarted,
        "the app did not restart into the Painel after the restore"
    );
    let kept_aside = std::fs::read_dir(data_dir)
        .expect("data dir")
        .flatten()
        .any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("ponte.db.damaged-")
        });
    assert!(kept_aside, "the damaged file was not kept aside");
    // The store in place opens: the backup's copy, not the damaged bytes.
    ponte.ok(&["status"], None);
}

async fn recover_in_the_window(client: Client) {
    wait_for_text(
        &client,
        "[data-testid=recovery-message]",
        Duration::from_secs(60),
        |text| text.contains("danificado"),
    )
    .await;
    wait_for_text(
        &client,
        "[data-testid=recovery-backup-date]",
        Duration::from_secs(10),
        |text| text.len() == "dd/mm/aaaa hh:mm".len(),
    )
    .await;
    if let Ok(png) = screenshot(&client).await {
        let dir = screenshot_dir();
        let _ = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("recuperacao.png"), png));
    }
    // The app restarts right after the choice, so the window may be gone before it could
    // say so: what follows is checked on the files and in the restarted app's log.
    click(&client, "[data-testid=recovery-restore]").await;
}
