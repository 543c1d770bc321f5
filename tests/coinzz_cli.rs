//! `ponte relay account` and `ponte integration add coinzz` as an operator runs them: the
//! built binary, a throwaway data dir, and a real relay with provisioning on loopback. The
//! account token goes to a real Secret Service and never to the output or the data dir; a
//! rejected token, or an option only Gestão Click has, adds nothing anywhere.

use ponte_e2e::relay_account::{ok_blocking as ok, relay_with_account, run_blocking as run};
use ponte_e2e::{Ponte, dir_contains, keyring_available};
use ponte_relay::RunningRelay;
use serde_json::Value;

const ACCOUNT_TOKEN: &str = "conta-teste";

async fn channels_on(relay: &RunningRelay) -> usize {
    relay.admin().list().await.expect("channels").len()
}

/// Runs and asserts it failed with `code`, returning stderr.
async fn fails(ponte: &Ponte, args: &[&str], stdin: &str, code: &str) -> String {
    let output = run(ponte, args, stdin).await;
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert_eq!(output.status.code(), Some(1), "ponte {args:?}: {stderr}");
    assert!(stderr.contains(&format!("erro [{code}]")), "{stderr}");
    stderr
}

async fn integrations(ponte: &Ponte) -> Vec<Value> {
    let list = ok(ponte, &["integration", "list", "--json"], "").await;
    serde_json::from_str::<Vec<Value>>(&list).expect("JSON list")
}

/// None of these reach the keyring or a relay, so they run everywhere.
#[tokio::test(flavor = "multi_thread")]
async fn coinzz_without_an_account_or_with_gestao_click_options_adds_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());
    let add = ["integration", "add", "coinzz", "--name", "Coinzz Loja"];

    let stderr = fails(&ponte, &add, "", "relay_account_missing").await;
    assert!(stderr.contains("ponte relay account"), "{stderr}");

    for option in [
        &["--base-url", "http://127.0.0.1:9"][..],
        &["--no-store-credentials"],
    ] {
        let stderr = fails(
            &ponte,
            &[&add[..], option].concat(),
            "",
            "gestaoclick_only_option",
        )
        .await;
        assert!(
            stderr.contains(&format!(
                "A opção {} só vale para o Gestão Click",
                option[0]
            )),
            "{stderr}"
        );
    }

    let stderr = fails(
        &ponte,
        &["relay", "account", "set", "--url", "relay.exemplo.com.br"],
        "um-token\n",
        "invalid_input",
    )
    .await;
    assert!(stderr.contains("não é um endereço"), "{stderr}");
    assert!(!stderr.contains("um-token"), "{stderr}");
    assert!(integrations(&ponte).await.is_empty());

    // The options stay Gestão Click's, and `--json` works there too.
    let json = ok(
        &ponte,
        &[
            "integration",
            "add",
            "gestaoclick",
            "--name",
            "Loja Centro",
            "--base-url",
            "http://127.0.0.1:9",
            "--no-store-credentials",
            "--json",
        ],
        "",
    )
    .await;
    let added: Value = serde_json::from_str(&json).expect("JSON added");
    assert_eq!(added["integration"]["provider"], "gestaoclick", "{json}");
    assert_eq!(added["integration"]["base_url"], "http://127.0.0.1:9");
    assert_eq!(added["connection"], Value::Null, "no tokens, no test");
}

