//! `ponte doctor` and the "Diagnóstico" screen: checks of the store (integrity, duplicates,
//! kept sums, orphan links, runs left running) and of what it depends on (keyring, relay
//! channels and clock, each integration's syncs and request budget). Each check gives a
//! pt-BR finding with its severity and, where one is safe, the fix; `fix` applies the
//! safe fixes and checks again. The SQL is in `store/doctor_*.rs`; the judgement is here.

mod bundle;
mod relay_checks;
mod service_checks;
mod store_checks;

pub use bundle::{DiagnosticsExport, LOG_DAYS, export_diagnostics};

use crate::context::ServiceContext;
use crate::error::Result;
use crate::sync::SyncEngine;
use serde::{Deserialize, Serialize};

/// How much a finding matters: `problema` makes `ponte doctor` exit non-zero.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Ok,
    Aviso,
    Problema,
}

impl Severity {
    /// The word shown before a finding.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Aviso => "aviso",
            Severity::Problema => "problema",
        }
    }
}

/// A repair that loses nothing the provider or the operator would miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FixAction {
    /// Deletes the unlinked copy of a record mirrored twice (a copy with a nota stays).
    RemoveDuplicateCopies,
    /// "Recalcular": rebuilds the kept sums of the DRE and of the fluxo de caixa from the
    /// entries.
    RecountKeptSums,
    /// Deletes links whose row is gone; the next full scan mirrors those records again.
    RemoveOrphanLinks,
    /// Marks runs no process is running as failed, with the reason.
    FailStuckRuns,
}

impl FixAction {
    /// The button's or the prompt's words.
    pub fn label(self) -> &'static str {
        match self {
            FixAction::RemoveDuplicateCopies => "Remover as cópias sem vínculo",
            FixAction::RecountKeptSums => "Recalcular",
            FixAction::RemoveOrphanLinks => "Remover os vínculos órfãos",
            FixAction::FailStuckRuns => "Marcar como falhas",
        }
    }
}

/// The fix a finding offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Fix {
    pub action: FixAction,
    pub label: String,
}

impl From<FixAction> for Fix {
    fn from(action: FixAction) -> Fix {
        Fix {
            action,
            label: action.label().to_string(),
        }
    }
}

/// What one check found. Named `DoctorFinding` in the TypeScript bindings, beside the
/// Conferência's own `Finding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[specta(rename = "DoctorFinding")]
pub struct Finding {
    /// A stable key naming the check (`integridade`, `clientes_mesmo_documento`, …).
    pub check: String,
    pub severity: Severity,
    /// What was found and what to do next, in pt-BR.
    pub message: String,
    pub fix: Option<Fix>,
}

impl Finding {
    fn new(check: &str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            check: check.to_string(),
            severity,
            message: message.into(),
            fix: None,
        }
    }

    fn ok(check: &str, message: impl Into<String>) -> Finding {
        Finding::new(check, Severity::Ok, message)
    }

    fn with_fix(mut self, action: FixAction) -> Finding {
        self.fix = Some(action.into());
        self
    }
}

/// Whether any finding is a problem.
pub fn has_problem(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Problema)
}

/// The diagnosis service, on the shared context; it asks the sync engine which runs are
/// really in progress.
#[derive(Clone)]
pub struct Doctor {
    context: ServiceContext,
    engine: SyncEngine,
}

impl Doctor {
    pub fn new(context: ServiceContext, engine: SyncEngine) -> Doctor {
        Doctor { context, engine }
    }

    /// Runs every check, store first. Reads only; an unreachable relay or keyring is a
    /// finding, not an error.
    pub async fn check(&self) -> Result<Vec<Finding>> {
        let mut findings = self.store_findings().await?;
        findings.extend(self.keyring_findings().await?);
        findings.extend(self.integration_findings().await?);
        findings.extend(self.relay_findings().await?);
        Ok(findings)
    }

    /// Applies `actions` (each once, in a safe order), then checks again.
    pub async fn fix(&self, actions: &[FixAction]) -> Result<Vec<Finding>> {
        let order = [
            FixAction::FailStuckRuns,
            FixAction::RemoveOrphanLinks,
            FixAction::RemoveDuplicateCopies,
            // Last: removing a duplicated lançamento changes the sums it recounts.
            FixAction::RecountKeptSums,
        ];
        for action in order.into_iter().filter(|a| actions.contains(a)) {
            self.apply(action).await?;
        }
        self.check().await
    }

    /// The fixes `findings` offer, once each.
    pub fn offered_fixes(findings: &[Finding]) -> Vec<FixAction> {
        let mut actions: Vec<FixAction> = Vec::new();
        for action in findings
            .iter()
            .filter_map(|f| f.fix.as_ref().map(|x| x.action))
        {
            if !actions.contains(&action) {
                actions.push(action);
            }
        }
        actions
    }
}
