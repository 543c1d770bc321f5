//! The logs room: reading the programs' rolling log files (`logs/{program}.YYYY-MM-DD.log`,
//! written by `crate::logging`) newest first with filters, and following them live. It
//! backs the "Registros" view and `ponte logs`.

mod files;
mod filter;
mod follow;
mod line;

pub use files::{LogFile, list_log_files};
pub use filter::LogQuery;
pub use line::{LogLevel, LogLine};

use crate::context::ServiceContext;
use crate::domain::IntegrationId;
use crate::error::Result;
use crate::locks::lock;
use crate::paths::logs_dir;
use crate::store::Store;
use follow::{POLL_INTERVAL, Tail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Names one live follow, to stop it.
pub type LogFollowId = u32;

#[derive(Clone)]
pub struct Logs {
    dir: PathBuf,
    store: Store,
    shutdown: CancellationToken,
    tasks: TaskTracker,
    followers: Arc<Mutex<HashMap<LogFollowId, CancellationToken>>>,
    next_follower: Arc<AtomicU32>,
}

impl Logs {
    pub fn new(context: &ServiceContext, data_dir: &Path) -> Logs {
        Logs {
            dir: logs_dir(data_dir),
            store: context.store.clone(),
            shutdown: context.shutdown.clone(),
            tasks: context.tasks.clone(),
            followers: Arc::default(),
            next_follower: Arc::new(AtomicU32::new(1)),
        }
    }

    /// The folder the log files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The newest lines of every program that pass `query`, newest first, at most
    /// `query.limit()`. Days are read newest first and reading stops once a day fills
    /// the page.
    pub async fn read(&self, query: &LogQuery) -> Result<Vec<LogLine>> {
        let names = self.integration_names().await?;
        let matcher = query.matcher();
        let limit = query.limit();
        let files = list_log_files(&self.dir);
        let mut page = Vec::new();
        for day in files.chunk_by(|a, b| a.day == b.day) {
            let mut lines = Vec::new();
            for file in day {
                lines.extend(files::read_log_file(file).await);
            }
            // Stable, so a file's lines that share an instant keep their order.
            lines.sort_by(|a, b| a.at.cmp(&b.at));
            lines.reverse();
            for mut line in lines {
                resolve(&mut line, &names);
                if matcher.matches(&line) {
                    page.push(line);
                    if page.len() == limit {
                        return Ok(page);
                    }
                }
            }
        }
        Ok(page)
    }

    /// Hands `sink` each batch of new lines that pass `query` (oldest first), from now
    /// until `stop_following`, the core's shutdown, or `sink` returning false (its
    /// reader is gone). Lines already written are not repeated: `read` gives those.
    pub fn follow<F>(&self, query: LogQuery, mut sink: F) -> LogFollowId
    where
        F: FnMut(Vec<LogLine>) -> bool + Send + 'static,
    {
        let id = self.next_follower.fetch_add(1, Ordering::Relaxed);
        let cancel = self.shutdown.child_token();
        lock(&self.followers).insert(id, cancel.clone());
        let mut tail = Tail::at_end(&self.dir);
        let matcher = query.matcher();
        let logs = self.clone();
        self.tasks.spawn(async move {
            loop {
                tokio::select! {
                    () = cancel.cancelled() => break,
                    () = tokio::time::sleep(POLL_INTERVAL) => {}
                }
                let mut lines = tail.new_lines().await;
                if lines.is_empty() {
                    continue;
                }
                let names = match logs.integration_names().await {
                    Ok(names) => names,
                    Err(error) => {
                        tracing::debug!(%error, "registros: nomes das integrações indisponíveis");
                        HashMap::new()
                    }
                };
                for line in &mut lines {
                    resolve(line, &names);
                }
                lines.retain(|line| matcher.matches(line));
                if !lines.is_empty() && !sink(lines) {
                    break;
                }
            }
            lock(&logs.followers).remove(&id);
        });
        id
    }

    /// Stops a follow; false when it had already stopped.
    pub fn stop_following(&self, id: LogFollowId) -> bool {
        match lock(&self.followers).remove(&id) {
            Some(cancel) => {
                cancel.cancel();
                true
            }
            None => false,
        }
    }

    async fn integration_names(&self) -> Result<HashMap<IntegrationId, String>> {
        Ok(self
            .store
            .integrations()
            .await?
            .into_iter()
            .map(|integration| (integration.id, integration.name))
            .collect())
    }
}

/// Fills in the integration's name from its id, or its id from its name.
fn resolve(line: &mut LogLine, names: &HashMap<IntegrationId, String>) {
    match (line.integration_id, &line.integration) {
        (Some(id), None) => line.integration = names.get(&id).cloned(),
        (None, Some(name)) => {
            line.integration_id = names
                .iter()
                .find(|(_, known)| *known == name)
                .map(|(id, _)| *id);
        }
        _ => {}
    }
}
