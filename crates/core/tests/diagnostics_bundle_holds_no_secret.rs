//! "Exportar diagnóstico" never ships a secret: after a real sync with known tokens, a
//! relay channel whose secret rides in its URL (the mode Coinzz uses) and a "Verificar"
//! round trip through the real relay, with the program's own log files written, no entry
//! of the zip holds a token or a relay secret, plain, in base64 or in hex. The same zip
//! does hold the logs, the doctor's report, the versions and the settings.

use crate::support;

use ponte_core::credentials::Credentials;
use ponte_core::doctor::export_diagnostics;
use ponte_webhooks::AuthMode;
use std::io::Read;
use support::relay::connected_relay;
use support::secrets::spellings;
use support::{assert_succeeded, fast_settings, harness_with_credentials, small_unlimited};

const ACCESS_TOKEN: &str = "acc-Diag4Kq8WmZ2xTb";
const SECRET_TOKEN: &str = "sec-Diag7Hn3PvY6rLc";

#[tokio::test(flavor = "multi_thread")]
async fn the_diagnostics_zip_holds_the_report_and_no_secret() {
    let mut config = small_unlimited(23);
    config.access_token = ACCESS_TOKEN.into();
    config.secret_token = SECRET_TOKEN.into();
    let credentials = Credentials::new(ACCESS_TOKEN, SECRET_TOKEN).expect("tokens");
    let h = harness_with_credentials(config, fast_settings(), credentials).await;
    let log_guard = ponte_core::logging::init(h.dir.path(), "ponte", false).expect("log file");
    let relay = connected_relay(&h, AuthMode::UrlToken).await;
    h.core
        .realtime()
        .spawn_relay_pollers()
        .await
        .expect("pollers");
    assert_succeeded(&h.sync().await);
    h.core
        .realtime()
        .verify_relay(h.integration.id)
        .await
        .expect("the relay round trip");
    // Flushes the log file: what the zip reads is what the program wrote.
    drop(log_guard);

    let destination = h.dir.path().join("diagnostico.zip");
    let export = export_diagnostics(&h.core, &destination)
        .await
        .expect("exported");
    h.core.shutdown().await;

    let entries = read_zip(&destination);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        export
            .entries
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    for expected in [
        "versoes.json",
        "diagnostico.json",
        "diagnostico.txt",
        "configuracoes.json",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let text = |name: &str| {
        let (_, bytes) = entries.iter().find(|(n, _)| n == name).expect(name);
        String::from_utf8_lossy(bytes).into_owned()
    };
    let logs: usize = entries
        .iter()
        .filter(|(name, _)| name.starts_with("logs/ponte."))
        .map(|(_, bytes)| bytes.len())
        .sum();
    assert!(logs > 0, "the run's log lines are in the zip: {names:?}");
    assert!(text("configuracoes.json").contains(&relay.channel.relay_url));
    assert!(text("configuracoes.json").contains("\"Sandbox\""));
    assert!(text("diagnostico.json").contains("\"severity\""));
    assert!(text("versoes.json").contains(env!("CARGO_PKG_VERSION")));

    let secrets = [
        ACCESS_TOKEN,
        SECRET_TOKEN,
        relay.credentials.secret.as_str(),
        relay.credentials.pull_token.as_str(),
    ];
    for (name, bytes) in &entries {
        for secret in secrets {
            for form in spellings(secret) {
                assert!(
                    !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                    "{name} holds a secret (as {form})"
                );
            }
        }
    }
}

/// Every entry of the zip, name and uncompressed bytes, in the zip's order.
fn read_zip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).expect("zip file");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("entry bytes");
            (entry.name().to_string(), bytes)
        })
        .collect()
}
