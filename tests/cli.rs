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
    // The pacing lives in each process: the requests of the connection test `integration
    // add` just made are not in the sync's window. Once the sandbox's window has passed,
    // every refusal is the sync's own.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let refused_before = sandbox.admin("requests")["rate_limited"].clone();

    let first: Value = serde_json::from_str(&ponte.ok(&["sync", "--json"], None)).expect("JSON");
    let run = &first["runs"][0];
    assert_eq!(run["run"]["outcome"], "succeeded", "{run}");
    assert_totals_match(&run["totals"], &sandbox.admin("summary"));
    assert_eq!(
        sandbox.admin("requests")["rate_limited"],
        refused_before,
        "the client kept to 3 req/s"
    );

    // Again a new process: it starts once the first one's window has passed.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second: Value = serde_json::from_str(&ponte.ok(&["sync", "--json"], None)).expect("JSON");
    let run = &second["runs"][0];
    assert_eq!(run["run"]["outcome"], "succeeded", "{run}");
    let lists = 7 + 3 * run["totals"]["loja"]["count"].as_u64().expect("lojas");
    let requests = run["run"]["requests"].as_u64().expect("requests");
    assert!(requests <= lists, "{requests} requests for {lists} lists");

    let status = ponte.ok(&["status"], None);
    assert!(status.contains("concluída"), "{status}");

    dre_of_the_synced_sandbox(&ponte, dir.path());
    other_reports_of_the_synced_sandbox(&ponte);
    conferencia_of_the_synced_sandbox(&ponte);
}

