//! The `ponte` CLI against a `ponte-sandbox serve` process, as an operator would run them:
//! with the provider's real limits, tokens from the environment or the keyring, and JSON
//! output checked against the sandbox's own account of its data.

use chrono::Datelike;
use ponte_e2e::{Ponte, SandboxProcess, dir_contains};
use serde_json::Value;

const ACCESS: &str = "sandbox-access-token";
const SECRET: &str = "sandbox-secret-token";

/// (CLI entity key, sandbox resource).
const ENTITIES: [(&str, &str); 10] = [
    ("loja", "lojas"),
    ("plano_conta", "planos_contas"),
    ("centro_custo", "centros_custos"),
    ("conta_bancaria", "contas_bancarias"),
    ("forma_pagamento", "formas_pagamentos"),
    ("cliente", "clientes"),
    ("fornecedor", "fornecedores"),
    ("venda", "vendas"),
    ("recebimento", "recebimentos"),
    ("pagamento", "pagamentos"),
];

fn env_ponte(dir: &std::path::Path) -> Ponte {
    Ponte::new(dir)
        .env("PONTE_GESTAOCLICK_ACCESS_TOKEN", ACCESS)
        .env("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN", SECRET)
}

fn add_args(base_url: &str) -> Vec<String> {
    [
        "integration",
        "add",
        "gestaoclick",
        "--name",
        "Loja Centro",
        "--base-url",
        base_url,
    ]
    .map(String::from)
    .to_vec()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn assert_totals_match(totals: &Value, summary: &Value) {
    for (key, resource) in ENTITIES {
        let have = &totals[key];
        let want = &summary["entities"][resource];
        assert_eq!(have["count"], want["count"], "count of {resource}");
        assert_eq!(
            have["sum_centavos"], want["sum_centavos"],
            "sum of {resource}"
        );
        let want_lojas = want["per_loja"].as_object().cloned().unwrap_or_default();
        let have_lojas = have["per_loja"].as_object().cloned().unwrap_or_default();
        assert_eq!(have_lojas.len(), want_lojas.len(), "lojas of {resource}");
        for (loja, w) in want_lojas {
            assert_eq!(
                have_lojas[&loja][0], w["count"],
                "{resource} of loja {loja}"
            );
            assert_eq!(
                have_lojas[&loja][1], w["sum_centavos"],
                "{resource} sum of loja {loja}"
            );
        }
    }
}

#[test]
fn sync_json_mirrors_the_sandbox_within_its_limits_and_the_second_is_cheap() {
    let sandbox = SandboxProcess::start(&["--seed", "7", "--scale", "small"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = env_ponte(dir.path());
    let mut add = add_args(&sandbox.base_url);
    add.push("--no-store-credentials".into());
    ponte.ok(&strs(&add), None);

    let first: Value = serde_json::from_str(&ponte.ok(&["sync", "--json"], None)).expect("JSON");
    let run = &first["runs"][0];
    assert_eq!(run["run"]["outcome"], "succeeded", "{run}");
    assert_totals_match(&run["totals"], &sandbox.admin("summary"));
    assert_eq!(
        sandbox.admin("requests")["rate_limited"],
        0,
        "the client kept to 3 req/s"
    );

    let second: Value = serde_json::from_str(&ponte.ok(&["sync", "--json"], None)).expect("JSON");
    let run = &second["runs"][0];
    assert_eq!(run["run"]["outcome"], "succeeded", "{run}");
    let lists = 7 + 3 * run["totals"]["loja"]["count"].as_u64().expect("lojas");
    let requests = run["run"]["requests"].as_u64().expect("requests");
    assert!(requests <= lists, "{requests} requests for {lists} lists");

    let status = ponte.ok(&["status"], None);
    assert!(status.contains("concluída"), "{status}");

    dre_of_the_synced_sandbox(&ponte, dir.path());
}

/// The DRE of the sandbox's year: every account has a line by default, the lines add up,
/// and the CSV says what the JSON says.
fn dre_of_the_synced_sandbox(ponte: &Ponte, dir: &std::path::Path) {
    // The sandbox's data spans the 12 months to its today (São Paulo); a month more on
    // each side covers any clock skew.
    let now = chrono::Utc::now().date_naive();
    let month = |offset: i32| {
        let index = now.year() * 12 + now.month0() as i32 + offset;
        format!(
            "{:04}-{:02}",
            index.div_euclid(12),
            index.rem_euclid(12) + 1
        )
    };
    let (from, to) = (month(-12), month(1));
    let range = ["report", "dre", "--from", &from, "--to", &to];
    let json: Value =
        serde_json::from_str(&ponte.ok(&[&range[..], &["--format", "json"]].concat(), None))
            .expect("JSON");
    let rows = json["rows"].as_array().expect("rows");
    assert!(
        rows.iter().all(|row| row["kind"] != "unclassified"),
        "no account left unclassified by default"
    );
    let total_of = |line: &str| -> i64 {
        rows.iter()
            .find(|row| row["kind"] == "total" && row["line"] == line)
            .and_then(|row| row["total"].as_i64())
            .unwrap_or_else(|| panic!("{line} missing"))
    };
    let groups: i64 = rows
        .iter()
        .filter(|row| row["kind"] == "group")
        .map(|row| row["total"].as_i64().expect("centavos"))
        .sum();
    assert_eq!(total_of("lucro_liquido"), groups);
    let receita = rows
        .iter()
        .find(|row| row["kind"] == "group" && row["line"]["group"] == "receita_bruta")
        .and_then(|row| row["total"].as_i64())
        .expect("receita bruta");
    assert!(receita > 0, "the sandbox sells");

    let csv = dir.join("dre.csv");
    let csv_path = csv.to_str().expect("utf-8 path");
    ponte.ok(
        &[&range[..], &["--format", "csv", "--out", csv_path]].concat(),
        None,
    );
    let bytes = std::fs::read(&csv).expect("csv written");
    let text = String::from_utf8(bytes).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let lucro = text
        .lines()
        .find(|line| line.starts_with("= Lucro Líquido;"))
        .expect("the result line");
    let columns: Vec<&str> = text.lines().next().expect("header").split(';').collect();
    let total_at = columns
        .iter()
        .position(|c| *c == "Total")
        .expect("Total column");
    let total: String = lucro
        .split(';')
        .nth(total_at)
        .expect("total")
        .replace(',', "");
    assert_eq!(
        total.parse::<i64>().expect("number"),
        total_of("lucro_liquido")
    );

    let table = ponte.ok(&range, None);
    assert!(table.contains("= Lucro Líquido"), "{table}");

    let xlsx = dir.join("dre.xlsx");
    let xlsx_path = xlsx.to_str().expect("utf-8 path");
    ponte.ok(
        &[&range[..], &["--format", "xlsx", "--out", xlsx_path]].concat(),
        None,
    );
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    let refused = ponte.run(&[&range[..], &["--format", "xlsx"]].concat(), None);
    assert!(!refused.status.success(), "an XLSX needs --out");
}

#[test]
fn invalid_tokens_are_refused_and_not_kept() {
    let sandbox = SandboxProcess::start(&["--seed", "7", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path())
        .env("PONTE_GESTAOCLICK_ACCESS_TOKEN", "errado")
        .env("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN", "errado");
    let mut add = add_args(&sandbox.base_url);
    add.push("--no-store-credentials".into());
    let output = ponte.run(&strs(&add), None);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Credenciais inválidas"), "{stderr}");
    assert_eq!(
        ponte.ok(&["integration", "list", "--json"], None).trim(),
        "[]"
    );
}

#[test]
fn a_missing_keyring_is_reported_plainly_and_nothing_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path()).env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/ponte-test-bus",
    );
    let output = ponte.run(&strs(&add_args("http://127.0.0.1:9")), Some("um\ndois\n"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("keyring_unavailable"), "{stderr}");
    assert!(
        stderr.contains("gnome-keyring"),
        "the message says how to fix it: {stderr}"
    );
    assert_eq!(
        ponte.ok(&["integration", "list", "--json"], None).trim(),
        "[]"
    );
}

#[test]
fn tokens_typed_once_live_in_the_keyring_only() {
    if std::env::var("PONTE_KEYRING_TESTS").as_deref() != Ok("1") {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the keyring tests: use ./dev test"
        );
        eprintln!("keyring test skipped: run it with ./dev test");
        return;
    }
    let sandbox = SandboxProcess::start(&["--seed", "3", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path());
    let added = ponte.ok(
        &strs(&add_args(&sandbox.base_url)),
        Some(&format!("{ACCESS}\n{SECRET}\n")),
    );
    assert!(added.contains("Conexão OK"), "{added}");

    let synced = ponte.ok(&["sync"], None);
    assert!(synced.contains("concluída"), "{synced}");
    for token in [ACCESS, SECRET] {
        assert_eq!(
            dir_contains(dir.path(), token),
            None,
            "a token reached the data dir"
        );
    }
    ponte.ok(&["integration", "remove", "Loja Centro"], None);
    assert_eq!(
        ponte.ok(&["integration", "list", "--json"], None).trim(),
        "[]"
    );
}
