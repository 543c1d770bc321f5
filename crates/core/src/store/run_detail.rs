//! The detail of one sync run for the Histórico screen: the run, its per-entity counts, and
//! the audit lines (`sync_log`) of what it changed or failed to apply, failures first.
//! Each line names its record as the operator knows it (name, description, "Venda 123 ·
//! cliente") beside the provider's id, and says in pt-BR what happened to it.

use super::Store;
use super::runs::SyncRun;
use crate::domain::{EntityKind, SyncRunId};
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

/// One audit line: a record a run created, changed, deactivated or could not apply.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RunLogEntry {
    pub entity: EntityKind,
    pub external_id: String,
    /// The record's name or description as stored now; `None` when Ponte has no row for
    /// it (a record that failed mapping).
    pub name: Option<String>,
    /// `created`, `updated`, `reactivated`, `deactivated`, `failed` or `stale`.
    pub action: String,
    /// What happened, in pt-BR: the fields that changed, why it failed, …
    pub detail: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RunDetail {
    pub run: SyncRun,
    /// At most `limit` lines, failures first.
    pub log: Vec<RunLogEntry>,
    /// How many lines the run wrote in all.
    pub log_total: u64,
}

/// The record's name, per entity table, from the link's local row.
const NAME_SQL: &str = "CASE l.entity_type
    WHEN 'loja' THEN (SELECT nome FROM lojas WHERE id = k.local_id)
    WHEN 'plano_conta' THEN (SELECT nome FROM planos_contas WHERE id = k.local_id)
    WHEN 'centro_custo' THEN (SELECT nome FROM centros_custos WHERE id = k.local_id)
    WHEN 'conta_bancaria' THEN (SELECT nome FROM contas_bancarias WHERE id = k.local_id)
    WHEN 'forma_pagamento' THEN (SELECT nome FROM formas_pagamento WHERE id = k.local_id)
    WHEN 'cliente' THEN (SELECT nome FROM parties WHERE id = k.local_id)
    WHEN 'fornecedor' THEN (SELECT nome FROM parties WHERE id = k.local_id)
    WHEN 'venda' THEN (SELECT 'Venda ' || coalesce(codigo, external_id)
        || coalesce(' · ' || nullif(nome_cliente, ''), '') FROM vendas WHERE id = k.local_id)
    ELSE (SELECT coalesce(nullif(descricao, ''), nome_cliente, nome_fornecedor)
        FROM lancamentos WHERE id = k.local_id)
  END";

impl Store {
    pub async fn run_detail(&self, run_id: SyncRunId, limit: u32) -> Result<RunDetail> {
        let run = self.run(run_id).await?;
        let log_total: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_log WHERE run_id = ?")
            .bind(run_id)
            .fetch_one(&self.pool)
            .await?;
        let sql = format!(
            "SELECT l.entity_type, l.external_id, l.action, l.detail, l.at, {NAME_SQL} AS name
             FROM sync_log l
             JOIN sync_runs r ON r.id = l.run_id
             JOIN integrations i ON i.id = r.integration_id
             LEFT JOIN entity_links k ON k.provider = i.provider AND k.integration_id = r.integration_id
                  AND k.entity_type = l.entity_type AND k.external_id = l.external_id
             WHERE l.run_id = ?
             ORDER BY l.action = 'failed' DESC, l.id LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(run_id)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let mut log = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some(entity) = EntityKind::parse(&r.try_get::<String, _>("entity_type")?) else {
                continue;
            };
            let action: String = r.try_get("action")?;
            let stored: Option<String> = r.try_get("detail")?;
            log.push(RunLogEntry {
                entity,
                external_id: r.try_get("external_id")?,
                name: r
                    .try_get::<Option<String>, _>("name")?
                    .filter(|n| !n.trim().is_empty()),
                detail: detail_for(&action, stored),
                action,
                at: r.try_get("at")?,
            });
        }
        Ok(RunDetail {
            run,
            log,
            log_total: log_total.max(0) as u64,
        })
    }
}

/// The line's "Detalhe": what the write recorded, said for each kind of line.
fn detail_for(action: &str, stored: Option<String>) -> String {
    match (action, stored) {
        ("created", None) => "novo no Ponte".into(),
        ("created", Some(note)) => format!("novo no Ponte · {note}"),
        ("updated", Some(changes)) => changes,
        ("updated", None) => "alterado no provedor".into(),
        ("reactivated", Some(changes)) => format!("voltou a aparecer no provedor; {changes}"),
        ("reactivated", None) => "voltou a aparecer no provedor".into(),
        ("deactivated", _) => "não veio mais do provedor: guardado como inativo".into(),
        ("failed", Some(reason)) => format!("não gravado: {reason}"),
        ("stale", Some(why)) => format!("ignorado: {why}"),
        (_, Some(text)) => text,
        (_, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::detail_for;

    #[test]
    fn every_kind_of_line_says_what_happened() {
        assert_eq!(detail_for("created", None), "novo no Ponte");
        assert_eq!(
            detail_for("updated", Some("valor: R$ 10,00 → R$ 12,00".into())),
            "valor: R$ 10,00 → R$ 12,00"
        );
        assert_eq!(
            detail_for("deactivated", None),
            "não veio mais do provedor: guardado como inativo"
        );
        assert_eq!(
            detail_for("failed", Some("valor ausente".into())),
            "não gravado: valor ausente"
        );
    }
}
