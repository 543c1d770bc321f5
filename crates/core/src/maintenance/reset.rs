//! The guarded reset ("Limpar dados espelhados", `ponte reset --yes`).
//!
//! What is mirrored, and so removed: the rows copied from the providers (lojas, planos de
//! contas, centros de custo, contas bancárias, formas de pagamento, clientes,
//! fornecedores, vendas with their itens and parcelas and Coinzz details, lançamentos,
//! Coinzz assinaturas), their links, the sync checkpoints, the quarantined pulled records
//! and the DRE's kept sums of the removed lançamentos. What stays: the integrations with
//! their schedules and settings, the credentials (in the keyring), the relay channels, the
//! DRE mapping, the saldos iniciais, preferences, notifications, the run history and the
//! relay inbox (the record of which events were applied, which also keeps a redelivered
//! event from being applied twice). The operator's notas stay unless asked otherwise.
//!
//! Order: no sync may be running; a verified backup (`BeforeReset`) is taken, and if it
//! fails nothing is removed; the relays are asked for their newest event; then one
//! transaction empties the mirror and moves the real-time cursors there. The next sync
//! starts a full mirror. The cursors move because the full sync rebuilds the mirror from
//! the provider as it is now: replaying older webhooks on top of it would apply stale
//! changes.

use super::Maintenance;
use super::relay_heads::newest_relay_seqs;
use crate::backups::BackupKind;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, specta::Type)]
pub struct ResetOptions {
    /// Also removes the operator's notas on clientes, fornecedores, vendas and lançamentos.
    pub remove_annotations: bool,
}

/// What a reset did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ResetReport {
    /// The verified backup taken first: the way back.
    pub backup_id: String,
    #[specta(type = f64)]
    pub removed_rows: u64,
    /// Rows kept because they carry a nota; the next sync updates them in place.
    #[specta(type = f64)]
    pub kept_annotated_rows: u64,
    /// Relay channels whose cursor moved to the relay's newest event.
    pub moved_cursors: u32,
}

impl Maintenance {
    pub async fn reset(&self, options: ResetOptions) -> Result<ResetReport> {
        for integration in self.context.store.integrations().await? {
            if self.engine.running(integration.id).is_some() {
                return Err(Error::ResetWhileSyncing {
                    integration: integration.name,
                });
            }
        }
        let backup = self.backups.create(BackupKind::BeforeReset).await?;
        let heads = newest_relay_seqs(&self.context).await?;
        let counts = self
            .context
            .store
            .reset_mirror(!options.remove_annotations, &heads)
            .await?;
        tracing::info!(
            backup = %backup.id,
            removed = counts.removed_rows,
            kept_annotated = counts.kept_annotated_rows,
            "dados espelhados limpos; a próxima sincronização espelha tudo de novo"
        );
        self.realtime.restart_relay_pollers().await?;
        Ok(ResetReport {
            backup_id: backup.id,
            removed_rows: counts.removed_rows,
            kept_annotated_rows: counts.kept_annotated_rows,
            moved_cursors: u32::try_from(heads.len()).unwrap_or(u32::MAX),
        })
    }
}
