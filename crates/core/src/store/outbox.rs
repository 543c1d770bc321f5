//! The `outbox` table: changes queued to be written back to a provider, and every step of
//! their life — queued with the mirror's values they were based on, claimed by one sender
//! at a time, rescheduled, held as a conflict, failed, or finished together with the
//! record they produced (upserted through the sync's own write path, with its audit line
//! in `sync_log`, in one transaction).
//!
//! The outbox's own instants are UTC RFC 3339 with milliseconds, one format throughout,
//! so that text order is time order in its comparisons.

use super::links::{Batch, apply_in};
use super::{Store, StoredRecord, now_utc};
use crate::domain::{EntityKind, IntegrationId, LancamentoTipo, ProviderKind};
use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

pub type OutboxId = i64;

/// Where a queued change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Pending,
    Sending,
    Done,
    Conflict,
    Failed,
    Discarded,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sending => "sending",
            OutboxState::Done => "done",
            OutboxState::Conflict => "conflict",
            OutboxState::Failed => "failed",
            OutboxState::Discarded => "discarded",
        }
    }

    pub fn parse(text: &str) -> Option<OutboxState> {
        [
            OutboxState::Pending,
            OutboxState::Sending,
            OutboxState::Done,
            OutboxState::Conflict,
            OutboxState::Failed,
            OutboxState::Discarded,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
    }

    /// Still to be sent: the lançamento's "pendente de envio".
    pub fn is_open(self) -> bool {
        matches!(self, OutboxState::Pending | OutboxState::Sending)
    }
}

/// The provider fields a change may set, with the `lancamentos` column each is mirrored in
/// and how: what a change's base is read from.
const MIRRORED_FIELDS: [(&str, &str, Mirrored); 10] = [
    ("liquidado", "liquidado", Mirrored::Flag),
    ("data_liquidacao", "data_liquidacao", Mirrored::Text),
    ("conta_bancaria_id", "conta_bancaria_id", Mirrored::Text),
    ("forma_pagamento_id", "forma_pagamento_id", Mirrored::Text),
    ("juros", "juros_centavos", Mirrored::Money),
    ("desconto", "desconto_centavos", Mirrored::Money),
    ("taxa_banco", "taxa_banco_centavos", Mirrored::Money),
    ("taxa_operadora", "taxa_operadora_centavos", Mirrored::Money),
    ("plano_contas_id", "plano_contas_id", Mirrored::Text),
    ("centro_custo_id", "centro_custo_id", Mirrored::Text),
];

#[derive(Clone, Copy)]
enum Mirrored {
    Flag,
    Text,
    Money,
}

/// A lançamento a change is asked for, as the outbox needs it.
#[derive(Debug, Clone)]
pub struct OutboxTarget {
    pub lancamento_id: i64,
    pub integration_id: IntegrationId,
    pub tipo: LancamentoTipo,
    pub external_id: String,
    pub liquidado: bool,
    pub active: bool,
    pub modificado_em: Option<String>,
    /// Every field a change may set, in the provider's format, as mirrored now.
    pub mirrored: Map<String, Value>,
}

/// A change to queue.
#[derive(Debug, Clone)]
pub struct NewOutboxItem {
    pub integration_id: IntegrationId,
    pub tipo: LancamentoTipo,
    pub external_id: String,
    pub operation: &'static str,
    pub change: Map<String, Value>,
    pub base: Map<String, Value>,
    pub base_modified_at: Option<String>,
    pub priority: u8,
    pub max_attempts: u32,
}

/// A row of the outbox, as stored.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: OutboxId,
    pub integration_id: IntegrationId,
    pub integration_name: String,
    pub tipo: LancamentoTipo,
    pub external_id: String,
    pub lancamento_id: Option<i64>,
    pub descricao: Option<String>,
    pub operation: String,
    pub change: Map<String, Value>,
    pub base: Map<String, Value>,
    pub base_modified_at: Option<String>,
    pub upstream: Option<Map<String, Value>>,
    pub priority: u8,
    pub state: OutboxState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub next_attempt_at: String,
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    pub requested_at: String,
    pub finished_at: Option<String>,
}

/// Which rows a listing shows.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct OutboxFilter {
    /// Empty: every state.
    #[serde(default)]
    pub states: Vec<OutboxState>,
    pub integration_id: Option<IntegrationId>,
    /// At most this many, newest first (200 when absent).
    pub limit: Option<u32>,
}

/// How many rows are in each state: the screen's counters and the nav's badge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct OutboxCounts {
    pub pending: u32,
    pub sending: u32,
    pub conflict: u32,
    pub failed: u32,
    pub done: u32,
}

