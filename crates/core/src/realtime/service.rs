//! `Realtime`, the real-time front door `Core` hands out: the relay pollers (one task per
//! integration with a relay channel), connecting an integration to a channel, the webhook
//! setup for the provider's panel, "Verificar" and "Reprocessar". It shares the store,
//! credentials, notifier, shutdown token and task tracker with the sync engine.

use super::event::RealtimeEvent;
use crate::context::ServiceContext;
use crate::credentials::CredentialStore;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::locks::lock;
use crate::notifications::Notifier;
use crate::store::{RealtimeStatus, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

struct Inner {
    context: ServiceContext,
    events: broadcast::Sender<RealtimeEvent>,
    /// The running poller of each integration, to restart it on a new channel. `None`
    /// until `spawn_relay_pollers`: this process does not follow any relay yet.
    pollers: Mutex<Option<HashMap<IntegrationId, CancellationToken>>>,
    waiting: Waiting,
}

/// Integration id → events still waiting on the relay at its poller's last pull.
pub(super) type Waiting = Arc<Mutex<HashMap<IntegrationId, u64>>>;

/// Cheap to clone.
#[derive(Clone)]
pub struct Realtime {
    inner: Arc<Inner>,
}

impl Realtime {
    pub fn new(context: ServiceContext) -> Realtime {
        Realtime {
            inner: Arc::new(Inner {
                context,
                events: broadcast::channel(1024).0,
                pollers: Mutex::new(None),
                waiting: Waiting::default(),
            }),
        }
    }

    /// What the pollers report: batches applied, the relay going down and coming back.
    pub fn subscribe(&self) -> broadcast::Receiver<RealtimeEvent> {
        self.inner.events.subscribe()
    }

    /// The integration's channel, cursor, backlog and quarantine, for "Tempo real". The
    /// backlog is known once this process's poller has pulled.
    pub async fn status(&self, integration_id: IntegrationId) -> Result<RealtimeStatus> {
        let mut status = self.store().realtime_status(integration_id).await?;
        if status.channel.is_some() {
            status.backlog = lock(&self.inner.waiting).get(&integration_id).copied();
        }
        Ok(status)
    }

    pub(super) fn waiting(&self) -> &Waiting {
        &self.inner.waiting
    }

    pub(super) fn store(&self) -> &Store {
        &self.inner.context.store
    }

    pub(super) fn credentials(&self) -> &CredentialStore {
        &self.inner.context.credentials
    }

    pub(super) fn notifier(&self) -> &Notifier {
        &self.inner.context.notifier
    }

    pub(super) fn context(&self) -> &ServiceContext {
        &self.inner.context
    }

    pub(super) fn sender(&self) -> &broadcast::Sender<RealtimeEvent> {
        &self.inner.events
    }

    pub(super) fn pollers(
        &self,
    ) -> MutexGuard<'_, Option<HashMap<IntegrationId, CancellationToken>>> {
        lock(&self.inner.pollers)
    }
}
