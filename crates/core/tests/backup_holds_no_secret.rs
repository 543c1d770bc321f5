//! A backup never holds a secret: the tokens live in the keyring (here, the in-process
//! credential override the other loopback tests use), never in the store. After a real
//! sync with known tokens, neither the backup nor its manifest contains them, plain, in
//! base64 or in hex.

use crate::support;

use ponte_core::backups::{BackupKind, Manifest};
use ponte_core::credentials::Credentials;
use support::secrets::spellings;
use support::{assert_succeeded, fast_settings, harness_with_credentials, small_unlimited};

const ACCESS_TOKEN: &str = "acc-Backup9Xv2LpR4tZ";
const SECRET_TOKEN: &str = "sec-Backup6yJ1cF5dG0";

#[tokio::test]
async fn a_backup_after_a_sync_holds_no_token() {
    let mut config = small_unlimited(17);
    config.access_token = ACCESS_TOKEN.into();
    config.secret_token = SECRET_TOKEN.into();
    let credentials = Credentials::new(ACCESS_TOKEN, SECRET_TOKEN).expect("tokens");
    let h = harness_with_credentials(config, fast_settings(), credentials).await;
    assert_succeeded(&h.sync().await);
    let backup = h
        .core
        .backups()
        .create(BackupKind::Manual)
        .await
        .expect("backup taken");
    h.core.shutdown().await;

    let database = std::fs::read(&backup.path).expect("backup");
    let manifest = std::fs::read(Manifest::path_for(&backup.path)).expect("manifest");
    assert!(database.len() > 50_000, "the backup holds the mirror");
    for token in [ACCESS_TOKEN, SECRET_TOKEN] {
        for form in spellings(token) {
            for (name, bytes) in [("backup", &database), ("manifest", &manifest)] {
                assert!(
                    !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                    "the {name} holds {form}"
                );
            }
        }
    }
}
