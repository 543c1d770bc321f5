//! A steady feed of Coinzz webhooks, for demo mode: orders placed now, each re-delivered
//! as it moves through its lifecycle (several open at once, so their states interleave),
//! and now and then a subscription's first charge. Bodies have the same quirks as
//! `emit_coinzz`'s (doc- and real-shaped in turn, keys in a random order).
//!
//! Coinzz sends no event id: the receiver derives one from the order number and state. So
//! every feed numbers its orders and subscriptions under a random run tag, and a new
//! launch's events are never taken for repeats of an earlier one's.

use super::coinzz::{Buyer, OrderSpec, Shape, render};
use super::delivery::WebhookClient;
use super::emitter::rate_limiter;
use super::envelope::{EventType, WebhookEvent};
use super::summary::EmitSummary;
use super::target::WebhookTarget;
use crate::error::SandboxError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Orders in flight at most; a new one starts only below this.
const OPEN_ORDERS: usize = 3;
/// Every this many events, one is a subscription's first charge.
const SUBSCRIPTION_EVERY: usize = 8;
/// The buyers orders are drawn from: small, so buyers come back.
const BUYERS: usize = 6;

/// Sends Coinzz webhooks to `target` at `rate_per_sec` until `cancel` fires. The task
/// ends with the run's summary.
pub fn spawn_coinzz_emitter(
    target: WebhookTarget,
    rate_per_sec: f64,
    cancel: CancellationToken,
) -> Result<JoinHandle<EmitSummary>, SandboxError> {
    let limiter = rate_limiter(rate_per_sec)?;
    let client = WebhookClient::new(target)?;
    let mut feed = LiveFeed::new(rand::rng().random());
    Ok(tokio::spawn(async move {
        let mut summary = EmitSummary::default();
        loop {
            tokio::select! {
                biased;
                () = cancel.cancelled() => break,
                () = limiter.until_ready() => {}
            }
            let event = feed.next_event();
            summary.sent += 1;
            tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    summary.record_interrupted(&event);
                    break;
                }
                attempts = client.deliver(&event) => summary.record(&event, attempts),
            }
        }
        summary
    }))
}

/// An order between its first and last state.
struct OpenOrder {
    spec: OrderSpec,
    states: Vec<(String, String, Option<String>)>,
    next_state: usize,
    buyer: usize,
    index: usize,
}

struct LiveFeed {
    rng: ChaCha8Rng,
    seed: u64,
    /// Six hex digits that set this feed's numbers apart from every other launch's.
    run_tag: String,
    buyers: Vec<Buyer>,
    open: Vec<OpenOrder>,
    orders_started: usize,
    subscriptions_started: usize,
    events: usize,
}

impl LiveFeed {
    fn new(seed: u64) -> LiveFeed {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let buyers = (0..BUYERS).map(|n| Buyer::random(&mut rng, n)).collect();
        LiveFeed {
            run_tag: format!("{:06x}", seed & 0xff_ffff),
            rng,
            seed,
            buyers,
            open: Vec::new(),
            orders_started: 0,
            subscriptions_started: 0,
            events: 0,
        }
    }

    fn next_event(&mut self) -> WebhookEvent {
        let (event_type, body) = if self.events % SUBSCRIPTION_EVERY == SUBSCRIPTION_EVERY - 1 {
            (EventType::CoinzzSubscription, self.subscription_charge())
        } else {
            (EventType::CoinzzOrder, self.order_event())
        };
        let event = WebhookEvent {
            event_id: format!("czsbx_{:016x}_{}", self.seed, self.events),
            event_type,
            body: render(&body, &mut self.rng).into_bytes(),
        };
        self.events += 1;
        event
    }

    /// A new order's first state, or an open order's next one.
    fn order_event(&mut self) -> Value {
        let start_new =
            self.open.is_empty() || (self.open.len() < OPEN_ORDERS && self.rng.random_bool(0.5));
        if start_new {
            let index = self.orders_started;
            self.orders_started += 1;
            let spec = self.order_spec(index);
            self.open.push(OpenOrder {
                states: spec.lifecycle(),
                spec,
                next_state: 0,
                buyer: self.rng.random_range(0..self.buyers.len()),
                index,
            });
        }
        let at = if start_new {
            self.open.len() - 1
        } else {
            self.rng.random_range(0..self.open.len())
        };
        let order = &mut self.open[at];
        let (order_status, shipping_status, deleted_at) = order.states[order.next_state].clone();
        let shape = if (order.index + order.next_state).is_multiple_of(2) {
            Shape::Real
        } else {
            Shape::Doc
        };
        order.next_state += 1;
        let body = json!({
            "client": self.buyers[order.buyer].client(shape, "client_address_comp"),
            "order": order.spec.order(shape, &order_status, &shipping_status, deleted_at.as_deref()),
            "utms": order.spec.utms(),
        });
        if order.next_state == order.states.len() {
            self.open.swap_remove(at);
        }
        shape.finish(body)
    }