/// The instants of the outbox: see the module doc.
pub fn outbox_stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

const ROW_COLUMNS: &str = "o.id, o.integration_id, i.name AS integration_name, o.entity_type,
    o.external_id, l.id AS lancamento_id, l.descricao, o.operation, o.change, o.base,
    o.base_modified_at, o.upstream, o.priority, o.state, o.attempts, o.max_attempts,
    o.next_attempt_at, o.last_error_code, o.last_error, o.requested_at, o.finished_at";

const ROW_FROM: &str = "outbox o
    JOIN integrations i ON i.id = o.integration_id
    LEFT JOIN lancamentos l ON l.integration_id = o.integration_id
        AND l.tipo = o.entity_type AND l.external_id = o.external_id";

impl Store {
    /// The lançamentos with local ids `ids`, each with the fields a change may set. Ids
    /// that name no lançamento are left out: the caller names them.
    pub async fn outbox_targets(&self, ids: &[i64]) -> Result<Vec<OutboxTarget>> {
        let mut targets = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(super::rows_per_statement(1)) {
            let columns: Vec<&str> = MIRRORED_FIELDS.iter().map(|(_, c, _)| *c).collect();
            let sql = format!(
                "SELECT id, integration_id, tipo, external_id, modificado_em,
                        deactivated_at IS NULL AS active, {}
                 FROM lancamentos WHERE id IN ({})",
                columns.join(", "),
                vec!["?"; chunk.len()].join(", ")
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(self.pool()).await? {
                targets.push(target(&row)?);
            }
        }
        Ok(targets)
    }

    /// Queues `items` in one transaction: all of them or none.
    pub async fn enqueue_outbox(&self, items: &[NewOutboxItem]) -> Result<Vec<OutboxId>> {
        let now = outbox_stamp(Utc::now());
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let id: OutboxId = sqlx::query_scalar(
                "INSERT INTO outbox (integration_id, entity_type, external_id, operation, change,
                    base, base_modified_at, priority, state, max_attempts, next_attempt_at,
                    requested_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
            )
            .bind(item.integration_id)
            .bind(item.tipo.as_str())
            .bind(&item.external_id)
            .bind(item.operation)
            .bind(Value::Object(item.change.clone()).to_string())
            .bind(Value::Object(item.base.clone()).to_string())
            .bind(item.base_modified_at.as_deref())
            .bind(i64::from(item.priority.min(10)))
            .bind(i64::from(item.max_attempts.max(1)))
            .bind(&now)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Puts back to pending the rows being sent by a process that is gone (`is_live` says
    /// which claimants still run) or whose claim ran out: whether their send landed is
    /// checked against the provider before anything is sent again. Returns how many.
    pub async fn release_dead_outbox_claims(&self, is_live: impl Fn(i64) -> bool) -> Result<u64> {
        let now = outbox_stamp(Utc::now());
        let rows = sqlx::query(
            "SELECT id, claimed_by, next_attempt_at FROM outbox WHERE state = 'sending'",
        )
        .fetch_all(self.pool())
        .await?;
        let mut released = 0;
        for row in rows {
            let claimant: Option<i64> = row.try_get("claimed_by")?;
            let lease: String = row.try_get("next_attempt_at")?;
            if claimant.is_some_and(&is_live) && lease > now {
                continue;
            }
            let done = sqlx::query(
                "UPDATE outbox SET state = 'pending', claimed_by = NULL, next_attempt_at = ?
                 WHERE id = ? AND state = 'sending'",
            )
            .bind(&now)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(self.pool())
            .await?;
            released += done.rows_affected();
        }
        Ok(released)
    }

    /// Claims the next row to send, by priority then age, for process `pid` until
    /// `lease_until`: only a due row of an enabled integration that allows writes, and only
    /// when no older change to the same record is still open (changes to one record go in
    /// the order they were asked). The claim counts as an attempt.
    pub async fn claim_outbox(
        &self,
        pid: i64,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<OutboxRow>> {
        let now = outbox_stamp(Utc::now());
        let claimed: Option<OutboxId> = sqlx::query_scalar(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?,
                    next_attempt_at = ?
             WHERE id = (
                SELECT o.id FROM outbox o JOIN integrations i ON i.id = o.integration_id
                WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND i.enabled = 1
                  AND coalesce(json_extract(i.settings, '$.allow_writes'), 0) = 1
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox e
                    WHERE e.integration_id = o.integration_id AND e.entity_type = o.entity_type
                      AND e.external_id = o.external_id AND e.id < o.id
                      AND e.state IN ('pending', 'sending'))
                ORDER BY o.priority DESC, o.id LIMIT 1)
             RETURNING id",
        )
        .bind(pid)
        .bind(outbox_stamp(lease_until))
        .bind(&now)
        .fetch_optional(self.pool())
        .await?;
        match claimed {
            Some(id) => Ok(Some(self.outbox_row(id).await?)),
            None => Ok(None),
        }
    }

    /// When the next pending row falls due, if any is waiting for a later attempt.
    pub async fn next_outbox_attempt(&self) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Back to pending after a failed try, to be tried at `at`. `counted`: whether the try
    /// counts against the row's attempts (a cancelled one does not).
    pub async fn reschedule_outbox(
        &self,
        id: OutboxId,
        at: DateTime<Utc>,
        counted: bool,
        error: Option<&Error>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'pending', claimed_by = NULL, next_attempt_at = ?,
                    attempts = attempts - ?, last_error_code = coalesce(?, last_error_code),
                    last_error = coalesce(?, last_error)
             WHERE id = ? AND state = 'sending'",
        )
        .bind(outbox_stamp(at))
        .bind(i64::from(!counted))
        .bind(error.map(|e| e.code().to_string()))
        .bind(error.map(ToString::to_string))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The row ends failed with `error`, for the operator to retry or discard.
    pub async fn fail_outbox(&self, id: OutboxId, error: &Error) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'failed', claimed_by = NULL, last_error_code = ?,
                    last_error = ?, finished_at = ?
             WHERE id = ? AND state = 'sending'",
        )
        .bind(error.code().to_string())
        .bind(error.to_string())
        .bind(outbox_stamp(Utc::now()))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The row is held for the operator: `upstream` is the provider's record now.
    pub async fn hold_outbox_conflict(
        &self,
        id: OutboxId,
        upstream: &Map<String, Value>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'conflict', claimed_by = NULL, upstream = ?,
                    finished_at = ?
             WHERE id = ? AND state = 'sending'",
        )
        .bind(Value::Object(upstream.clone()).to_string())
        .bind(outbox_stamp(Utc::now()))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The change is at the provider: `record` (its record now) is upserted through the
    /// sync's own write path, the audit line written and the row marked done, in one
    /// transaction, so the mirror, the kept report sums and the outbox move together.
    pub async fn finish_outbox_written(
        &self,
        id: OutboxId,
        provider: &ProviderKind,
        integration_id: IntegrationId,
        entity: EntityKind,
        record: &StoredRecord,
        detail: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let batch = Batch {
            integration_id,
            provider: provider.clone(),
            entity,
            scan_id: None,
            records: vec![record],
            failures: &[],
        };
        apply_in(&mut tx, &batch, &now_utc()).await?;
        let at = outbox_stamp(Utc::now());
        sqlx::query(
            "INSERT INTO sync_log (outbox_id, entity_type, external_id, action, detail, at)
             VALUES (?, ?, ?, 'written', ?, ?)",
        )
        .bind(id)
        .bind(entity.as_str())
        .bind(&record.external_id)
        .bind(detail)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE outbox SET state = 'done', claimed_by = NULL, last_error_code = NULL,
                    last_error = NULL, finished_at = ?
             WHERE id = ?",
        )
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A failed row queued again from scratch, or a conflict applied again over the
    /// provider's newer version (`rebase`: its values and stamp become the base).
    pub async fn requeue_outbox(
        &self,
        id: OutboxId,
        from: OutboxState,
        rebase: Option<(&Map<String, Value>, Option<&str>)>,
    ) -> Result<bool> {
        let now = outbox_stamp(Utc::now());
        let (base, stamp) = match rebase {
            Some((base, stamp)) => (Some(Value::Object(base.clone()).to_string()), stamp),
            None => (None, None),
        };
        let done = sqlx::query(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?,
                    finished_at = NULL, last_error_code = NULL, last_error = NULL,
                    upstream = CASE WHEN ? IS NULL THEN upstream ELSE NULL END,
                    base = coalesce(?, base),
                    base_modified_at = CASE WHEN ? IS NULL THEN base_modified_at ELSE ? END
             WHERE id = ? AND state = ?",
        )
        .bind(&now)
        .bind(base.as_deref())
        .bind(base.as_deref())
        .bind(base.as_deref())
        .bind(stamp)
        .bind(id)
        .bind(from.as_str())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The operator gives up on a row that is not being sent. `false` when it is.
    pub async fn discard_outbox(&self, id: OutboxId) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'discarded', finished_at = ?
             WHERE id = ? AND state IN ('pending', 'conflict', 'failed')",
        )
        .bind(outbox_stamp(Utc::now()))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn outbox_row(&self, id: OutboxId) -> Result<OutboxRow> {
        let row = sqlx::query(&format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM} WHERE o.id = ?"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => outbox_row(&row),
            None => Err(Error::OutboxItemNotFound { id }),
        }
    }

    /// The newest rows first.
    pub async fn outbox_rows(&self, filter: &OutboxFilter) -> Result<Vec<OutboxRow>> {
        let states: Vec<&str> = filter.states.iter().map(|s| s.as_str()).collect();
        let state_clause = match states.len() {
            0 => String::new(),
            n => format!("AND o.state IN ({})", vec!["?"; n].join(", ")),
        };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
             WHERE (? IS NULL OR o.integration_id = ?) {state_clause}
             ORDER BY o.id DESC LIMIT {}",
            filter.limit.unwrap_or(200).clamp(1, 5_000)
        );
        // Plain `?` throughout: sqlx numbers an unnumbered `?` after a `?1` from 1 again,
        // which bound the first state to the integration id.
        let mut query = sqlx::query(&sql)
            .bind(filter.integration_id)
            .bind(filter.integration_id);
        for state in states {
            query = query.bind(state);
        }
        query
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(outbox_row)
            .collect()
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let rows = sqlx::query("SELECT state, count(*) AS n FROM outbox GROUP BY state")
            .fetch_all(self.pool())
            .await?;
        let mut counts = OutboxCounts::default();
        for row in rows {
            let n = u32::try_from(row.try_get::<i64, _>("n")?).unwrap_or(u32::MAX);
            match OutboxState::parse(row.try_get("state")?) {
                Some(OutboxState::Pending) => counts.pending = n,
                Some(OutboxState::Sending) => counts.sending = n,
                Some(OutboxState::Conflict) => counts.conflict = n,
                Some(OutboxState::Failed) => counts.failed = n,
                Some(OutboxState::Done) => counts.done = n,
                Some(OutboxState::Discarded) | None => {}
            }
        }
        Ok(counts)
    }
}

