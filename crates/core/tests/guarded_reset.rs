//! The guarded reset over a real store mirrored from the sandbox: it takes a verified
//! backup first and removes nothing when that backup cannot be written; it keeps the
//! integration, the DRE mapping and the notas (unless asked to remove them); and after
//! it the next sync, a full mirror, matches the sandbox again. The real-time cursor moves
//! to the relay's newest event, so older webhooks are not replayed over the new mirror.

use crate::support;

use chrono::Utc;
use ponte_core::Error;
use ponte_core::backups::BackupKind;
use ponte_core::credentials::Secret;
use ponte_core::maintenance::ResetOptions;
use ponte_core::realtime::RelayClient;
use ponte_webhooks::{AuthMode, Outgoing, sign};
use serde_json::json;
use std::time::Duration;
use support::relay::{ConnectedRelay, connected_relay};
use support::{Harness, assert_succeeded, fast_settings, harness, small_unlimited};

async fn count(h: &Harness, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(h.core.store().pool())
        .await
        .expect("count")
}

async fn mirrored_with_annotations() -> Harness {
    let h = harness(small_unlimited(31), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let pool = h.core.store().pool();
    sqlx::query("UPDATE vendas SET nota = 'cliente pediu nota fiscal' WHERE id = (SELECT min(id) FROM vendas)")
        .execute(pool)
        .await
        .expect("nota");
    sqlx::query(
        "INSERT INTO dre_mapping (integration_id, plano_external_id, class, updated_at)
         VALUES (?, 'plano-x', 'cmv', '2026-12-01T00:00:00Z')",
    )
    .bind(h.integration.id)
    .execute(pool)
    .await
    .expect("mapping");
    h
}

#[tokio::test]
async fn a_reset_keeps_setup_and_notas_and_the_next_sync_mirrors_the_sandbox_again() {
    let h = mirrored_with_annotations().await;
    let vendas_before = count(&h, "SELECT count(*) FROM vendas").await;
    assert!(vendas_before > 1, "the sandbox mirrored vendas");

    let report = h
        .core
        .maintenance()
        .reset(ResetOptions::default())
        .await
        .expect("reset");

    // A verified backup came first, and it holds what was removed.
    let backups = h.core.backups().list().expect("list");
    let backup = backups
        .iter()
        .find(|b| b.id == report.backup_id)
        .expect("the reset's backup is listed");
    assert_eq!(backup.kind, BackupKind::BeforeReset);
    h.core.backups().verify(&backup.id).await.expect("verifies");

    assert_eq!(report.kept_annotated_rows, 1);
    assert!(report.removed_rows > 0);
    assert_eq!(count(&h, "SELECT count(*) FROM vendas").await, 1);
    assert_eq!(
        count(&h, "SELECT count(*) FROM vendas WHERE nota IS NOT NULL").await,
        1
    );
    assert_eq!(count(&h, "SELECT count(*) FROM lancamentos").await, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM parties").await, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM sync_checkpoints").await, 0);
    assert_eq!(
        count(&h, "SELECT count(*) FROM entity_links").await,
        1,
        "only the annotated venda's link stays"
    );
    assert_eq!(count(&h, "SELECT count(*) FROM dre_monthly").await, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM cash_flow_daily").await, 0);
    assert_eq!(
        count(&h, "SELECT count(*) FROM cash_flow_due_daily").await,
        0
    );
    assert_eq!(count(&h, "SELECT count(*) FROM integrations").await, 1);
    assert_eq!(count(&h, "SELECT count(*) FROM dre_mapping").await, 1);
    assert!(count(&h, "SELECT count(*) FROM sync_runs").await > 0);

    assert_succeeded(&h.sync().await);
    h.assert_mirrors_sandbox().await;
    assert_eq!(
        count(&h, "SELECT count(*) FROM vendas").await,
        vendas_before,
        "the annotated venda was updated in place, not mirrored twice"
    );
    assert_eq!(
        count(
            &h,
            "SELECT count(*) FROM vendas WHERE nota = 'cliente pediu nota fiscal'"
        )
        .await,
        1
    );
    support::assert_dre_sums_are_a_recount(h.core.store().pool()).await;
}

#[tokio::test]
async fn asked_to_the_reset_also_removes_the_notas() {
    let h = mirrored_with_annotations().await;
    let report = h
        .core
        .maintenance()
        .reset(ResetOptions {
            remove_annotations: true,
        })
        .await
        .expect("reset");
    assert_eq!(report.kept_annotated_rows, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM vendas").await, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM entity_links").await, 0);
    assert_eq!(count(&h, "SELECT count(*) FROM dre_mapping").await, 1);

    assert_succeeded(&h.sync().await);
    h.assert_mirrors_sandbox().await;
    assert_eq!(
        count(&h, "SELECT count(*) FROM vendas WHERE nota IS NOT NULL").await,
        0
    );
}

