//! The SQL behind `ponte doctor`'s checks of the store itself: SQLite's own integrity and
//! foreign-key checks, provider records mirrored into two local rows, links whose row is
//! gone, the relay inbox's uniqueness, the clientes' documents, runs left "running", and
//! the safe repairs of these. What counts as a problem is the doctor's call.

use super::{Store, now_utc};
use crate::error::Result;
use sqlx::Row;

/// A table that mirrors provider records, and the link types that point into it.
struct Mirror {
    table: &'static str,
    entity_types: &'static str,
    /// The columns that, with `integration_id`, name one provider record.
    key: &'static str,
    /// Whether the row carries the operator's own `nota`, which no repair may drop.
    has_nota: bool,
}

const MIRRORS: [Mirror; 8] = [
    Mirror {
        table: "lojas",
        entity_types: "'loja'",
        key: "external_id",
        has_nota: false,
    },
    Mirror {
        table: "planos_contas",
        entity_types: "'plano_conta'",
        key: "external_id",
        has_nota: false,
    },
    Mirror {
        table: "centros_custos",
        entity_types: "'centro_custo'",
        key: "external_id",
        has_nota: false,
    },
    Mirror {
        table: "contas_bancarias",
        entity_types: "'conta_bancaria'",
        key: "external_id",
        has_nota: false,
    },
    Mirror {
        table: "formas_pagamento",
        entity_types: "'forma_pagamento'",
        key: "external_id",
        has_nota: false,
    },
    Mirror {
        table: "parties",
        entity_types: "'cliente', 'fornecedor'",
        key: "external_id, kind",
        has_nota: true,
    },
    Mirror {
        table: "vendas",
        entity_types: "'venda'",
        key: "external_id",
        has_nota: true,
    },
    Mirror {
        table: "lancamentos",
        entity_types: "'recebimento', 'pagamento'",
        key: "external_id, tipo",
        has_nota: true,
    },
];

/// A cliente's identity documents, as mirrored.
#[derive(Debug, Clone)]
pub struct ClienteDocument {
    pub integration_id: i64,
    pub nome: String,
    pub documents: Vec<String>,
}

/// A run whose row still says "running".
#[derive(Debug, Clone)]
pub struct RunningRun {
    pub id: i64,
    pub integration_id: i64,
    pub started_at: String,
}

