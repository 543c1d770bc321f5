//! The checks of the relay: each channel reachable with its token, how many events wait
//! there and how late the oldest is (one pull that does not wait and acks nothing), and
//! this computer's clock against the relay's (the `Date` header of its health answer).

use super::service_checks::age_text;
use super::{Doctor, Finding, Severity};
use crate::error::Result;
use crate::realtime::RelayClient;
use crate::store::RelayChannel;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// An event waiting longer than this means the poller is not keeping up (or not running).
const LAG_WARNING: chrono::Duration = chrono::Duration::minutes(10);

/// Clock differences past these make signed webhooks and the "há N minutos" texts wrong.
const SKEW_WARNING: chrono::Duration = chrono::Duration::minutes(1);
const SKEW_PROBLEM: chrono::Duration = chrono::Duration::minutes(5);

const CLOCK_TIMEOUT: Duration = Duration::from_secs(10);

impl Doctor {
    pub(super) async fn relay_findings(&self) -> Result<Vec<Finding>> {
        let channels = self.context.store.relay_channels().await?;
        let mut findings = Vec::with_capacity(channels.len() + 1);
        for channel in &channels {
            findings.push(self.channel(channel).await?);
        }
        findings.push(match channels.first() {
            Some(channel) => clock(&channel.relay_url).await,
            None => Finding::ok("relogio", "Sem relay configurado: nada a comparar."),
        });
        Ok(findings)
    }

    async fn channel(&self, channel: &RelayChannel) -> Result<Finding> {
        let check = "canal_do_relay";
        let integration = self
            .context
            .store
            .integration(channel.integration_id)
            .await?;
        let name = &integration.name;
        let unreachable = |detail: String| {
            Finding::new(
                check,
                Severity::Problema,
                format!("O canal do relay de \"{name}\" não responde: {detail}"),
            )
        };
        let secrets = match self.context.credentials.load_relay(&integration).await {
            Ok(secrets) => secrets,
            Err(error) => return Ok(unreachable(error.to_string())),
        };
        let client =
            match RelayClient::new(&channel.relay_url, &channel.channel, secrets.pull_token) {
                Ok(client) => client,
                Err(error) => return Ok(unreachable(error.to_string())),
            };
        let page = match client.pull(channel.cursor, 1, Duration::ZERO).await {
            Ok(page) => page,
            Err(error) => return Ok(unreachable(error.to_string())),
        };
        let Some(oldest) = page.events.first() else {
            return Ok(Finding::ok(
                check,
                format!("O canal do relay de \"{name}\" responde e não há eventos esperando."),
            ));
        };
        let lag = Utc::now().signed_duration_since(oldest.received_at);
        let waiting = format!(
            "O canal do relay de \"{name}\" responde; {} evento(s) esperando, o mais antigo há {}",
            page.backlog,
            age_text(lag)
        );
        if lag > LAG_WARNING {
            return Ok(Finding::new(
                check,
                Severity::Aviso,
                format!(
                    "{waiting}. Deixe a Ponte aberta (ou rode `ponte follow`) para aplicá-los."
                ),
            ));
        }
        Ok(Finding::ok(check, format!("{waiting}.")))
    }
}

/// This computer's clock against the relay's, from the `Date` header of its health check.
/// The header has whole seconds, so a difference under one is no difference.
async fn clock(relay_url: &str) -> Finding {
    let check = "relogio";
    let url = format!("{}/healthz", relay_url.trim_end_matches('/'));
    let answer = match reqwest::Client::new()
        .get(&url)
        .timeout(CLOCK_TIMEOUT)
        .send()
        .await
    {
        Ok(answer) => answer,
        Err(_) => {
            return Finding::new(
                check,
                Severity::Aviso,
                format!(
                    "Não foi possível comparar o relógio com o do relay ({relay_url} não \
                     respondeu). Confira a conexão com a internet."
                ),
            );
        }
    };
    let here = Utc::now();
    let relay_time = answer
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| DateTime::parse_from_rfc2822(text).ok());
    let Some(relay_time) = relay_time else {
        return Finding::new(
            check,
            Severity::Aviso,
            format!("O relay ({relay_url}) não informou a hora dele; o relógio não foi comparado."),
        );
    };
    let skew = here.signed_duration_since(relay_time.with_timezone(&Utc));
    let direction = if skew > chrono::Duration::zero() {
        "adiantado"
    } else {
        "atrasado"
    };
    let size = skew.abs();
    let text = format!(
        "O relógio deste computador está {direction} {} segundo(s) em relação ao do relay",
        size.num_seconds()
    );
    if size > SKEW_PROBLEM {
        return Finding::new(
            check,
            Severity::Problema,
            format!("{text}. Acerte a data e a hora do sistema (ative o horário automático)."),
        );
    }
    if size > SKEW_WARNING {
        return Finding::new(
            check,
            Severity::Aviso,
            format!("{text}. Ative o horário automático do sistema."),
        );
    }
    Finding::ok(check, "O relógio confere com o do relay.")
}
