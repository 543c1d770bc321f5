//! Upserting provider records through `entity_links`: one transaction per page, with the
//! checkpoint written in the same commit, and reconciliation at the end of a full scan.
//! This is the single write path for every record, whether pulled or pushed.

use super::runs::{EntityCounts, LogLine, write_log};
use super::{Checkpoint, Store, now_utc, placeholders, rows_per_statement};
use super::{changes, entities};
use crate::domain::dre::Settlement;
use crate::domain::{EntityKind, IntegrationId, ProviderKind, RecordBody, Scope, SyncRunId};
use crate::error::Result;
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

/// A mapped record ready to be written.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub external_id: String,
    /// The provider's `modificado_em`, when it sends one: the out-of-order guard.
    pub modified_at: Option<String>,
    /// Hash of the provider's payload: equal hash means nothing changed.
    pub payload_hash: Vec<u8>,
    /// The reconciliation scope.
    pub scope: Scope,
    pub body: RecordBody,
}

/// A live loja of an integration, as the per-loja syncs need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LojaRef {
    /// The provider's id, what `loja_id` filters by.
    pub external_id: String,
    pub nome: String,
}

/// A record the mapper refused, kept verbatim in quarantine.
#[derive(Debug, Clone)]
pub struct RecordFailure {
    pub external_id: Option<String>,
    pub reason: String,
    pub payload: String,
}

/// Everything one page commits together.
pub struct PageWrite<'a> {
    pub integration_id: IntegrationId,
    pub provider: ProviderKind,
    pub entity: EntityKind,
    pub run_id: SyncRunId,
    /// Set during a full scan, so the end of the scan can tell what vanished.
    pub scan_id: Option<i64>,
    pub records: &'a [StoredRecord],
    pub failures: &'a [RecordFailure],
    pub checkpoint: Option<&'a Checkpoint>,
}

/// Records of one entity to write, from a page of the pull sync or from relay events.
pub(super) struct Batch<'a> {
    pub integration_id: IntegrationId,
    pub provider: ProviderKind,
    pub entity: EntityKind,
    pub scan_id: Option<i64>,
    /// At most one record per external id.
    pub records: Vec<&'a StoredRecord>,
    pub failures: &'a [RecordFailure],
}

impl<'a> PageWrite<'a> {
    fn batch(&self) -> Batch<'a> {
        Batch {
            integration_id: self.integration_id,
            provider: self.provider.clone(),
            entity: self.entity,
            scan_id: self.scan_id,
            records: self.records.iter().collect(),
            failures: self.failures,
        }
    }
}

/// What happens to a record Ponte already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ApplyOutcome {
    Updated,
    Unchanged,
    /// Older than what is stored: logged, not applied.
    Stale,
}

/// The stored side of a record: its link.
#[derive(Debug, Clone)]
pub(super) struct ExistingLink {
    pub link_id: i64,
    pub local_id: i64,
    pub payload_hash: Vec<u8>,
    pub modified_at: Option<String>,
    pub active: bool,
}

impl ExistingLink {
    /// The one rule, for pulled and pushed records alike, for what writing `record` over
    /// this link does.
    pub fn judge(&self, record: &StoredRecord) -> ApplyOutcome {
        // The provider's timestamps share one fixed format, so text order is time order.
        let is_stale =
            matches!((&record.modified_at, &self.modified_at), (Some(new), Some(old)) if new < old);
        if is_stale {
            ApplyOutcome::Stale
        } else if self.payload_hash == record.payload_hash && self.active {
            ApplyOutcome::Unchanged
        } else {
            ApplyOutcome::Updated
        }
    }

    /// The log's detail for a record older than this link.
    pub fn stale_detail(&self, record: &StoredRecord) -> String {
        let when = |stamp: &Option<String>| {
            stamp
                .as_deref()
                .map_or_else(|| "data desconhecida".into(), changes::stamp_br)
        };
        format!(
            "versão de {} mais antiga que a guardada, de {}: mantida a guardada",
            when(&record.modified_at),
            when(&self.modified_at)
        )
    }
}

