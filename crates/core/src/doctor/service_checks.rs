//! The checks of what the store depends on locally: the keyring that holds the tokens and
//! relay secrets, and each integration's syncs (the age of its last success) and its daily
//! request budget (the quota the Painel shows).

use super::{Doctor, Finding, Severity};
use crate::error::Result;
use crate::format::group_thousands;
use crate::store::Integration;
use crate::time::format_instant_br;
use chrono::{DateTime, Utc};

/// Share of the daily budget past which the next syncs may run out of it.
const BUDGET_WARNING_PERCENT: u64 = 80;

/// Without a schedule, a mirror older than this is worth a word.
const UNSCHEDULED_STALE_HOURS: i64 = 24;

impl Doctor {
    pub(super) async fn keyring_findings(&self) -> Result<Vec<Finding>> {
        let credentials = &self.context.credentials;
        let integrations = self.context.store.integrations().await?;
        let channels = self.context.store.relay_channels().await?;
        // An integration whose secrets live in the keyring: tokens (a provider with a query
        // API) or the secrets of a relay channel.
        let keeps_secrets = integrations.iter().find(|integration| {
            !integration.realtime_only
                || channels.iter().any(|c| c.integration_id == integration.id)
        });
        let Some(integration) = keeps_secrets else {
            return Ok(vec![Finding::ok(
                "chaveiro",
                "Nenhuma integração guarda segredos no chaveiro ainda.",
            )]);
        };
        if credentials.has_override() && channels.is_empty() {
            return Ok(vec![Finding::ok(
                "chaveiro",
                "Os tokens desta execução foram informados ao iniciar; o chaveiro não é usado.",
            )]);
        }
        let Err(error) = credentials.ensure_reachable(integration).await else {
            return Ok(vec![Finding::ok(
                "chaveiro",
                "O chaveiro do sistema responde.",
            )]);
        };
        // Tokens given at start-up and secrets held in memory (the demo) do not need it.
        let mut held_elsewhere = true;
        for integration in &integrations {
            if !integration.realtime_only {
                held_elsewhere &= credentials.load(integration).await.is_ok();
            }
            if channels.iter().any(|c| c.integration_id == integration.id) {
                held_elsewhere &= credentials.load_relay(integration).await.is_ok();
            }
        }
        let severity = if held_elsewhere {
            Severity::Aviso
        } else {
            Severity::Problema
        };
        Ok(vec![Finding::new(
            "chaveiro",
            severity,
            format!("O chaveiro do sistema não responde: {error}"),
        )])
    }

    pub(super) async fn integration_findings(&self) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        for integration in self.context.store.integrations().await? {
            if integration.realtime_only {
                // Nothing is pulled: no syncs to age and no requests spent.
                continue;
            }
            findings.push(self.last_sync(&integration, Utc::now()).await?);
            findings.push(self.request_budget(&integration).await?);
        }
        Ok(findings)
    }

    async fn last_sync(&self, integration: &Integration, now: DateTime<Utc>) -> Result<Finding> {
        let check = "ultima_sincronizacao";
        let name = &integration.name;
        let Some(finished) = self.context.store.last_success_at(integration.id).await? else {
            return Ok(Finding::new(
                check,
                Severity::Aviso,
                format!(
                    "\"{name}\" ainda não sincronizou com sucesso. Sincronize agora para ter os \
                     dados espelhados."
                ),
            ));
        };
        let age = DateTime::parse_from_rfc3339(&finished)
            .map(|at| now.signed_duration_since(at.with_timezone(&Utc)))
            .unwrap_or_default();
        let stale_after = integration
            .schedule_interval_minutes
            .filter(|_| integration.enabled)
            .map_or(
                chrono::Duration::hours(UNSCHEDULED_STALE_HOURS),
                |minutes| chrono::Duration::minutes(minutes.saturating_mul(3)),
            );
        let when = format_instant_br(&finished);
        if age > stale_after {
            return Ok(Finding::new(
                check,
                Severity::Aviso,
                format!(
                    "A última sincronização com sucesso de \"{name}\" foi em {when}, há {}. \
                     Veja o histórico dela para saber por que as seguintes não terminaram.",
                    age_text(age)
                ),
            ));
        }
        Ok(Finding::ok(
            check,
            format!("\"{name}\" sincronizou com sucesso em {when}."),
        ))
    }

    async fn request_budget(&self, integration: &Integration) -> Result<Finding> {
        let check = "cota_diaria";
        let name = &integration.name;
        let used = u64::from(self.context.store.requests_today(integration.id).await?);
        let limit = u64::from(integration.settings.daily_request_limit);
        let spent = format!(
            "{} de {} requisições hoje",
            group_thousands(&used.to_string()),
            group_thousands(&limit.to_string())
        );
        if limit > 0 && used * 100 >= limit * BUDGET_WARNING_PERCENT {
            return Ok(Finding::new(
                check,
                Severity::Aviso,
                format!(
                    "\"{name}\" já usou {spent}. Perto do limite, as sincronizações param até \
                     o dia seguinte."
                ),
            ));
        }
        Ok(Finding::ok(check, format!("\"{name}\": {spent}.")))
    }
}

/// `3 dias`, `5 horas`, `12 minutos`.
pub(super) fn age_text(age: chrono::Duration) -> String {
    let (n, unit) = if age.num_days() >= 1 {
        (age.num_days(), "dia")
    } else if age.num_hours() >= 1 {
        (age.num_hours(), "hora")
    } else {
        (age.num_minutes().max(0), "minuto")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::age_text;
    use chrono::Duration;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        assert_eq!(age_text(Duration::seconds(30)), "0 minutos");
        assert_eq!(age_text(Duration::minutes(1)), "1 minuto");
        assert_eq!(age_text(Duration::minutes(59)), "59 minutos");
        assert_eq!(age_text(Duration::minutes(61)), "1 hora");
        assert_eq!(age_text(Duration::hours(49)), "2 dias");
        assert_eq!(age_text(Duration::minutes(-5)), "0 minutos");
    }
}