impl Store {
    /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else what SQLite found.
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("PRAGMA integrity_check(20)")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(row.try_get::<String, _>(0)?))
            .collect()
    }

    /// `PRAGMA foreign_key_check`: the tables holding rows whose parent is gone, each with
    /// how many.
    pub async fn foreign_key_violations(&self) -> Result<Vec<(String, u64)>> {
        let rows = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&self.pool)
            .await?;
        let mut by_table: Vec<(String, u64)> = Vec::new();
        for row in &rows {
            let table: String = row.try_get(0)?;
            match by_table.iter_mut().find(|(t, _)| *t == table) {
                Some((_, n)) => *n += 1,
                None => by_table.push((table, 1)),
            }
        }
        Ok(by_table)
    }

    /// Extra local rows of provider records mirrored more than once, per table: a record
    /// in two rows counts one.
    pub async fn duplicate_mirrored_rows(&self) -> Result<Vec<(&'static str, u64)>> {
        let mut found = Vec::new();
        for mirror in &MIRRORS {
            let sql = format!(
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {table}
                 GROUP BY integration_id, {key} HAVING count(*) > 1)",
                table = mirror.table,
                key = mirror.key,
            );
            let extra: i64 = sqlx::query_scalar(&sql).fetch_one(&self.pool).await?;
            if extra > 0 {
                found.push((mirror.table, extra.unsigned_abs()));
            }
        }
        Ok(found)
    }

    /// Deletes the copies of a twice-mirrored record that no link points to, when another
    /// copy is the linked one: the sync only ever updates the linked row, so the copy is
    /// dead weight that doubles the record in every sum. A copy carrying the operator's
    /// nota is kept. Deleting a lançamento also takes it out of the DRE's kept sums (the
    /// triggers). Returns how many rows went.
    pub async fn remove_unlinked_copies(&self) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut removed = 0;
        for mirror in &MIRRORS {
            let same_key = mirror
                .key
                .split(", ")
                .map(|column| format!("other.{column} = copy.{column}"))
                .collect::<Vec<_>>()
                .join(" AND ");
            let keep_nota = if mirror.has_nota {
                "AND copy.nota IS NULL"
            } else {
                ""
            };
            // Only the rows of duplicated keys are looked up in the links: the whole table
            // would be one link scan per row.
            let sql = format!(
                "DELETE FROM {table} WHERE id IN (
                   WITH duplicated AS (
                     SELECT integration_id, {key} FROM {table}
                     GROUP BY integration_id, {key} HAVING count(*) > 1),
                   copies AS (
                     SELECT t.*, EXISTS (SELECT 1 FROM entity_links l
                         WHERE l.integration_id = t.integration_id
                           AND l.entity_type IN ({types}) AND l.local_id = t.id) AS linked
                     FROM {table} t JOIN duplicated USING (integration_id, {key}))
                   SELECT copy.id FROM copies copy
                   WHERE NOT copy.linked {keep_nota}
                     AND EXISTS (SELECT 1 FROM copies other WHERE other.linked
                       AND other.id <> copy.id AND other.integration_id = copy.integration_id
                       AND {same_key}))",
                table = mirror.table,
                key = mirror.key,
                types = mirror.entity_types,
            );
            removed += sqlx::query(&sql).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(removed)
    }

    /// Links whose local row no longer exists, per table.
    pub async fn orphan_links(&self) -> Result<Vec<(&'static str, u64)>> {
        let mut found = Vec::new();
        for mirror in &MIRRORS {
            let sql = format!(
                "SELECT count(*) FROM entity_links l WHERE l.entity_type IN ({types})
                 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = l.local_id)",
                types = mirror.entity_types,
                table = mirror.table,
            );
            let n: i64 = sqlx::query_scalar(&sql).fetch_one(&self.pool).await?;
            if n > 0 {
                found.push((mirror.table, n.unsigned_abs()));
            }
        }
        Ok(found)
    }

    /// Deletes the links whose row is gone: the next full scan mirrors their records anew.
    pub async fn remove_orphan_links(&self) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut removed = 0;
        for mirror in &MIRRORS {
            let sql = format!(
                "DELETE FROM entity_links WHERE entity_type IN ({types})
                 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = entity_links.local_id)",
                types = mirror.entity_types,
                table = mirror.table,
            );
            removed += sqlx::query(&sql).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(removed)
    }

    /// Whether `table` has a unique index on exactly `columns` (in that order).
    pub async fn has_unique_index(&self, table: &str, columns: &[&str]) -> Result<bool> {
        let indexes = sqlx::query("SELECT name, \"unique\" FROM pragma_index_list(?)")
            .bind(table)
            .fetch_all(&self.pool)
            .await?;
        for index in &indexes {
            if index.try_get::<i64, _>(1)? == 0 {
                continue;
            }
            let name: String = index.try_get(0)?;
            let indexed: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(&self.pool)
                    .await?;
            if indexed
                .iter()
                .map(String::as_str)
                .eq(columns.iter().copied())
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Relay events recorded more than once under one provider event id or relay seq.
    pub async fn repeated_inbox_events(&self) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM inbox_events GROUP BY provider, event_id
                                           HAVING count(*) > 1))
                  + (SELECT count(*) FROM (SELECT 1 FROM inbox_events GROUP BY channel, seq
                                           HAVING count(*) > 1))",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n.unsigned_abs())
    }

    /// The live clientes that carry a CPF, CNPJ or document, as typed in the provider.
    pub async fn cliente_documents(&self) -> Result<Vec<ClienteDocument>> {
        let rows = sqlx::query(
            "SELECT integration_id, nome, cpf, cnpj, documento FROM parties
             WHERE kind = 'cliente' AND deactivated_at IS NULL
               AND coalesce(cpf, cnpj, documento) IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let documents = ["cpf", "cnpj", "documento"]
                    .iter()
                    .map(|column| row.try_get::<Option<String>, _>(*column))
                    .collect::<std::result::Result<Vec<_>, _>>()?
                    .into_iter()
                    .flatten()
                    .collect();
                Ok(ClienteDocument {
                    integration_id: row.try_get("integration_id")?,
                    nome: row.try_get("nome")?,
                    documents,
                })
            })
            .collect()
    }

    /// Runs whose row says "running".
    pub async fn running_runs(&self) -> Result<Vec<RunningRun>> {
        let rows = sqlx::query(
            "SELECT id, integration_id, started_at FROM sync_runs WHERE outcome = 'running' ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RunningRun {
                    id: row.try_get("id")?,
                    integration_id: row.try_get("integration_id")?,
                    started_at: row.try_get("started_at")?,
                })
            })
            .collect()
    }

    /// Marks the runs `ids` failed with `reason`, if they still say "running".
    pub async fn fail_runs(&self, ids: &[i64], reason: &str) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut failed = 0;
        for id in ids {
            failed += sqlx::query(
                "UPDATE sync_runs SET outcome = 'failed', finished_at = ?, error_message = ?
                 WHERE id = ? AND outcome = 'running'",
            )
            .bind(now_utc())
            .bind(reason)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(failed)
    }
}