impl Store {
    /// Applies one page in one transaction and returns the per-record counts. New records,
    /// their links and the log are written with multi-row statements; changed ones one by
    /// one (they are few after the first sync).
    pub async fn apply_page(&self, page: PageWrite<'_>) -> Result<EntityCounts> {
        let mut tx = self.begin_write().await?;
        let now = now_utc();
        let (counts, log) = apply_in(&mut tx, &page.batch(), &now).await?;
        write_log(&mut tx, page.run_id, page.entity, &log, &now).await?;
        if let Some(checkpoint) = page.checkpoint {
            checkpoint.write(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(counts)
    }

    /// Number of live records of `entity` in `scope`, to compare with the provider's total.
    pub async fn active_count(
        &self,
        integration_id: IntegrationId,
        entity: EntityKind,
        scope: &Scope,
    ) -> Result<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM entity_links WHERE integration_id = ? AND entity_type = ? AND scope = ? AND active = 1",
        )
        .bind(integration_id)
        .bind(entity.as_str())
        .bind(scope.key())
        .fetch_one(&self.pool)
        .await?;
        Ok(count.max(0) as u64)
    }

    /// Ends full scan `scan_id` of the checkpoint's (integration, entity, scope): deactivates
    /// what the scan did not see (when `deactivate_missing`), and writes the final
    /// checkpoint, in one transaction. Returns how many vanished.
    pub async fn finish_scan(
        &self,
        run_id: SyncRunId,
        scan_id: i64,
        deactivate_missing: bool,
        checkpoint: &Checkpoint,
    ) -> Result<u64> {
        let (integration_id, entity, scope) = (
            checkpoint.integration_id,
            checkpoint.entity,
            &checkpoint.scope,
        );
        let mut tx = self.begin_write().await?;
        let mut vanished = 0;
        if deactivate_missing {
            let now = now_utc();
            let rows = sqlx::query(
                "UPDATE entity_links SET active = 0, last_changed_at = ?
                 WHERE integration_id = ? AND entity_type = ? AND scope = ? AND active = 1
                   AND (last_seen_scan IS NULL OR last_seen_scan <> ?)
                 RETURNING local_id, external_id",
            )
            .bind(&now)
            .bind(integration_id)
            .bind(entity.as_str())
            .bind(scope.key())
            .bind(scan_id)
            .fetch_all(&mut *tx)
            .await?;
            let mut vanished_ids = Vec::with_capacity(rows.len());
            for row in &rows {
                let local_id: i64 = row.try_get("local_id")?;
                entities::set_deactivated(&mut tx, entity, local_id, Some(&now)).await?;
                vanished_ids.push(row.try_get::<String, _>("external_id")?);
            }
            let log: Vec<LogLine> = vanished_ids
                .iter()
                .map(|id| LogLine {
                    external_id: id,
                    action: "deactivated",
                    detail: None,
                })
                .collect();
            write_log(&mut tx, run_id, entity, &log, &now).await?;
            vanished = rows.len() as u64;
        }
        checkpoint.write(&mut tx).await?;
        tx.commit().await?;
        Ok(vanished)
    }
}

/// Applies a page's records and quarantines its failures (pulled records the mapper
/// refused) inside the caller's transaction, returning the counts and the audit lines.
pub(super) async fn apply_in<'p>(
    conn: &mut SqliteConnection,
    page: &Batch<'p>,
    now: &str,
) -> Result<(EntityCounts, Vec<LogLine<'p>>)> {
    let ids: Vec<&str> = page
        .records
        .iter()
        .map(|r| r.external_id.as_str())
        .collect();
    let existing = load_links(conn, &page.provider, page.integration_id, page.entity, &ids).await?;
    apply_loaded(conn, page, existing, now).await
}

/// `apply_in` with the page's links already loaded (`existing` may hold more).
pub(super) async fn apply_loaded<'p>(
    conn: &mut SqliteConnection,
    page: &Batch<'p>,
    mut existing: HashMap<String, ExistingLink>,
    now: &str,
) -> Result<(EntityCounts, Vec<LogLine<'p>>)> {
    let mut counts = EntityCounts::default();
    let mut log = Vec::new();
    let mut new_records = Vec::new();
    for &record in &page.records {
        let Some(link) = existing.remove(&record.external_id) else {
            new_records.push(record);
            continue;
        };
        let (outcome, line) = update_existing(conn, page, link, record, now).await?;
        match outcome {
            ApplyOutcome::Updated => counts.updated += 1,
            ApplyOutcome::Unchanged | ApplyOutcome::Stale => counts.unchanged += 1,
        }
        log.extend(line);
    }
    insert_new(conn, page, &new_records, now).await?;
    counts.created = new_records.len() as u64;
    log.extend(new_records.iter().map(|r| LogLine {
        external_id: &r.external_id,
        action: "created",
        detail: audit_note(&r.body),
    }));
    for failure in page.failures {
        counts.failed += 1;
        quarantine_in(
            conn,
            page.integration_id,
            QuarantineOrigin::Pull,
            Some(page.entity),
            failure,
            now,
        )
        .await?;
        log.push(LogLine {
            external_id: failure.external_id.as_deref().unwrap_or("?"),
            action: "failed",
            detail: Some(failure.reason.clone()),
        });
    }
    Ok((counts, log))
}

