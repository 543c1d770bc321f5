//! The relay-polling task of one integration: long-poll its channel, check and decode
//! each event, apply the batch in one transaction (inbox, effects, cursor), and only then
//! acknowledge (on the acker's task, while the next batch is written). A crash between the
//! commit and the ack only causes a redelivery, which the inbox drops. A relay that cannot
//! be reached is retried with exponential backoff and jitter up to about a minute, with
//! one notification when it goes down and one when it is back, not one per retry; a
//! refused token or a channel the relay does not have stops the poller with one
//! notification. Each pull's backlog is kept for the status page.

use super::acker::{Committed, spawn_acker};
use super::event::RealtimeEvent;
use super::fetcher::Fetcher;
use super::sealing::OpeningKeys;
use super::service::Waiting;
use crate::credentials::CredentialStore;
use crate::domain::EntityKind;
use crate::error::{Error, Result};
use crate::locks::lock;
use crate::notifications::{self, Notifier};
use crate::providers::Provider;
use crate::store::{
    EventEffect, EventOutcome, Integration, NewNotification, NotificationLevel, RelayChannel,
    RelayEvent, Store,
};
use crate::time::format_instant_br;
use backon::{BackoffBuilder, ExponentialBuilder};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

const MIN_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Everything one poller needs; the engine hands it over at spawn.
pub struct Poller {
    pub store: Store,
    pub credentials: CredentialStore,
    pub notifier: Notifier,
    pub events: broadcast::Sender<RealtimeEvent>,
    pub provider: &'static dyn Provider,
    pub integration: Integration,
    pub channel: RelayChannel,
    /// Where the backlog of each pull goes, for the status page.
    pub waiting: Waiting,
}

impl Poller {
    /// Runs until `cancel`. A batch being applied is committed before it stops.
    pub async fn run(mut self, cancel: CancellationToken) -> Result<()> {
        let mode = self.channel.auth_mode;
        let secrets = self.credentials.load_relay(&self.integration).await?;
        let keys = OpeningKeys::new(self.credentials.clone());
        let fetcher = Fetcher::new(&self.channel, self.provider, mode, secrets, keys)?;
        let client = &fetcher.client;
        // A previous process may have committed a batch and died before acknowledging
        // it; acknowledging the cursor again is harmless (the relay clamps it).
        if self.channel.cursor > 0
            && let Err(error) = client.ack(self.channel.cursor).await
        {
            tracing::debug!(%error, "relay: confirmação pendente não entregue");
        }
        let acker = spawn_acker(Arc::clone(&fetcher), self.events.clone());
        let mut backoff = new_backoff();
        let mut down_since: Option<String> = None;
        let mut prefetched = None;
        loop {
            let task = prefetched
                .take()
                .unwrap_or_else(|| fetcher.spawn(self.channel.cursor));
            let abort = task.abort_handle();
            let fetched = tokio::select! {
                _ = cancel.cancelled() => {
                    abort.abort();
                    return Ok(());
                }
                fetched = Fetcher::join(task) => fetched,
            };
            let fetched = match fetched {
                Ok(fetched) => fetched,
                // A refused token or a channel the relay no longer has will not heal by
                // waiting: the poller stops, and the error says what to do.
                Err(error @ (Error::RelayRefused { .. } | Error::RelayChannelNotFound { .. })) => {
                    self.stopped(&error).await;
                    return Err(error);
                }
                Err(error) => {
                    self.went_down(&mut down_since, &error).await;
                    let delay = backoff.next().unwrap_or(MAX_BACKOFF);
                    tokio::select! {
                        _ = cancel.cancelled() => return Ok(()),
                        _ = tokio::time::sleep(delay) => continue,
                    }
                }
            };
            let left = fetched.backlog.saturating_sub(fetched.decoded.len() as u64);
            lock(&self.waiting).insert(self.integration.id, left);
            if down_since.take().is_some() {
                backoff = new_backoff();
                self.came_back().await;
            }
            if fetched.decoded.is_empty() {
                // Committed here but not acknowledged there (the process died between
                // the two): acknowledge now, or the relay would keep them forever.
                if fetched.acked_seq < self.channel.cursor
                    && let Err(error) = client.ack(self.channel.cursor).await
                {
                    tracing::debug!(%error, "relay: confirmação pendente não entregue");
                }
                continue;
            }
            let next = fetcher.spawn(fetched.next_after);
            let decoded = &fetched.decoded;
            let outcomes = match self
                .store
                .apply_relay_events(&self.channel, &self.integration.provider, decoded)
                .await
            {
                Ok(outcomes) => outcomes,
                // Nothing was committed and nothing acknowledged: the same events come
                // again on the next pull, from the cursor.
                Err(error) => {
                    next.abort();
                    tracing::warn!(%error, "tempo real: lote não gravado; tentando de novo");
                    let delay = backoff.next().unwrap_or(MAX_BACKOFF);
                    tokio::select! {
                        _ = cancel.cancelled() => return Ok(()),
                        _ = tokio::time::sleep(delay) => continue,
                    }
                }
            };
            prefetched = Some(next);
            self.channel.cursor = self.channel.cursor.max(fetched.next_after);
            // Until the ack answers, the page's own count stands for the backlog.
            let backlog = fetched.backlog.saturating_sub(decoded.len() as u64);
            let report = self.report_batch(decoded, &outcomes, backlog).await;
            let _ = acker.send(Committed {
                cursor: self.channel.cursor,
                report,
            });
        }
    }

