//! The checks of the store itself: SQLite's integrity and foreign keys, records mirrored
//! twice, clientes sharing a CPF/CNPJ, relay events applied twice, vendas both pulled and
//! pushed, the kept sums, orphan links, runs left "running" and changes to write back
//! that wait for the operator; and their safe fixes.

use super::{Doctor, Finding, FixAction, Severity};
use crate::error::Result;
use crate::store::RunningRun;
use crate::time::format_instant_br;
use std::collections::HashMap;

/// Why a stuck run is marked failed, as its history shows it.
const STUCK_RUN_REASON: &str = "A sincronização ficou marcada como em andamento sem que nada a \
     executasse (o programa foi fechado no meio dela). O diagnóstico a marcou como falha; a \
     próxima sincronização continua do último ponto salvo.";

impl Doctor {
    pub(super) async fn store_findings(&self) -> Result<Vec<Finding>> {
        let mut findings = vec![
            self.integrity().await?,
            self.foreign_keys().await?,
            self.duplicate_copies().await?,
            self.clientes_sharing_documents().await?,
            self.inbox_applied_once().await?,
            self.vendas_pulled_and_pushed().await?,
            self.kept_sums().await?,
            self.kept_cash_flow_sums().await?,
            self.kept_report_sums().await?,
            self.orphan_links().await?,
        ];
        findings.push(self.stuck_runs().await?);
        findings.push(self.outbox_waiting().await?);
        Ok(findings)
    }

    pub(super) async fn apply(&self, action: FixAction) -> Result<()> {
        let store = &self.context.store;
        match action {
            FixAction::RemoveDuplicateCopies => {
                store.remove_unlinked_copies().await?;
            }
            FixAction::RecountKeptSums => store.recount_kept_sums().await?,
            FixAction::RemoveOrphanLinks => {
                store.remove_orphan_links().await?;
            }
            FixAction::FailStuckRuns => {
                let stuck: Vec<i64> = self.stuck_run_ids().await?;
                store.fail_runs(&stuck, STUCK_RUN_REASON).await?;
            }
        }
        tracing::info!(?action, "diagnóstico: correção aplicada");
        Ok(())
    }

    async fn integrity(&self) -> Result<Finding> {
        let report = self.context.store.integrity_check().await?;
        if report.len() == 1 && report[0] == "ok" {
            return Ok(Finding::ok(
                "integridade",
                "O arquivo do banco está íntegro.",
            ));
        }
        Ok(Finding::new(
            "integridade",
            Severity::Problema,
            format!(
                "O arquivo do banco tem partes danificadas ({}). Restaure o backup verificado \
                 mais recente; o diagnóstico não conserta o arquivo.",
                report.join("; ")
            ),
        ))
    }