/// Where a quarantined payload came from.
#[derive(Debug, Clone, Copy)]
pub(super) enum QuarantineOrigin<'a> {
    Pull,
    /// A relay event: where to pull it again for a reprocessing.
    Relay {
        channel: &'a str,
        seq: i64,
    },
}

/// Keeps a payload that could not be applied, verbatim, with its reason and origin.
pub(super) async fn quarantine_in(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    origin: QuarantineOrigin<'_>,
    entity: Option<EntityKind>,
    failure: &RecordFailure,
    now: &str,
) -> Result<()> {
    let (source, channel, seq) = match origin {
        QuarantineOrigin::Pull => ("pull", None, None),
        QuarantineOrigin::Relay { channel, seq } => ("relay", Some(channel), Some(seq)),
    };
    sqlx::query(
        "INSERT INTO quarantine (integration_id, source, entity_type, external_id, reason, payload, created_at,
            relay_channel, relay_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(integration_id)
    .bind(source)
    .bind(entity.map(EntityKind::as_str))
    .bind(failure.external_id.as_deref())
    .bind(&failure.reason)
    .bind(&failure.payload)
    .bind(now)
    .bind(channel)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The links of the records `external_ids` of one entity, by external id.
pub(super) async fn load_links(
    conn: &mut SqliteConnection,
    provider: &ProviderKind,
    integration_id: IntegrationId,
    entity: EntityKind,
    external_ids: &[&str],
) -> Result<HashMap<String, ExistingLink>> {
    let mut links = HashMap::with_capacity(external_ids.len());
    // Three parameters before the ids.
    for chunk in external_ids.chunks(rows_per_statement(1) - 3) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT id, external_id, local_id, payload_hash, provider_modified_at, active FROM entity_links
             WHERE provider = ? AND integration_id = ? AND entity_type = ? AND external_id IN ({marks})"
        );
        let mut query = sqlx::query(&sql)
            .bind(provider.as_str())
            .bind(integration_id)
            .bind(entity.as_str());
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            links.insert(
                row.try_get::<String, _>("external_id")?,
                ExistingLink {
                    link_id: row.try_get("id")?,
                    local_id: row.try_get("local_id")?,
                    payload_hash: row.try_get("payload_hash")?,
                    modified_at: row.try_get("provider_modified_at")?,
                    active: row.try_get("active")?,
                },
            );
        }
    }
    Ok(links)
}

