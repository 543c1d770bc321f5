//! `sync_checkpoints`: per (integration, entity, scope), the incremental watermark and the
//! position of a full scan in progress. Written in the same transaction as the page it
//! follows, so a killed sync resumes exactly after the last committed page.

use super::{Store, now_utc};
use crate::domain::{EntityKind, IntegrationId, Scope};
use crate::error::Result;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub integration_id: IntegrationId,
    pub entity: EntityKind,
    pub scope: Scope,
    /// Newest `modificado_em` seen by a completed pass; `None` until the first full scan ends.
    pub watermark: Option<String>,
    /// The full scan in progress (its id) and the next page it must read.
    pub scan_id: Option<i64>,
    pub next_page: Option<u32>,
}

impl Checkpoint {
    pub fn empty(integration_id: IntegrationId, entity: EntityKind, scope: &Scope) -> Checkpoint {
        Checkpoint {
            integration_id,
            entity,
            scope: scope.clone(),
            watermark: None,
            scan_id: None,
            next_page: None,
        }
    }

    pub(super) async fn write(&self, conn: &mut SqliteConnection) -> Result<()> {
        sqlx::query(
            "INSERT INTO sync_checkpoints (integration_id, entity_type, scope, watermark, scan_id, next_page, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (integration_id, entity_type, scope) DO UPDATE SET
                watermark = excluded.watermark, scan_id = excluded.scan_id,
                next_page = excluded.next_page, updated_at = excluded.updated_at",
        )
        .bind(self.integration_id)
        .bind(self.entity.as_str())
        .bind(self.scope.key())
        .bind(self.watermark.as_deref())
        .bind(self.scan_id)
        .bind(self.next_page.map(i64::from))
        .bind(now_utc())
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl Store {
    pub async fn checkpoint(
        &self,
        integration_id: IntegrationId,
        entity: EntityKind,
        scope: &Scope,
    ) -> Result<Checkpoint> {
        let row = sqlx::query(
            "SELECT watermark, scan_id, next_page FROM sync_checkpoints WHERE integration_id = ? AND entity_type = ? AND scope = ?",
        )
        .bind(integration_id)
        .bind(entity.as_str())
        .bind(scope.key())
        .fetch_optional(&self.pool)
        .await?;
        let mut checkpoint = Checkpoint::empty(integration_id, entity, scope);
        if let Some(row) = row {
            checkpoint.watermark = row.try_get("watermark")?;
            checkpoint.scan_id = row.try_get("scan_id")?;
            checkpoint.next_page = row
                .try_get::<Option<i64>, _>("next_page")?
                .map(|p| p.clamp(1, i64::from(u32::MAX)) as u32);
        }
        Ok(checkpoint)
    }

    pub async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        checkpoint.write(&mut conn).await
    }
}