#[tokio::test(flavor = "multi_thread")]
async fn coinzz_is_added_through_the_saved_relay_account_and_a_rejected_token_adds_nothing() {
    if !keyring_available("the Coinzz CLI test") {
        return;
    }
    let relay_dir = tempfile::tempdir().expect("temp dir");
    let relay = relay_with_account(relay_dir.path(), ACCOUNT_TOKEN).await;
    let base = relay.base_url();
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());

    let saved = ok(
        &ponte,
        &["relay", "account", "set", "--url", &format!("{base}/")],
        &format!("{ACCOUNT_TOKEN}\n"),
    )
    .await;
    assert!(
        saved.contains(&format!(
            "Conta do relay salva: {base}, com o token no chaveiro."
        )),
        "{saved}"
    );
    let shown = ok(&ponte, &["relay", "account", "show", "--json"], "").await;
    let status: Value = serde_json::from_str(&shown).expect("JSON status");
    assert_eq!(status["relay_url"], base.as_str(), "{shown}");
    assert_eq!(status["token_saved"], true, "{shown}");
    let text = ok(&ponte, &["relay", "account", "show"], "").await;
    assert!(text.contains("Token da conta: salvo no chaveiro"), "{text}");
    for output in [&saved, &shown, &text] {
        assert!(
            !output.contains(ACCOUNT_TOKEN),
            "the token was shown: {output}"
        );
    }

    let added = ok(
        &ponte,
        &["integration", "add", "coinzz", "--name", "Coinzz Loja"],
        "",
    )
    .await;
    let url = added
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no webhook URL in: {added}"));
    assert!(url.starts_with(&format!("{base}/hooks/ch_")), "{added}");
    assert!(
        added.contains("Integração \"Coinzz Loja\" adicionada")
            && added.contains("No painel da Coinzz:")
            && added.contains("ponte relay verify \"Coinzz Loja\""),
        "{added}"
    );
    let channels = relay.admin().list().await.expect("channels");
    assert_eq!(channels.len(), 1);
    assert!(
        url.contains(&format!("/hooks/{}/", channels[0].id)),
        "{url}"
    );
    // Nothing to pull: status names where its data comes from, `sync` leaves it out.
    let status = ok(&ponte, &["status"], "").await;
    assert!(
        status.contains("Coinzz Loja (Coinzz, em tempo real pelo relay)")
            && !status.contains("requisições hoje"),
        "{status}"
    );
    let nothing = fails(&ponte, &["sync"], "", "no_integrations").await;
    assert!(nothing.contains("a Coinzz não sincroniza"), "{nothing}");

    let json = ok(
        &ponte,
        &[
            "integration",
            "add",
            "coinzz",
            "--name",
            "Coinzz Outra",
            "--json",
        ],
        "",
    )
    .await;
    let second: Value = serde_json::from_str(&json).expect("JSON added");
    assert_eq!(second["integration"]["name"], "Coinzz Outra");
    assert_eq!(second["integration"]["provider"], "coinzz");
    assert_eq!(second["webhook"]["auth_mode"], "url-token");
    let second_url = second["webhook"]["url"].as_str().expect("url");
    assert!(
        second_url.starts_with(&format!("{base}/hooks/ch_")),
        "{json}"
    );
    assert!(
        second["webhook"].get("secret").is_none(),
        "the secret is printed once, inside the URL: {json}"
    );
    assert_eq!(channels_on(&relay).await, 2);

    // A wrong token replaces the saved one; a blank one then keeps it.
    ok(
        &ponte,
        &["relay", "account", "set", "--url", &base],
        "token-errado\n",
    )
    .await;
    let kept = ok(&ponte, &["relay", "account", "set", "--url", &base], "\n").await;
    assert!(kept.contains("O token já salvo foi mantido"), "{kept}");
    let stderr = fails(
        &ponte,
        &["integration", "add", "coinzz", "--name", "Coinzz Terceira"],
        "",
        "relay_account_rejected",
    )
    .await;
    assert!(
        stderr.contains("O relay recusou o token da conta"),
        "{stderr}"
    );
    assert_eq!(channels_on(&relay).await, 2, "a channel was opened anyway");
    let names: Vec<Value> = integrations(&ponte)
        .await
        .into_iter()
        .map(|integration| integration["name"].clone())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        !names.contains(&Value::from("Coinzz Terceira")),
        "{names:?}"
    );

    for token in [ACCOUNT_TOKEN, "token-errado"] {
        assert_eq!(
            dir_contains(dir.path(), token),
            None,
            "a token reached the data dir"
        );
    }

    // Removing an integration from the CLI closes its channel on the relay.
    for name in ["Coinzz Loja", "Coinzz Outra"] {
        ok(&ponte, &["integration", "remove", name], "").await;
    }
    assert_eq!(
        channels_on(&relay).await,
        0,
        "a channel was left on the relay"
    );
    relay.shutdown().await;
}