fn target(row: &SqliteRow) -> Result<OutboxTarget> {
    let mut mirrored = Map::new();
    for (field, column, kind) in MIRRORED_FIELDS {
        let value = match kind {
            Mirrored::Flag => {
                let flag: bool = row.try_get(column)?;
                Value::String(if flag { "1" } else { "0" }.into())
            }
            Mirrored::Money => {
                let centavos: i64 = row.try_get(column)?;
                Value::String(crate::money::format_decimal(centavos))
            }
            Mirrored::Text => {
                let text: Option<String> = row.try_get(column)?;
                Value::String(text.unwrap_or_default())
            }
        };
        mirrored.insert(field.to_string(), value);
    }
    Ok(OutboxTarget {
        lancamento_id: row.try_get("id")?,
        integration_id: row.try_get("integration_id")?,
        tipo: super::lancamento_tipo(row)?,
        external_id: row.try_get("external_id")?,
        liquidado: row.try_get("liquidado")?,
        active: row.try_get("active")?,
        modificado_em: row.try_get("modificado_em")?,
        mirrored,
    })
}

fn json_map(text: &str) -> Map<String, Value> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|value| value.as_object().cloned())
        .unwrap_or_default()
}

fn outbox_row(row: &SqliteRow) -> Result<OutboxRow> {
    let tipo: String = row.try_get("entity_type")?;
    let state: String = row.try_get("state")?;
    let upstream: Option<String> = row.try_get("upstream")?;
    Ok(OutboxRow {
        id: row.try_get("id")?,
        integration_id: row.try_get("integration_id")?,
        integration_name: row.try_get("integration_name")?,
        tipo: LancamentoTipo::parse(&tipo).unwrap_or(LancamentoTipo::Recebimento),
        external_id: row.try_get("external_id")?,
        lancamento_id: row.try_get("lancamento_id")?,
        descricao: row.try_get("descricao")?,
        operation: row.try_get("operation")?,
        change: json_map(&row.try_get::<String, _>("change")?),
        base: json_map(&row.try_get::<String, _>("base")?),
        base_modified_at: row.try_get("base_modified_at")?,
        upstream: upstream.as_deref().map(json_map),
        priority: u8::try_from(row.try_get::<i64, _>("priority")?).unwrap_or(0),
        state: OutboxState::parse(&state).unwrap_or(OutboxState::Failed),
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(0),
        max_attempts: u32::try_from(row.try_get::<i64, _>("max_attempts")?).unwrap_or(1),
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error_code: row.try_get("last_error_code")?,
        last_error: row.try_get("last_error")?,
        requested_at: row.try_get("requested_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}
