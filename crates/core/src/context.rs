//! What the services of one `Core` share: the store, the credential store, the
//! notification center's writer, the shutdown token that stops every background task, and
//! the task tracker they all run on, so one shutdown waits for all of them.

use crate::credentials::CredentialStore;
use crate::notifications::Notifier;
use crate::store::Store;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[derive(Clone)]
pub struct ServiceContext {
    pub store: Store,
    pub credentials: CredentialStore,
    pub notifier: Notifier,
    pub shutdown: CancellationToken,
    pub tasks: TaskTracker,
}

impl ServiceContext {
    /// `shutdown` stops every run, scheduler and poller when cancelled.
    pub fn new(
        store: Store,
        credentials: CredentialStore,
        shutdown: CancellationToken,
    ) -> ServiceContext {
        ServiceContext {
            notifier: Notifier::new(store.clone()),
            store,
            credentials,
            shutdown,
            tasks: TaskTracker::new(),
        }
    }

    /// Stops every background task (runs and pollers commit or roll back their current
    /// page or batch) and waits for them.
    pub async fn shutdown(&self) {
        self.shutdown.cancel();
        self.tasks.close();
        self.tasks.wait().await;
    }
}
