//! Draining a Gestão Click backlog: the webhooks are ingested into the relay over HTTP
//! first, while the desktop's poller is stopped (timed apart, outside the ratio); then the
//! poller drains them (`drain`). The floor: the very rows the drain left (its inbox rows,
//! and the clientes its events created with their links), inserted raw. The ratio against
//! the inbox rows alone is printed too.

use super::Options;
use super::drain;
use super::load;
use super::rig::{Desktop, RelayRig};
use super::webhooks::{self, Signed};
use crate::error::BenchError;
use crate::report::{Line, line};
use std::sync::Arc;

/// What the drain left in the desktop's store, by table: every inbox row, and the rows its
/// events created (clientes and their links). The rows it updated in place are left out,
/// which only makes the floor cheaper.
const DRAINED: [(&str, &str); 3] = [
    ("inbox_events", "integration_id = ?"),
    (
        "parties",
        "integration_id = ? AND external_id IN (SELECT external_id FROM inbox_events
             WHERE integration_id = ? AND entity_type = 'cliente' AND outcome = 'created')",
    ),
    (
        "entity_links",
        "integration_id = ? AND entity_type = 'cliente' AND external_id IN (SELECT external_id
             FROM inbox_events WHERE integration_id = ? AND entity_type = 'cliente' AND outcome = 'created')",
    ),
];

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let events = options.backlog;
    let rig = RelayRig::start().await?;
    let desktop = Desktop::connect(&rig).await?;
    let targets = desktop.targets().await?;
    let signed: Arc<[Signed]> =
        webhooks::batch("backlog", 0..events, &targets, &rig.channel.secret)?.into();
    let http = load::client()?;
    let ingest = load::drive(&http, &rig.channel.ingest_url, signed, options.clients).await?;

    let drain = drain::measure(&desktop, events as u64, &DRAINED).await?;
    desktop.shutdown().await;
    rig.shutdown().await;

    Ok(vec![line(
        "relay backlog drain: events/s ÷ raw insert",
        format!("{:.3}", drain.ratio(&drain.floor)),
        "≥ 0.6",
        format!(
            "{events} events {}",
            drain.detail(
                "inbox, new clientes and their links",
                &ingest,
                options.clients
            )
        ),
    )])
}