    /// A new subscription's first charge, with the order it paid.
    fn subscription_charge(&mut self) -> Value {
        let hash = format!("asssbx{}{:04}", self.run_tag, self.subscriptions_started);
        self.subscriptions_started += 1;
        let index = self.orders_started;
        self.orders_started += 1;
        let order = self.order_spec(index);
        let buyer = self.rng.random_range(0..self.buyers.len());
        let next_charge = now_in_sao_paulo() + chrono::Months::new(1);
        json!({
            "subscription": {
                "subscription_hash": hash, "status": "ativa", "frequency": "Mensal", "cycle": "1",
                "next_charge_date": next_charge.format("%Y-%m-%d %H:%M:%S").to_string(),
            },
            "client": self.buyers[buyer].client(Shape::Doc, "client_address_complement"),
            "order": order.order(Shape::Doc, "Aprovada", "Enviado", None),
            "utms": order.utms(),
            "general_info": {
                "date_sent": now_in_sao_paulo().format("%Y-%m-%d %H:%M:%S").to_string(),
                "name_sent": "Webhook do sandbox",
            },
        })
    }

    /// The `index`th order of this feed, placed now.
    fn order_spec(&mut self, index: usize) -> OrderSpec {
        let number = format!("ordsbx{}{index:04}", self.run_tag);
        let date = now_in_sao_paulo().format("%Y-%m-%d %H:%M:%S").to_string();
        OrderSpec::dated(&mut self.rng, index, number, date)
    }
}

/// Coinzz writes its times in São Paulo's wall clock, without a zone.
fn now_in_sao_paulo() -> chrono::NaiveDateTime {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn field<'v>(body: &'v Value, object: &str, key: &str) -> Option<&'v str> {
        body.get(object)?.get(key)?.as_str()
    }

    #[test]
    fn orders_go_through_their_whole_lifecycle_interleaved_and_subscriptions_come_in() {
        let mut feed = LiveFeed::new(42);
        let mut states: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut sequence = Vec::new();
        let mut subscriptions = BTreeSet::new();
        for _ in 0..80 {
            let event = feed.next_event();
            let body: Value = serde_json::from_slice(&event.body).expect("json");
            let number = field(&body, "order", "order_number")
                .expect("order")
                .to_string();
            assert!(
                number.starts_with(&format!("ordsbx{}", feed.run_tag)),
                "{number}"
            );
            if let Some(hash) = field(&body, "subscription", "subscription_hash") {
                subscriptions.insert(hash.to_string());
                continue;
            }
            let status = field(&body, "order", "order_status").expect("status");
            states
                .entry(number.clone())
                .or_default()
                .push(status.into());
            sequence.push(number);
        }
        assert_eq!(subscriptions.len(), 80 / SUBSCRIPTION_EVERY);
        let finished = states
            .values()
            .filter(|s| matches!(s.last().map(String::as_str), Some("Entregue" | "Cancelada")))
            .count();
        assert!(finished >= 5, "{states:?}");
        // Interleaved: some order's states are not all next to each other.
        let runs = sequence.windows(2).filter(|w| w[0] != w[1]).count() + 1;
        assert!(runs > states.len(), "every order was sent in one go");
    }

    #[test]
    fn two_feeds_never_share_an_order_number() {
        let numbers = |seed| {
            let mut feed = LiveFeed::new(seed);
            (0..20)
                .map(|_| {
                    let body: Value =
                        serde_json::from_slice(&feed.next_event().body).expect("json");
                    field(&body, "order", "order_number")
                        .expect("order")
                        .to_string()
                })
                .collect::<BTreeSet<_>>()
        };
        assert!(numbers(1).is_disjoint(&numbers(2)));
    }
}
