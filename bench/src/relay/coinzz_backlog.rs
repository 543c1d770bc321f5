//! Draining a Coinzz backlog, the counterpart of `backlog` for Coinzz's unsigned webhooks
//! on a url-token channel. The bodies come from the sandbox's Coinzz generator
//! (`ponte_sandbox::coinzz_bodies`): order lifecycles, each order re-sent once per state,
//! subscriptions with a renewal, buyers shared by several orders in both payload shapes.
//! They are ingested into the relay over HTTP first, while the desktop's poller is stopped
//! (timed apart, outside the ratio); then the poller drains them (`drain`). The floor: every
//! row the drain left for the integration (its inbox rows, the vendas with their item and
//! Coinzz detail, the clientes, their links and the assinaturas), inserted raw.

use super::Options;
use super::drain;
use super::load;
use super::rig::{Desktop, RelayRig};
use super::webhooks::{self, Signed};
use crate::error::BenchError;
use crate::report::{Line, line};
use ponte_core::providers::coinzz::webhooks::decode;
use ponte_sandbox::{CoinzzPlan, coinzz_bodies};
use ponte_webhooks::{AuthMode, Provider};
use std::collections::HashSet;
use std::sync::Arc;

/// What the drain left in the desktop's store, by table. The integration is new and nothing
/// but the drain writes to it, so every row of it is one the drain left. A Coinzz venda has
/// one item and no installments (`venda_parcelas` stays empty).
const DRAINED: [(&str, &str); 7] = [
    ("inbox_events", "integration_id = ?"),
    ("parties", "integration_id = ?"),
    ("vendas", "integration_id = ?"),
    (
        "venda_itens",
        "venda_id IN (SELECT id FROM vendas WHERE integration_id = ?)",
    ),
    (
        "venda_coinzz",
        "venda_id IN (SELECT id FROM vendas WHERE integration_id = ?)",
    ),
    ("entity_links", "integration_id = ?"),
    ("assinaturas", "integration_id = ?"),
];

/// `orders` orders in lifecycle order, a buyer for every four of them (so most events find
/// their buyer among many stored clientes) and a subscription for every 64.
fn plan(orders: usize) -> CoinzzPlan {
    CoinzzPlan {
        orders,
        subscriptions: orders / 64,
        buyers: (orders / 4).max(1),
        seed: 2026,
        shuffle: false,
        unknown_status: None,
    }
}

/// The rows the inbox must end with: one per distinct event id the desktop derives from a
/// body (the state it carries), and one per body it derives none from (the affiliation
/// request), which the relay's sequence number names.
fn inbox_rows(bodies: &[String]) -> u64 {
    let mut ids = HashSet::new();
    let mut unnamed = 0;
    for body in bodies {
        match decode(body.as_bytes()).event_id {
            Some(id) => {
                ids.insert(id);
            }
            None => unnamed += 1,
        }
    }
    ids.len() as u64 + unnamed
}

pub async fn run(options: &Options) -> Result<Vec<Line>, BenchError> {
    let plan = plan(options.coinzz_orders);
    let rig = RelayRig::start().await?;
    let channel = rig
        .open_channel(Provider::Coinzz, AuthMode::UrlToken)
        .await?;
    let desktop = Desktop::coinzz(&rig, &channel).await?;
    let generated = coinzz_bodies(&plan);
    let sent = generated.bodies.len();
    let events = inbox_rows(&generated.bodies);
    let signed: Arc<[Signed]> = generated
        .bodies
        .into_iter()
        .enumerate()
        .map(|(n, body)| {
            let event_id = format!("coinzz-{n}");
            webhooks::signed(
                channel.auth_mode,
                &channel.secret,
                event_id,
                body.into_bytes(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?
        .into();
    let http = load::client()?;
    let ingest = load::drive(&http, &channel.ingest_url, signed, options.clients).await?;

    let drain = drain::measure(&desktop, events, &DRAINED).await?;
    desktop.shutdown().await;
    rig.shutdown().await;

    // Coinzz sends no event id: a body repeating an earlier one's state is a duplicate.
    let repeats = match sent as u64 - events {
        0 => String::new(),
        repeats => format!(" ({repeats} more sent repeat a state and were dropped as duplicates)"),
    };
    Ok(vec![line(
        "relay Coinzz backlog drain: events/s ÷ raw insert",
        format!("{:.3}", drain.ratio(&drain.floor)),
        "≥ 0.3",
        format!(
            "{events} events{repeats} of {} orders, {} subscriptions and {} buyers {}",
            plan.orders,
            plan.subscriptions,
            generated.emission.buyers_used,
            drain.detail(
                "inbox, vendas with their item and Coinzz detail, clientes, their links, assinaturas",
                &ingest,
                options.clients
            )
        ),
    )])
}