    async fn went_down(&self, down_since: &mut Option<String>, error: &Error) {
        if down_since.is_some() {
            return;
        }
        let since = crate::store::now_utc();
        tracing::warn!(%error, relay = self.channel.relay_url, "relay indisponível");
        self.notify(NewNotification {
            level: NotificationLevel::Warning,
            title: format!(
                "{}: relay indisponível desde {}",
                self.integration.name,
                hour_of(&since)
            ),
            // The error says that nothing is lost: the events wait on the relay.
            body: error.to_string(),
            integration_id: Some(self.integration.id),
            sync_run_id: None,
        })
        .await;
        let _ = self.events.send(RealtimeEvent::RelayDown {
            integration_id: self.integration.id,
            since: since.clone(),
            error: error.to_string(),
        });
        *down_since = Some(since);
    }

    /// The relay answered, and what it said will not change by waiting: no "nada se
    /// perde" here, the error says what to do instead.
    async fn stopped(&self, error: &Error) {
        tracing::warn!(%error, relay = self.channel.relay_url, "tempo real parado");
        self.notify(NewNotification {
            level: NotificationLevel::Error,
            title: format!("{}: tempo real parado", self.integration.name),
            body: error.to_string(),
            integration_id: Some(self.integration.id),
            sync_run_id: None,
        })
        .await;
    }

    async fn came_back(&self) {
        tracing::info!(relay = self.channel.relay_url, "relay de volta");
        self.notify(NewNotification {
            level: NotificationLevel::Info,
            title: format!("{}: relay de volta", self.integration.name),
            body: "Os eventos guardados no relay enquanto ele esteve fora chegam agora.".into(),
            integration_id: Some(self.integration.id),
            sync_run_id: None,
        })
        .await;
        let _ = self.events.send(RealtimeEvent::RelayUp {
            integration_id: self.integration.id,
        });
    }

    /// Notifies new sales, what the provider has to say after a batch, and quarantined
    /// events; returns the batch's report.
    async fn report_batch(
        &self,
        decoded: &[(RelayEvent, EventEffect)],
        outcomes: &[EventOutcome],
        backlog: u64,
    ) -> RealtimeEvent {
        let count =
            |wanted: &[EventOutcome]| outcomes.iter().filter(|o| wanted.contains(o)).count() as u64;
        let new_sales = decoded
            .iter()
            .zip(outcomes)
            .filter(|((_, effect), outcome)| {
                // A Coinzz order (or a subscription's charge) creates its venda on its
                // first state; its later states are updates, not new sales.
                **outcome == EventOutcome::Created
                    && matches!(
                        effect,
                        EventEffect::Upsert {
                            entity: EntityKind::Venda,
                            ..
                        } | EventEffect::Coinzz(_)
                    )
            })
            .count() as u64;
        if new_sales > 0 {
            let (name, id) = (&self.integration.name, self.integration.id);
            let written = self
                .notifier
                .notify_burst(&format!("new_sales:{id}"), new_sales, |total| {
                    notifications::new_sales(name, id, total)
                })
                .await;
            if let Err(error) = written {
                tracing::warn!(%error, "notificação de vendas novas não registrada");
            }
        }
        if let Err(error) = self
            .provider
            .after_realtime_batch(&self.store, &self.notifier, &self.integration)
            .await
        {
            tracing::warn!(%error, "aviso do provedor depois do lote não registrado");
        }
        let quarantined = count(&[EventOutcome::Quarantined]);
        if quarantined > 0 {
            self.notify(NewNotification {
                level: NotificationLevel::Warning,
                title: format!(
                    "{}: {} em quarentena",
                    self.integration.name,
                    if quarantined == 1 { "1 evento".to_string() } else { format!("{quarantined} eventos") }
                ),
                body: "Eventos que a Ponte não conseguiu aplicar ficam guardados com o motivo e podem ser reprocessados depois de uma atualização.".into(),
                integration_id: Some(self.integration.id),
                sync_run_id: None,
            })
            .await;
        }
        RealtimeEvent::Applied {
            integration_id: self.integration.id,
            applied: count(&[
                EventOutcome::Created,
                EventOutcome::Updated,
                EventOutcome::Unchanged,
                EventOutcome::Deactivated,
            ]),
            stale: count(&[EventOutcome::Stale]),
            quarantined,
            duplicates: count(&[EventOutcome::Duplicate]),
            backlog,
        }
    }

    async fn notify(&self, new: NewNotification) {
        if let Err(error) = self.notifier.notify(&new).await {
            tracing::warn!(%error, "notificação do tempo real não registrada");
        }
    }
}

fn new_backoff() -> impl Iterator<Item = Duration> {
    ExponentialBuilder::default()
        .with_min_delay(MIN_BACKOFF)
        .with_max_delay(MAX_BACKOFF)
        .with_jitter()
        .without_max_times()
        .build()
}

/// `14:05`, in Brasília time.
fn hour_of(utc: &str) -> String {
    format_instant_br(utc)
        .split_once(' ')
        .map(|(_, hour)| hour.to_string())
        .unwrap_or_else(|| utc.to_string())
}