/// The conferência of the sandbox's year holds: its DRE adds up on both bases and to its
/// entries, its cash balances follow from its flows; it exits 0 and says so as JSON.
fn conferencia_of_the_synced_sandbox(ponte: &Ponte) {
    let (from, to) = sandbox_months();
    let output = ponte.ok(
        &[
            "report",
            "conferencia",
            "--from",
            &from,
            "--to",
            &to,
            "--json",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&output).expect("JSON");
    let checks = json["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 5, "{json}");
    for check in checks {
        assert_eq!(check["holds"], true, "{check}");
    }
    assert_eq!(json["holds"], true);
    let table = ponte.ok(
        &["report", "conferencia", "--from", &from, "--to", &to],
        None,
    );
    assert!(table.contains("Confere"), "{table}");
}

/// The months the sandbox's data spans: the 12 to its today (São Paulo), and a month more
/// on each side for any clock skew.
fn sandbox_months() -> (String, String) {
    let now = chrono::Utc::now().date_naive();
    let month = |offset: i32| {
        let index = now.year() * 12 + now.month0() as i32 + offset;
        format!(
            "{:04}-{:02}",
            index.div_euclid(12),
            index.rem_euclid(12) + 1
        )
    };
    (month(-12), month(1))
}

/// The DRE of the sandbox's year: every account has a line by default, the lines add up,
/// and the CSV says what the JSON says.
fn dre_of_the_synced_sandbox(ponte: &Ponte, dir: &std::path::Path) {
    let (from, to) = sandbox_months();
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

    // The PDF reads back with its heading, its lines and page numbers.
    let pdf = dir.join("dre.pdf");
    let pdf_path = pdf.to_str().expect("utf-8 path");
    ponte.ok(
        &[&range[..], &["--format", "pdf", "--out", pdf_path]].concat(),
        None,
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf_path, "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Demonstração do Resultado",
        "Receita Operacional Bruta",
        "= Lucro Líquido",
        "Página 1 de",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

/// The fluxo de caixa, the aging and the vendas of the synced sandbox: each runs, its CSV
/// parses, and the CSV's amounts are the JSON's.
fn other_reports_of_the_synced_sandbox(ponte: &Ponte) {
    let (from, to) = sandbox_months();
    let months = ["--from", from.as_str(), "--to", to.as_str()];

    let flow = [
        &["report", "fluxo-caixa", "--granularity", "semanal"][..],
        &months,
    ]
    .concat();
    let (json, csv) = json_and_csv(ponte, &flow);
    assert!(
        json["realised"]["inflow"]["total"].as_i64() > Some(0),
        "the sandbox receives"
    );
    let net = centavos_of(&json["realised"]["net"]["values"]);
    let weeks = net.len();
    assert!(weeks >= 52, "{weeks} weeks");
    let row = csv_row(&csv, "Saldo do período");
    assert_eq!(money(&row[2..2 + weeks]), net);
    assert_eq!(
        money(&row[2 + weeks..]),
        [json["realised"]["net"]["total"].as_i64().expect("centavos")]
    );
    let balance = csv_row(&csv, "Saldo final realizado");
    assert_eq!(
        money(&balance[1..2]),
        [json["opening_balance"].as_i64().expect("centavos")]
    );
    assert_eq!(
        money(&balance[2..2 + weeks]),
        centavos_of(&json["closing_balances"])
    );
    let receivable = csv_row(&csv, "A receber (previsto)");
    assert_eq!(
        money(&receivable[1..2]),
        [json["due_before_range"]["receivable"]
            .as_i64()
            .expect("centavos")]
    );

    for side in ["receber", "pagar"] {
        let (json, csv) = json_and_csv(ponte, &["report", "aging", "--lado", side]);
        let total = &json["total"];
        let buckets = [
            "current",
            "days_1_30",
            "days_31_60",
            "days_61_90",
            "over_90",
            "no_due_date",
            "total",
        ]
        .map(|bucket| total[bucket].as_i64().expect("centavos"));
        assert_eq!(money(&csv_row(&csv, "Total")[1..]), buckets);
        let rows = json["rows"].as_array().expect("rows");
        assert!(!rows.is_empty(), "the sandbox has open {side} items");
        // Party by party, in the same order (CSV line 0 is the header).
        for (row, line) in rows.iter().zip(&csv[1..]) {
            assert_eq!(row["label"].as_str(), Some(line[0].as_str()));
            assert_eq!(
                money(&line[7..]),
                [row["amounts"]["total"].as_i64().expect("centavos")]
            );
        }
    }

    for by in ["produto", "vendedor", "canal", "periodo"] {
        let sales = [&["report", "vendas", "--por", by][..], &months].concat();
        let (json, csv) = json_and_csv(ponte, &sales);
        let total = &json["total"];
        let line = csv_row(&csv, "Total");
        let header = &csv[0];
        let at = |column: &str| {
            header
                .iter()
                .position(|c| c == column)
                .unwrap_or_else(|| panic!("{column} column"))
        };
        assert_eq!(line[at("Vendas")], total["vendas"].to_string());
        for (column, key) in [
            ("Receita", "revenue"),
            ("Custo", "cost"),
            ("Margem bruta", "gross_margin"),
            ("Ticket médio", "average_ticket"),
        ] {
            let expected = total[key].as_i64().expect("centavos");
            assert_eq!(
                money(&line[at(column)..=at(column)]),
                [expected],
                "{by}: {column}"
            );
        }
        assert!(total["revenue"].as_i64() > Some(0), "the sandbox sells");
        let table = ponte.ok(&sales, None);
        assert!(table.contains("Ticket médio"), "{table}");
    }
}

/// The report as JSON and as the default (Brazilian) CSV, parsed.
fn json_and_csv(ponte: &Ponte, args: &[&str]) -> (Value, Vec<Vec<String>>) {
    let json = serde_json::from_str(&ponte.ok(&[args, &["--format", "json"]].concat(), None))
        .expect("JSON");
    let csv = ponte.ok(&[args, &["--format", "csv"]].concat(), None);
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM for Excel");
    (json, parse_csv(csv, ';'))
}

/// RFC 4180 records: fields split at `separator`, quoted fields with doubled quotes inside.
fn parse_csv(text: &str, separator: char) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, c) if c == separator => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "an unterminated quote");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    assert!(
        records.iter().all(|r| r.len() == records[0].len()),
        "every record has the header's width"
    );
    records
}

fn csv_row<'a>(csv: &'a [Vec<String>], label: &str) -> &'a [String] {
    csv.iter()
        .find(|row| row.first().map(String::as_str) == Some(label))
        .unwrap_or_else(|| panic!("no \"{label}\" row"))
}

/// Brazilian CSV money (`-1234,56`) as centavos.
fn money(fields: &[String]) -> Vec<i64> {
    fields
        .iter()
        .map(|field| {
            let (reais, cents) = field
                .split_once(',')
                .unwrap_or_else(|| panic!("\"{field}\" is not money"));
            assert_eq!(cents.len(), 2, "{field}");
            let value: i64 = format!("{reais}{cents}").parse().expect("a number");
            value
        })
        .collect()
}

fn centavos_of(values: &Value) -> Vec<i64> {
    values
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_i64().expect("centavos"))
        .collect()
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
