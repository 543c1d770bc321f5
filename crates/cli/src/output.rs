//! Human-readable tables for runs and status, in pt-BR with pt-BR number formats. The
//! `--json` forms serialize the core's types instead.

use ponte_core::domain::EntityKind;
use ponte_core::money::format_brl;
use ponte_core::providers::display_name_of;
use ponte_core::store::{EntityTotals, IntegrationStatus, RunOutcome, SyncRun};
use ponte_core::time::format_instant_br;
use std::collections::BTreeMap;

/// `1234567` → `1.234.567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

pub fn run_table(run: &SyncRun) -> String {
    let mut out = format!(
        "{:<22}{:>8}{:>13}{:>13}{:>13}{:>8}{:>13}\n",
        "entidade", "novos", "atualizados", "sem mudança", "desativados", "falhas", "requisições"
    );
    for (kind, c) in &run.entities {
        out.push_str(&format!(
            "{:<22}{:>8}{:>13}{:>13}{:>13}{:>8}{:>13}\n",
            kind.label(),
            thousands(c.created),
            thousands(c.updated),
            thousands(c.unchanged),
            thousands(c.deactivated),
            thousands(c.failed),
            thousands(c.requests),
        ));
    }
    out
}

pub fn totals_table(totals: &BTreeMap<EntityKind, EntityTotals>) -> String {
    let mut out = format!("{:<22}{:>10}{:>22}\n", "entidade", "registros", "valor");
    for (kind, t) in totals {
        let amount = match kind {
            EntityKind::Venda | EntityKind::Recebimento | EntityKind::Pagamento => {
                format_brl(t.sum_centavos)
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:<22}{:>10}{:>22}\n",
            kind.label(),
            thousands(t.count),
            amount
        ));
    }
    out
}

pub fn status_text(status: &IntegrationStatus) -> String {
    let integration = &status.integration;
    if integration.realtime_only {
        // Nothing is pulled, so runs and request budgets say nothing about it.
        let mut out = format!(
            "{} ({}, em tempo real pelo relay)\n",
            integration.name,
            display_name_of(&integration.provider)
        );
        push_quarantine_and_totals(&mut out, status);
        return out;
    }
    let mut out = format!("{} ({})\n", integration.name, integration.base_url);
    match &status.last_run {
        Some(run) => out.push_str(&format!(
            "  última sincronização: {} em {} ({} requisições)\n",
            outcome_label(run),
            format_instant_br(run.finished_at.as_deref().unwrap_or(&run.started_at)),
            thousands(run.requests),
        )),
        None => out.push_str("  nunca sincronizada\n"),
    }
    if let Some(message) = status
        .last_run
        .as_ref()
        .and_then(|r| r.error_message.as_deref())
    {
        out.push_str(&format!("  erro: {message}\n"));
    }
    out.push_str(&format!(
        "  requisições hoje: {} de {}\n",
        thousands(u64::from(status.requests_today)),
        thousands(u64::from(integration.settings.daily_request_limit)),
    ));
    push_quarantine_and_totals(&mut out, status);
    out
}

fn push_quarantine_and_totals(out: &mut String, status: &IntegrationStatus) {
    if status.open_quarantine > 0 {
        out.push_str(&format!(
            "  registros em quarentena: {}\n",
            thousands(status.open_quarantine)
        ));
    }
    out.push_str(&indent(&totals_table(&status.totals)));
}

pub fn outcome_label(run: &SyncRun) -> &'static str {
    match run.outcome {
        RunOutcome::Running => "em andamento",
        RunOutcome::Succeeded => "concluída",
        RunOutcome::Failed => "falhou",
        RunOutcome::Cancelled => "cancelada",
        RunOutcome::Interrupted => "interrompida",
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_use_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
    }
}
