//! The desktop's sealing keys through a real Secret Service (gnome-keyring inside the
//! `dbus-run-session` that `./dev test` provides): made once and found again, rotated
//! with the old key kept, and a recovery key whose file opens what the relay sealed, also
//! after the keyring's entry is lost.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::realtime::{desktop_keys, rotate_desktop_key};
use ponte_webhooks::relay_api::KeyRole;
use ponte_webhooks::seal::{SealContext, SealedContent, SealingKeyPair, open, seal};
use std::collections::BTreeMap;
use support::{keyring_available, open_core};

const CONTEXT: SealContext<'static> = SealContext {
    channel_id: "ch_a",
    event_id: "e1",
};

fn content() -> SealedContent {
    SealedContent {
        headers: BTreeMap::from([("webhook-id".to_string(), "e1".to_string())]),
        body: br#"{"event_id":"e1"}"#.to_vec(),
    }
}

#[tokio::test]
async fn the_key_is_made_once_rotated_and_recovered_from_its_file() {
    if !keyring_available() {
        return;
    }
    let keyring =
        CredentialStore::with_service(format!("br.ponte.test.sealing.{}", std::process::id()));
    let first = desktop_keys(&keyring).await.expect("made and filed");
    let again = desktop_keys(&keyring).await.expect("found again");
    assert_eq!(again.current().public(), first.current().public());
    assert_eq!(first.recipients().len(), 1);

    // An event sealed before a rotation still opens after it.
    let before = seal(&content(), &CONTEXT, &[first.current().public().clone()]).unwrap();
    let rotated = rotate_desktop_key(&keyring).await.expect("rotated");
    assert_ne!(rotated.current().public(), first.current().public());
    let reread = desktop_keys(&keyring).await.expect("read back");
    assert_eq!(reread.current().public(), rotated.current().public());
    assert_eq!(
        open(&before, &CONTEXT, reread.opening()).unwrap(),
        content()
    );

    // The recovery key: its secret only in the file, its public half registered.
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open_core(&dir, keyring.clone()).await;
    let path = dir.path().join("recuperacao.txt");
    let key_id = core
        .realtime()
        .export_recovery_key(&path)
        .await
        .expect("exported");
    let keys = desktop_keys(&keyring).await.expect("read back");
    let recipients = keys.recipients();
    assert_eq!(recipients.len(), 2);
    assert_eq!(recipients[1].role, KeyRole::Recovery);
    assert_eq!(recipients[1].key_id, key_id);
    assert!(
        keys.opening()
            .iter()
            .all(|key| key.id().to_string() != key_id),
        "the recovery secret must not be kept in the keyring"
    );

    let public: Vec<_> = recipients
        .iter()
        .map(|recipient| recipient.public_key().unwrap())
        .collect();
    let sealed = seal(&content(), &CONTEXT, &public).unwrap();
    let text = std::fs::read_to_string(&path).expect("file");
    let secret = text
        .lines()
        .rfind(|line| !line.starts_with('#'))
        .expect("a key line");
    let recovery = SealingKeyPair::from_secret_base64(secret).expect("a key");
    assert_eq!(recovery.id().to_string(), key_id);
    assert_eq!(open(&sealed, &CONTEXT, &[recovery]).unwrap(), content());

    // A second export never overwrites the first file.
    let error = core
        .realtime()
        .export_recovery_key(&path)
        .await
        .err()
        .unwrap_or_else(|| panic!("an existing file was overwritten"));
    assert!(error.to_string().contains("já existe"), "{error}");
    core.shutdown().await;

    // The keyring's entry lost (a new install's keyring): the file opens the events again.
    let lost =
        CredentialStore::with_service(format!("br.ponte.test.sealing.lost.{}", std::process::id()));
    let other_dir = tempfile::tempdir().expect("temp dir");
    let reinstalled = open_core(&other_dir, lost.clone()).await;
    let fresh = desktop_keys(&lost).await.expect("a new key");
    assert!(open(&sealed, &CONTEXT, fresh.opening()).is_err());
    let used = reinstalled
        .realtime()
        .use_recovery_key(&path)
        .await
        .expect("recovery key read back");
    assert_eq!(used, key_id);
    let recovered = desktop_keys(&lost).await.expect("read back");
    assert_eq!(recovered.current().public(), fresh.current().public());
    assert_eq!(
        open(&sealed, &CONTEXT, recovered.opening()).unwrap(),
        content()
    );
    assert_eq!(recovered.recipients()[1].key_id, key_id);
    let damaged = other_dir.path().join("danificado.txt");
    std::fs::write(&damaged, "# só comentário\n").expect("file");
    let error = reinstalled
        .realtime()
        .use_recovery_key(&damaged)
        .await
        .err()
        .unwrap_or_else(|| panic!("a file without a key was taken"));
    assert!(error.to_string().contains("chave-recuperacao"), "{error}");
    reinstalled.shutdown().await;
}
