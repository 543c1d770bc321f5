//! Tokens are proved before they are kept: adding an integration or replacing its tokens
//! with ones the provider rejects changes nothing, with the error "Testar conexão" gives;
//! working ones land in the keyring, and the schedule is set only once they are there.

use crate::support;

use ponte_core::credentials::{CredentialStore, Credentials};
use ponte_core::providers::gestaoclick;
use ponte_core::store::NewIntegration;
use ponte_sandbox::Sandbox;
use support::{fast_settings, keyring_available, open_core, sandbox_credentials, small_unlimited};

#[tokio::test]
async fn wrong_tokens_are_refused_before_anything_is_kept() {
    if !keyring_available() {
        return;
    }
    let config = small_unlimited(5);
    let good = sandbox_credentials(&config);
    let wrong = Credentials::new("errado", "errado").expect("tokens");
    let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sandbox");
    let dir = tempfile::tempdir().expect("temp dir");
    let keyring =
        CredentialStore::with_service(format!("br.ponte.test.tokens.{}", std::process::id()));
    let core = open_core(&dir, keyring.clone()).await;
    let new = NewIntegration {
        provider: gestaoclick::KIND,
        name: "Matriz".into(),
        base_url: sandbox.base_url(),
        settings: fast_settings(),
        schedule_interval_minutes: Some(10),
    };

    let refused = core
        .integrations()
        .add_with_tokens(new.clone(), wrong.clone())
        .await
        .expect_err("wrong tokens refused");
    assert_eq!(refused.code(), "invalid_credentials");
    assert!(
        core.integrations().list().await.expect("list").is_empty(),
        "nothing kept"
    );

    let (integration, report) = core
        .integrations()
        .add_with_tokens(new, good.clone())
        .await
        .expect("working tokens added");
    assert!(!report.lojas.is_empty());
    assert_eq!(integration.schedule_interval_minutes, Some(10));
    assert_eq!(keyring.load(&integration).await.expect("kept"), good);

    let refused = core
        .integrations()
        .set_credentials(integration.id, &wrong)
        .await
        .expect_err("wrong replacement refused");
    assert_eq!(refused.code(), "invalid_credentials");
    assert_eq!(
        keyring.load(&integration).await.expect("still kept"),
        good,
        "the working tokens stay"
    );

    core.integrations()
        .remove(integration.id)
        .await
        .expect("removed");
    core.shutdown().await;
}
