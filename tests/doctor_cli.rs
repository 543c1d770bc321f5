//! `ponte doctor` as an operator runs it, against a store synced from a `ponte-sandbox
//! serve` process: a clean store exits 0, seeded damage (a venda mirrored twice, a drifted
//! DRE sum) exits 3 with the findings in pt-BR, `--fix --json` repairs them and exits 0,
//! and a keyring that does not answer (with no tokens given at start-up) is a problem, not
//! a crash.

use ponte_e2e::{Ponte, SandboxProcess, sandbox_ponte};
use serde_json::Value;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// The severities of the findings, by check.
fn severities(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["check"].as_str().expect("check").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
            )
        })
        .collect()
}

fn severity_of(report: &Value, check: &str) -> String {
    severities(report)
        .into_iter()
        .find(|(c, _)| c == check)
        .unwrap_or_else(|| panic!("no {check} in {report}"))
        .1
}

fn no_problem(report: &Value) -> bool {
    severities(report).iter().all(|(_, s)| s != "problema")
}

/// Writes straight into the store while no `ponte` runs: the damage a crash or a bug
/// could leave.
fn damage(db: &std::path::Path) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .expect("store opens");
        let columns: String = sqlx::query_scalar(
            "SELECT group_concat(name, ', ') FROM pragma_table_info('vendas') WHERE name <> 'id'",
        )
        .fetch_one(&mut conn)
        .await
        .expect("columns");
        for sql in [
            format!(
                "INSERT INTO vendas ({columns}) SELECT {columns} FROM vendas
                 WHERE id = (SELECT min(id) FROM vendas)"
            ),
            "UPDATE dre_monthly SET centavos = centavos - 100
             WHERE (basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id) IN
               (SELECT basis, month, integration_id, plano_contas_id, loja_id, centro_custo_id
                FROM dre_monthly WHERE entries > 0 LIMIT 1)"
                .to_string(),
        ] {
            sqlx::query(&sql).execute(&mut conn).await.expect(&sql);
        }
        conn.close().await.expect("closes");
    });
}

#[test]
fn doctor_exits_3_on_a_problem_and_fix_repairs_what_it_can() {
    let sandbox = SandboxProcess::start(&["--seed", "5", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = sandbox_ponte(dir.path());
    ponte.add_loja_centro(&sandbox.base_url);
    ponte.ok(&["sync", "--json"], None);

    let clean: Value = serde_json::from_str(&ponte.ok(&["doctor", "--json"], None)).expect("JSON");
    assert!(no_problem(&clean), "{clean}");
    assert_eq!(severity_of(&clean, "ultima_sincronizacao"), "ok");
    assert_eq!(clean["applied"], Value::Array(Vec::new()));

    damage(&dir.path().join("ponte.db"));

    let found = ponte.run(&["doctor"], None);
    assert_eq!(found.status.code(), Some(3));
    let text = String::from_utf8(found.stdout).expect("utf-8");
    assert!(
        text.contains("[problema] Registros do provedor espelhados"),
        "{text}"
    );
    assert!(text.contains("correção: \"Recalcular\""), "{text}");
    let stderr = String::from_utf8_lossy(&found.stderr);
    assert!(stderr.contains("doctor_problems"), "{stderr}");

    let fixed: Value =
        serde_json::from_str(&ponte.ok(&["doctor", "--fix", "--json"], None)).expect("JSON");
    let applied = fixed["applied"].as_array().expect("applied");
    assert!(
        applied.contains(&Value::from("remove_duplicate_copies")),
        "{fixed}"
    );
    assert!(
        applied.contains(&Value::from("recount_kept_sums")),
        "{fixed}"
    );
    assert!(no_problem(&fixed), "{fixed}");

    let again: Value = serde_json::from_str(&ponte.ok(&["doctor", "--json"], None)).expect("JSON");
    assert_eq!(severity_of(&again, "vinculos_duplicados"), "ok");
    assert_eq!(severity_of(&again, "somas_do_dre"), "ok");

    // Without the tokens given at start-up, they must come from a keyring that does not
    // answer here.
    let without_keyring = Ponte::new(dir.path()).env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/ponte-test-bus",
    );
    let output = without_keyring.run(&["doctor", "--json"], None);
    assert_eq!(output.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(severity_of(&report, "chaveiro"), "problema", "{report}");
    assert_eq!(severity_of(&report, "integridade"), "ok");
}
