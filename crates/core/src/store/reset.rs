//! The SQL of the guarded reset ("Limpar dados espelhados"): one transaction that empties
//! the mirror and keeps what the operator set up. What counts as mirrored is documented in
//! `maintenance::reset`; this file only carries it out.

use super::Store;
use crate::error::Result;

/// A table that mirrors provider records, and the link types that point into it.
struct MirroredTable {
    table: &'static str,
    entity_types: &'static str,
    /// Whether its rows carry the operator's own `nota`.
    has_nota: bool,
}

const MIRRORED: [MirroredTable; 8] = [
    MirroredTable {
        table: "lojas",
        entity_types: "'loja'",
        has_nota: false,
    },
    MirroredTable {
        table: "planos_contas",
        entity_types: "'plano_conta'",
        has_nota: false,
    },
    MirroredTable {
        table: "centros_custos",
        entity_types: "'centro_custo'",
        has_nota: false,
    },
    MirroredTable {
        table: "contas_bancarias",
        entity_types: "'conta_bancaria'",
        has_nota: false,
    },
    MirroredTable {
        table: "formas_pagamento",
        entity_types: "'forma_pagamento'",
        has_nota: false,
    },
    MirroredTable {
        table: "parties",
        entity_types: "'cliente', 'fornecedor'",
        has_nota: true,
    },
    MirroredTable {
        table: "vendas",
        entity_types: "'venda'",
        has_nota: true,
    },
    MirroredTable {
        table: "lancamentos",
        entity_types: "'recebimento', 'pagamento'",
        has_nota: true,
    },
];

/// How many mirrored rows a reset removed, and how many it kept for their notas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResetCounts {
    pub removed_rows: u64,
    pub kept_annotated_rows: u64,
}

impl Store {
    /// Empties the mirror in one transaction: every mirrored row (with its items,
    /// parcelas and Coinzz details, by cascade), its links, the Coinzz assinaturas, the
    /// sync checkpoints (so the next sync is a full mirror) and the quarantined pulled
    /// records (the full sync meets them again). With `keep_annotations`, a row carrying
    /// a nota stays with its link, so the full sync updates it in place and the nota
    /// survives. The relay cursors move to `cursors` (integration id, newest relay seq).
    /// Integrations, schedules, relay channels, the DRE mapping, saldos iniciais,
    /// preferences, notifications, the run history and the inbox are not touched.
    pub async fn reset_mirror(
        &self,
        keep_annotations: bool,
        cursors: &[(i64, i64)],
    ) -> Result<ResetCounts> {
        let mut tx = self.begin_write().await?;
        let mut counts = ResetCounts::default();
        for mirror in &MIRRORED {
            let keep = if mirror.has_nota && keep_annotations {
                "WHERE nota IS NULL"
            } else {
                ""
            };
            let sql = format!("DELETE FROM {} {keep}", mirror.table);
            counts.removed_rows += sqlx::query(&sql).execute(&mut *tx).await?.rows_affected();
            if !keep.is_empty() {
                let sql = format!("SELECT count(*) FROM {}", mirror.table);
                let kept: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *tx).await?;
                counts.kept_annotated_rows += kept.unsigned_abs();
            }
            let sql = format!(
                "DELETE FROM entity_links WHERE entity_type IN ({types})
                 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = entity_links.local_id)",
                types = mirror.entity_types,
                table = mirror.table,
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        // Links of any other kind point at rows that no longer exist.
        let known_types: Vec<&str> = MIRRORED.iter().map(|m| m.entity_types).collect();
        let sql = format!(
            "DELETE FROM entity_links WHERE entity_type NOT IN ({})",
            known_types.join(", ")
        );
        sqlx::query(&sql).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM assinaturas")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sync_checkpoints")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM quarantine WHERE source = 'pull'")
            .execute(&mut *tx)
            .await?;
        // The triggers took the deleted lançamentos and vendas out of the kept DRE, fluxo de
        // caixa, vendas and due sums; what is left at zero entries is an empty cell.
        sqlx::query("DELETE FROM dre_monthly WHERE entries = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM dre_monthly_totals WHERE entries = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM cash_flow_daily WHERE entries = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM cash_flow_due_daily WHERE entries = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM vendas_monthly WHERE vendas = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM recebimentos_settled_due_daily WHERE entries = 0")
            .execute(&mut *tx)
            .await?;
        for (integration_id, seq) in cursors {
            sqlx::query(
                "UPDATE relay_channels SET cursor = max(cursor, ?) WHERE integration_id = ?",
            )
            .bind(seq)
            .bind(integration_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(counts)
    }
}