    async fn foreign_keys(&self) -> Result<Finding> {
        let violations = self.context.store.foreign_key_violations().await?;
        if violations.is_empty() {
            return Ok(Finding::ok(
                "chaves_estrangeiras",
                "Todo registro aponta para um registro que existe.",
            ));
        }
        let list = violations
            .iter()
            .map(|(table, n)| format!("{n} em {table}"))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Finding::new(
            "chaves_estrangeiras",
            Severity::Problema,
            format!(
                "Há registros que apontam para registros que não existem ({list}). Restaure o \
                 backup verificado mais recente."
            ),
        ))
    }

    async fn duplicate_copies(&self) -> Result<Finding> {
        let found = self.context.store.duplicate_mirrored_rows().await?;
        if found.is_empty() {
            return Ok(Finding::ok(
                "vinculos_duplicados",
                "Nenhum registro do provedor está espelhado duas vezes.",
            ));
        }
        Ok(Finding::new(
            "vinculos_duplicados",
            Severity::Problema,
            format!(
                "Registros do provedor espelhados em mais de uma linha: {}. As cópias contam em \
                 dobro nos totais; a correção remove as que nenhum vínculo usa (uma cópia com \
                 anotação fica).",
                table_counts(&found)
            ),
        )
        .with_fix(FixAction::RemoveDuplicateCopies))
    }

    async fn clientes_sharing_documents(&self) -> Result<Finding> {
        let clientes = self.context.store.cliente_documents().await?;
        let mut by_document: HashMap<(i64, String), Vec<&str>> = HashMap::new();
        for cliente in &clientes {
            let mut digits_seen: Vec<String> = Vec::new();
            for document in &cliente.documents {
                let digits: String = document.chars().filter(char::is_ascii_digit).collect();
                // A CPF has 11 digits and a CNPJ 14; anything shorter is no identity.
                if digits.len() >= 11 && !digits_seen.contains(&digits) {
                    digits_seen.push(digits);
                }
            }
            for digits in digits_seen {
                by_document
                    .entry((cliente.integration_id, digits))
                    .or_default()
                    .push(&cliente.nome);
            }
        }
        let mut shared: Vec<String> = by_document
            .into_iter()
            .filter(|(_, names)| names.len() > 1)
            .map(|((_, digits), names)| format!("{} ({})", names.join(" e "), mask(&digits)))
            .collect();
        if shared.is_empty() {
            return Ok(Finding::ok(
                "clientes_mesmo_documento",
                "Nenhum CPF/CNPJ aparece em dois clientes.",
            ));
        }
        shared.sort();
        Ok(Finding::new(
            "clientes_mesmo_documento",
            Severity::Aviso,
            format!(
                "Clientes com o mesmo CPF/CNPJ ({}): {}. Junte os cadastros no provedor; a \
                 próxima sincronização traz o resultado.",
                shared.len(),
                shared.join("; ")
            ),
        ))
    }

    async fn inbox_applied_once(&self) -> Result<Finding> {
        let store = &self.context.store;
        let guarded = store
            .has_unique_index("inbox_events", &["provider", "event_id"])
            .await?
            && store
                .has_unique_index("inbox_events", &["channel", "seq"])
                .await?;
        let repeated = store.repeated_inbox_events().await?;
        if guarded && repeated == 0 {
            return Ok(Finding::ok(
                "eventos_repetidos",
                "Cada evento do relay foi aplicado uma vez: o banco recusa o mesmo evento duas \
                 vezes.",
            ));
        }
        Ok(Finding::new(
            "eventos_repetidos",
            Severity::Problema,
            format!(
                "A proteção contra eventos do relay repetidos falta no banco ({repeated} \
                 repetido(s)). Restaure o backup verificado mais recente."
            ),
        ))
    }

    /// A venda pulled (a sync) and pushed (a webhook) lands through the same link, keyed
    /// by integration, entity and provider id, which the store holds unique; so one venda
    /// can only be two rows if that key is gone or the copy is unlinked, which the
    /// duplicates check reports.
    async fn vendas_pulled_and_pushed(&self) -> Result<Finding> {
        let guarded = self
            .context
            .store
            .has_unique_index(
                "entity_links",
                &["provider", "integration_id", "entity_type", "external_id"],
            )
            .await?;
        if guarded {
            return Ok(Finding::ok(
                "vendas_puxadas_e_recebidas",
                "Uma venda puxada e recebida em tempo real é a mesma linha: as duas chegam pelo \
                 mesmo vínculo (integração e id do provedor), único no banco.",
            ));
        }
        Ok(Finding::new(
            "vendas_puxadas_e_recebidas",
            Severity::Problema,
            "A proteção que faz uma venda puxada e recebida em tempo real ser uma só falta no \
             banco. Restaure o backup verificado mais recente.",
        ))
    }

    async fn kept_sums(&self) -> Result<Finding> {
        let drift = self.context.store.kept_sum_drift().await?;
        if drift.monthly == 0 && drift.totals == 0 {
            return Ok(Finding::ok(
                "somas_do_dre",
                "As somas mensais do DRE conferem com a recontagem dos lançamentos.",
            ));
        }
        Ok(Finding::new(
            "somas_do_dre",
            Severity::Problema,
            format!(
                "{} soma(s) mensal(is) do DRE não conferem com a recontagem dos lançamentos. \
                 Recalcule: o DRE volta a somar exatamente os lançamentos.",
                drift.monthly + drift.totals
            ),
        )
        .with_fix(FixAction::RecountKeptSums))
    }

    async fn kept_cash_flow_sums(&self) -> Result<Finding> {
        let drift = self.context.store.cash_flow_sum_drift().await?;
        if drift == 0 {
            return Ok(Finding::ok(
                "somas_do_fluxo_de_caixa",
                "As somas diárias do fluxo de caixa conferem com a recontagem dos lançamentos.",
            ));
        }
        Ok(Finding::new(
            "somas_do_fluxo_de_caixa",
            Severity::Problema,
            format!(
                "{drift} soma(s) diária(s) do fluxo de caixa não conferem com a recontagem dos \
                 lançamentos. Recalcule: o fluxo de caixa volta a somar exatamente os lançamentos."
            ),
        )
        .with_fix(FixAction::RecountKeptSums))
    }

    async fn kept_report_sums(&self) -> Result<Finding> {
        let drift = self.context.store.report_sum_drift().await?;
        if drift == 0 {
            return Ok(Finding::ok(
                "somas_de_vendas_e_vencimentos",
                "As somas de vendas e de recebimentos por vencimento conferem com a recontagem.",
            ));
        }
        Ok(Finding::new(
            "somas_de_vendas_e_vencimentos",
            Severity::Problema,
            format!(
                "{drift} soma(s) de vendas ou de recebimentos por vencimento não \
                 conferem com a recontagem. Recalcule: o relatório de vendas e o painel de \
                 indicadores voltam a somar exatamente as vendas e os lançamentos."
            ),
        )
        .with_fix(FixAction::RecountKeptSums))
    }

    async fn orphan_links(&self) -> Result<Finding> {
        let found = self.context.store.orphan_links().await?;
        if found.is_empty() {
            return Ok(Finding::ok(
                "vinculos_orfaos",
                "Todo vínculo com o provedor aponta para um registro espelhado.",
            ));
        }
        Ok(Finding::new(
            "vinculos_orfaos",
            Severity::Aviso,
            format!(
                "Vínculos com o provedor sem o registro espelhado: {}. A correção os remove; a \
                 próxima varredura completa espelha esses registros de novo.",
                table_counts(&found)
            ),
        )
        .with_fix(FixAction::RemoveOrphanLinks))
    }

    async fn stuck_runs(&self) -> Result<Finding> {
        let stuck = self.stuck_runs_now().await?;
        let Some(oldest) = stuck.first() else {
            return Ok(Finding::ok(
                "sincronizacoes_presas",
                "Nenhuma sincronização parada em andamento.",
            ));
        };
        Ok(Finding::new(
            "sincronizacoes_presas",
            Severity::Problema,
            format!(
                "{} sincronização(ões) constam em andamento sem que nada as execute (a mais \
                 antiga começou em {}). A correção as marca como falhas; a próxima continua do \
                 último ponto salvo.",
                stuck.len(),
                format_instant_br(&oldest.started_at)
            ),
        )
        .with_fix(FixAction::FailStuckRuns))
    }

    /// Changes to write back that wait for the operator: nothing sends them by itself.
    async fn outbox_waiting(&self) -> Result<Finding> {
        let counts = self.context.store.outbox_counts().await?;
        if counts.conflict == 0 && counts.failed == 0 {
            return Ok(Finding::ok(
                "alteracoes_aguardando",
                "Nenhuma alteração no Gestão Click espera por uma decisão sua.",
            ));
        }
        Ok(Finding::new(
            "alteracoes_aguardando",
            Severity::Aviso,
            format!(
                "{} alteração(ões) em conflito e {} com falha não foram gravadas no Gestão \
                 Click. Em Alterações enviadas (ou `ponte outbox list`), compare e decida cada \
                 conflito, e tente de novo ou descarte as falhas.",
                counts.conflict, counts.failed
            ),
        ))
    }

    async fn stuck_run_ids(&self) -> Result<Vec<i64>> {
        Ok(self
            .stuck_runs_now()
            .await?
            .iter()
            .map(|run| run.id)
            .collect())
    }

    /// Runs marked "running" that this process is not running, oldest first.
    async fn stuck_runs_now(&self) -> Result<Vec<RunningRun>> {
        let running = self.context.store.running_runs().await?;
        Ok(running
            .into_iter()
            .filter(|run| {
                self.engine
                    .running(run.integration_id)
                    .is_none_or(|handle| handle.run_id != run.id)
            })
            .collect())
    }
}

/// `12 em vendas, 1 em lojas`.
fn table_counts(found: &[(&str, u64)]) -> String {
    found
        .iter()
        .map(|(table, n)| format!("{n} em {}", table_label(table)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table_label(table: &str) -> &str {
    match table {
        "planos_contas" => "planos de contas",
        "centros_custos" => "centros de custo",
        "contas_bancarias" => "contas bancárias",
        "formas_pagamento" => "formas de pagamento",
        "parties" => "clientes e fornecedores",
        "lancamentos" => "lançamentos",
        other => other,
    }
}

/// A document with all but its last four digits hidden: enough to find the cadastro, no
/// more than the operator needs in a report they may paste somewhere.
fn mask(digits: &str) -> String {
    let shown = digits.len().saturating_sub(4);
    format!("{}{}", "•".repeat(shown), &digits[shown..])
}
