//! Tokens round-trip through a real Secret Service (gnome-keyring inside the
//! `dbus-run-session` that `./dev test` provides), a sync authenticates with them, and
//! removing the integration removes them.

use crate::support;

use ponte_core::credentials::CredentialStore;
use ponte_core::providers::gestaoclick;
use ponte_core::store::{NewIntegration, RunTrigger};
use ponte_sandbox::Sandbox;
use support::{
    assert_succeeded, fast_settings, keyring_available, open_core, sandbox_credentials,
    small_unlimited,
};

#[tokio::test]
async fn tokens_round_trip_through_the_secret_service() {
    if !keyring_available() {
        return;
    }
    let config = small_unlimited(3);
    let credentials = sandbox_credentials(&config);
    let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sandbox");
    let dir = tempfile::tempdir().expect("temp dir");
    let keyring = CredentialStore::with_service(format!("br.ponte.test.{}", std::process::id()));
    let core = open_core(&dir, keyring.clone()).await;
    let integration = core
        .integrations()
        .add(
            NewIntegration {
                provider: gestaoclick::KIND,
                name: "Chaveiro".into(),
                base_url: sandbox.base_url(),
                settings: fast_settings(),
                schedule_interval_minutes: None,
            },
            Some(credentials.clone()),
        )
        .await
        .expect("added, tokens in the keyring");
    assert_eq!(
        keyring.load(&integration).await.expect("loaded"),
        credentials
    );

    let run = core
        .sync()
        .start(integration.id, RunTrigger::Manual)
        .await
        .expect("starts");
    let result = run.wait().await;
    assert_succeeded(&result);

    core.integrations()
        .remove(integration.id)
        .await
        .expect("removed");
    let error = keyring
        .load(&integration)
        .await
        .expect_err("tokens are gone");
    assert_eq!(error.code(), "credentials_missing");
    core.shutdown().await;
}