/// Inserts the page's new records, then their links, many rows per statement.
async fn insert_new(
    conn: &mut SqliteConnection,
    page: &Batch<'_>,
    records: &[&StoredRecord],
    now: &str,
) -> Result<()> {
    let bodies: Vec<(&str, &RecordBody)> = records
        .iter()
        .map(|r| (r.external_id.as_str(), &r.body))
        .collect();
    let local_ids = entities::insert_many(conn, page.integration_id, &bodies).await?;
    const LINK_WIDTH: usize = 11;
    for chunk in records.chunks(rows_per_statement(LINK_WIDTH)) {
        let sql = format!(
            "INSERT INTO entity_links (provider, integration_id, entity_type, external_id, local_id, scope,
                payload_hash, provider_modified_at, last_seen_scan, first_seen_at, last_changed_at)
             VALUES {}",
            placeholders(LINK_WIDTH, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for record in chunk {
            query = query
                .bind(page.provider.as_str())
                .bind(page.integration_id)
                .bind(page.entity.as_str())
                .bind(&record.external_id)
                .bind(local_ids.get(&record.external_id).copied())
                .bind(record.scope.key())
                .bind(&record.payload_hash)
                .bind(record.modified_at.as_deref())
                .bind(page.scan_id)
                .bind(now)
                .bind(now);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Applies a record Ponte already has: skipped when unchanged or older than what is
/// stored, else written over the provider-owned columns. Returns the log line to write.
async fn update_existing<'r>(
    conn: &mut SqliteConnection,
    page: &Batch<'_>,
    link: ExistingLink,
    record: &'r StoredRecord,
    now: &str,
) -> Result<(ApplyOutcome, Option<LogLine<'r>>)> {
    let judged = link.judge(record);
    if judged != ApplyOutcome::Updated {
        sqlx::query("UPDATE entity_links SET last_seen_scan = coalesce(?, last_seen_scan), scope = ? WHERE id = ?")
            .bind(page.scan_id)
            .bind(record.scope.key())
            .bind(link.link_id)
            .execute(&mut *conn)
            .await?;
        if judged == ApplyOutcome::Unchanged {
            return Ok((ApplyOutcome::Unchanged, None));
        }
        let line = LogLine {
            external_id: &record.external_id,
            action: "stale",
            detail: Some(link.stale_detail(record)),
        };
        return Ok((ApplyOutcome::Stale, Some(line)));
    }

    let before = changes::snapshot(conn, page.entity, link.local_id).await?;
    entities::update(conn, link.local_id, &record.body).await?;
    let after = changes::snapshot(conn, page.entity, link.local_id).await?;
    sqlx::query(
        "UPDATE entity_links SET payload_hash = ?, provider_modified_at = ?, scope = ?, active = 1,
            last_seen_scan = coalesce(?, last_seen_scan), last_changed_at = ? WHERE id = ?",
    )
    .bind(&record.payload_hash)
    .bind(record.modified_at.as_deref())
    .bind(record.scope.key())
    .bind(page.scan_id)
    .bind(now)
    .bind(link.link_id)
    .execute(&mut *conn)
    .await?;
    let action = if link.active {
        "updated"
    } else {
        "reactivated"
    };
    let changed = changes::describe(&before, &after);
    let detail = match audit_note(&record.body) {
        Some(note) => format!("{changed} · {note}"),
        None => changed,
    };
    let line = LogLine {
        external_id: &record.external_id,
        action,
        detail: Some(detail),
    };
    Ok((ApplyOutcome::Updated, Some(line)))
}

/// What the audit line of a written record should flag: a settlement whose `valor_total`
/// breaks the provider's identity, so the difference in the DRE can be traced.
fn audit_note(body: &RecordBody) -> Option<String> {
    match body {
        RecordBody::Lancamento(lancamento) => Settlement::audit_note(lancamento),
        _ => None,
    }
}

impl Store {
    /// How many records of the scope a full scan has seen so far (across resumes).
    pub async fn seen_in_scan(
        &self,
        integration_id: IntegrationId,
        entity: EntityKind,
        scope: &Scope,
        scan_id: i64,
    ) -> Result<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM entity_links WHERE integration_id = ? AND entity_type = ? AND scope = ? AND last_seen_scan = ?",
        )
        .bind(integration_id)
        .bind(entity.as_str())
        .bind(scope.key())
        .bind(scan_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(count.max(0) as u64)
    }

    /// The newest provider `modificado_em` among the scope's live records: the watermark.
    pub async fn newest_modified(
        &self,
        integration_id: IntegrationId,
        entity: EntityKind,
        scope: &Scope,
    ) -> Result<Option<String>> {
        let newest = sqlx::query_scalar(
            "SELECT max(provider_modified_at) FROM entity_links WHERE integration_id = ? AND entity_type = ? AND scope = ? AND active = 1",
        )
        .bind(integration_id)
        .bind(entity.as_str())
        .bind(scope.key())
        .fetch_one(&self.pool)
        .await?;
        Ok(newest)
    }

    /// The live lojas of an integration, in id order.
    pub async fn lojas(&self, integration_id: IntegrationId) -> Result<Vec<LojaRef>> {
        let rows = sqlx::query(
            "SELECT external_id, nome FROM lojas WHERE integration_id = ? AND deactivated_at IS NULL ORDER BY id",
        )
        .bind(integration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LojaRef {
                    external_id: r.try_get("external_id")?,
                    nome: r.try_get("nome")?,
                })
            })
            .collect()
    }
}
