//! `ponte reset` as an operator runs it, against a store synced from a `ponte-sandbox
//! serve` process: without --yes it refuses and removes nothing; with --yes (keeping the
//! notas) it takes a verified backup first, empties the mirror, keeps the integration, and
//! the next `ponte sync` mirrors the sandbox again.

use ponte_e2e::{SandboxProcess, sandbox_ponte};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// Runs SQL straight on the store while no `ponte` runs; returns the first column of the
/// first row of the last statement.
fn sql(db: &Path, statements: &[&str]) -> i64 {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .expect("store opens");
        let mut last = 0;
        for statement in statements {
            last = sqlx::query_scalar::<_, i64>(statement)
                .fetch_optional(&mut conn)
                .await
                .expect(statement)
                .unwrap_or(0);
        }
        conn.close().await.expect("closes");
        last
    })
}

const MIRRORED: &str = "SELECT (SELECT count(*) FROM vendas) + (SELECT count(*) FROM lancamentos)
    + (SELECT count(*) FROM parties) + (SELECT count(*) FROM entity_links)";

#[test]
fn reset_needs_yes_takes_a_backup_and_the_next_sync_mirrors_again() {
    let sandbox = SandboxProcess::start(&["--seed", "7", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ponte.db");
    let ponte = sandbox_ponte(dir.path());
    ponte.add_loja_centro(&sandbox.base_url);
    ponte.ok(&["sync", "--json"], None);
    let mirrored = sql(&db, &[MIRRORED]);
    let vendas = sql(&db, &["SELECT count(*) FROM vendas"]);
    assert!(vendas > 1, "the sandbox mirrored vendas");
    sql(
        &db,
        &["UPDATE vendas SET nota = 'conferir' WHERE id = (SELECT min(id) FROM vendas)"],
    );

    let refused = ponte.run(&["reset"], None);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("reset_not_confirmed"), "{stderr}");
    assert!(stderr.contains("ponte reset --yes"), "{stderr}");
    assert_eq!(sql(&db, &[MIRRORED]), mirrored, "nothing was removed");

    let out = ponte.ok(&["reset", "--manter-anotacoes", "--yes"], None);
    assert!(out.contains("Dados espelhados limpos"), "{out}");
    assert!(out.contains("1 registro(s) com notas ficaram"), "{out}");
    let backups = ponte.ok(&["backup", "list", "--json"], None);
    assert!(backups.contains("\"before-reset\""), "{backups}");
    assert_eq!(sql(&db, &["SELECT count(*) FROM vendas"]), 1);
    assert_eq!(sql(&db, &["SELECT count(*) FROM lancamentos"]), 0);
    assert_eq!(sql(&db, &["SELECT count(*) FROM sync_checkpoints"]), 0);
    assert_eq!(sql(&db, &["SELECT count(*) FROM integrations"]), 1);

    ponte.ok(&["sync", "--json"], None);
    assert_eq!(sql(&db, &[MIRRORED]), mirrored, "the mirror is whole again");
    assert_eq!(
        sql(
            &db,
            &["SELECT count(*) FROM vendas WHERE nota = 'conferir'"]
        ),
        1
    );

    ponte.ok(&["reset", "--yes"], None);
    assert_eq!(
        sql(&db, &["SELECT count(*) FROM vendas"]),
        0,
        "notas went too"
    );
}