#[tokio::test]
async fn without_a_backup_nothing_is_removed() {
    let h = mirrored_with_annotations().await;
    let before = count(&h, "SELECT count(*) FROM vendas").await
        + count(&h, "SELECT count(*) FROM lancamentos").await
        + count(&h, "SELECT count(*) FROM entity_links").await
        + count(&h, "SELECT count(*) FROM sync_checkpoints").await;
    // The backups folder cannot be made: a file stands where it should be.
    let backups = h.core.backups().dir().to_path_buf();
    if backups.exists() {
        std::fs::remove_dir_all(&backups).expect("clear backups");
    }
    std::fs::write(&backups, b"not a folder").expect("file in the way");

    let error = h
        .core
        .maintenance()
        .reset(ResetOptions {
            remove_annotations: true,
        })
        .await
        .expect_err("no backup, no reset");
    assert!(
        !matches!(error, Error::ResetWhileSyncing { .. }),
        "the backup failed: {error}"
    );

    let after = count(&h, "SELECT count(*) FROM vendas").await
        + count(&h, "SELECT count(*) FROM lancamentos").await
        + count(&h, "SELECT count(*) FROM entity_links").await
        + count(&h, "SELECT count(*) FROM sync_checkpoints").await;
    assert_eq!(after, before, "nothing was removed");
}

#[tokio::test]
async fn the_realtime_cursor_moves_to_the_relays_newest_event() {
    let h = harness(small_unlimited(32), fast_settings()).await;
    assert_succeeded(&h.sync().await);
    let ConnectedRelay {
        relay: _relay,
        credentials,
        channel,
        dir: _relay_dir,
    } = connected_relay(&h, AuthMode::Hmac).await;
    let http = reqwest::Client::new();
    for n in 1..=3 {
        let body = serde_json::to_vec(&json!({
            "event_id": format!("evt-{n}"), "event": "cost_center.created",
            "resource": "centros_custos", "occurred_at": Utc::now().to_rfc3339(),
            "data": {"id": format!("99000{n}"), "nome": "Antigo"}
        }))
        .expect("json");
        let id = format!("evt-{n}");
        let headers = sign(
            AuthMode::Hmac,
            &credentials.secret,
            &Outgoing {
                id: &id,
                timestamp: Utc::now(),
                body: &body,
            },
        )
        .expect("signed");
        let status = http
            .post(&credentials.ingest_url)
            .headers(headers)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("relay answers")
            .status();
        assert!(status.is_success(), "{status}");
    }
    let client = RelayClient::new(
        &channel.relay_url,
        &channel.channel,
        Secret::new(credentials.pull_token.clone()),
    )
    .expect("client");
    let waiting = client.pull(0, 100, Duration::ZERO).await.expect("pull");
    let newest = waiting.events.last().expect("three events wait").seq;

    let report = h
        .core
        .maintenance()
        .reset(ResetOptions::default())
        .await
        .expect("reset");

    assert_eq!(report.moved_cursors, 1);
    let stored = h
        .core
        .store()
        .relay_channel(h.integration.id)
        .await
        .expect("channel")
        .expect("still connected");
    assert_eq!(stored.cursor, newest);
    assert_eq!(count(&h, "SELECT count(*) FROM inbox_events").await, 0);
}
