//! Coinzz-shaped webhooks (`docs/providers/coinzz.md#the-sandbox`): order lifecycles
//! re-delivered on every status change, subscriptions with a renewal, one affiliation
//! request. Coinzz signs nothing, so these go to a `url-token` channel (or any URL).
//!
//! Half the bodies are doc-shaped (numeric `order_final_price`, `client_address`, digits
//! only documents and phones, a numeric `client_address_number`), half real-shaped (string
//! price, `client_street`, `"+55 …"` phones, formatted CPF or alphanumeric CNPJ, the
//! `"Postack"` root key, null-heavy orders); every object's keys come in a random order.
//! Buyers are drawn from a smaller pool, so one buyer appears in both shapes. A plan can
//! deliver everything shuffled and inject an unknown status label. `coinzz_bodies` builds
//! a plan's bodies, which `emit_coinzz` sends one at a time (and the relay benchmark
//! sends its own way).

use super::delivery::WebhookClient;
use super::envelope::{EventType, WebhookEvent};
use super::summary::EmitSummary;
use super::target::WebhookTarget;
use crate::documents::{random_cnpj, random_cpf};
use crate::error::SandboxError;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoinzzPlan {
    /// Orders, each sent once per state of its lifecycle.
    pub orders: usize,
    /// Subscriptions, each sent at its first charge and at one renewal.
    pub subscriptions: usize,
    /// The buyers orders are drawn from (at least one).
    pub buyers: usize,
    pub seed: u64,
    /// Deliver every event in a random order instead of lifecycle order.
    pub shuffle: bool,
    /// A label outside Coinzz's known ones, sent as the first state of the first order.
    pub unknown_status: Option<String>,
}

/// What was sent, and the state each record must end in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoinzzEmission {
    pub summary: EmitSummary,
    /// `order_number` → its latest `(order_status, shipping_status)`.
    pub latest_orders: BTreeMap<String, (String, String)>,
    /// `subscription_hash` → its latest `cycle`.
    pub latest_subscriptions: BTreeMap<String, String>,
    /// Distinct buyers the orders and subscriptions used.
    pub buyers_used: usize,
}

/// A plan's webhooks, generated but not yet sent.
#[derive(Debug, Clone)]
pub struct CoinzzBodies {
    /// Each body as it goes on the wire, in delivery order.
    pub bodies: Vec<String>,
    /// What the bodies say; its `summary` counts nothing until they are sent.
    pub emission: CoinzzEmission,
    /// Each body's shape, for the summary of a send.
    event_types: Vec<EventType>,
}

/// Sends `plan` to `target`, one event at a time, retrying as the Gestão Click emitter does.
pub async fn emit_coinzz(
    target: WebhookTarget,
    plan: &CoinzzPlan,
) -> Result<CoinzzEmission, SandboxError> {
    let client = WebhookClient::new(target)?;
    let CoinzzBodies {
        bodies,
        mut emission,
        event_types,
    } = coinzz_bodies(plan);
    for (n, (body, event_type)) in bodies.into_iter().zip(event_types).enumerate() {
        let event = WebhookEvent {
            event_id: format!("czsbx_{:016x}_{n}", plan.seed),
            event_type,
            body: body.into_bytes(),
        };
        emission.summary.sent += 1;
        let attempts = client.deliver(&event).await;
        emission.summary.record(&event, attempts);
    }
    Ok(emission)
}

/// Every webhook of `plan`, rendered in delivery order; the same plan always gives the same
/// bytes.
pub fn coinzz_bodies(plan: &CoinzzPlan) -> CoinzzBodies {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    let buyers: Vec<Buyer> = (0..plan.buyers.max(1))
        .map(|n| Buyer::random(&mut rng, n))
        .collect();
    let mut emission = CoinzzEmission::default();
    let mut bodies: Vec<(EventType, Value)> = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for n in 0..plan.orders {
        let buyer_at = rng.random_range(0..buyers.len());
        used.insert(buyer_at);
        let order = OrderSpec::new(&mut rng, n);
        let mut states = order.lifecycle();
        if n == 0
            && let Some(label) = &plan.unknown_status
        {
            // First, so the lifecycle's own last state stays the latest: an unknown label
            // ranks as the earliest state on the receiving side.
            states.insert(0, (label.clone(), "A enviar".into(), None));
        }
        for (state, (order_status, shipping_status, deleted_at)) in states.iter().enumerate() {
            let shape = if (n + state).is_multiple_of(2) {
                Shape::Real
            } else {
                Shape::Doc
            };
            let body = json!({
                "client": buyers[buyer_at].client(shape, "client_address_comp"),
                "order": order.order(shape, order_status, shipping_status, deleted_at.as_deref()),
                "utms": order.utms(),
            });
            bodies.push((EventType::CoinzzOrder, shape.finish(body)));
        }
        if let Some((order_status, shipping_status, _)) = states.last() {
            emission.latest_orders.insert(
                order.number.clone(),
                (order_status.clone(), shipping_status.clone()),
            );
        }
    }
    for n in 0..plan.subscriptions {
        let buyer_at = rng.random_range(0..buyers.len());
        used.insert(buyer_at);
        let hash = format!("asssbx{n:04}");
        for cycle in 1..=2u32 {
            let order = OrderSpec::new(&mut rng, plan.orders + n * 2 + cycle as usize);
            let body = json!({
                "subscription": {
                    "subscription_hash": hash, "status": "ativa", "frequency": "Mensal",
                    "cycle": cycle.to_string(),
                    "next_charge_date": format!("2025-{:02}-05 10:00:00", 9 + cycle),
                },
                "client": buyers[buyer_at].client(Shape::Doc, "client_address_complement"),
                "order": order.order(Shape::Doc, "Aprovada", "Enviado", None),
                "utms": order.utms(),
                "general_info": {"date_sent": "2025-10-05 10:00:01", "name_sent": "Webhook do sandbox"},
            });
            bodies.push((EventType::CoinzzSubscription, body));
        }
        emission.latest_subscriptions.insert(hash, "2".into());
    }
    bodies.push((
        EventType::CoinzzAffiliation,
        json!({
            "affiliate_name": "Afiliada do Sandbox", "affiliate_email": "afiliada@example.com",
            "affiliate_phone": "71900000000", "affiliate_request": "Pendente",
            "product_name": "Derma Natural", "date": "2025-09-20 08:00:00"
        }),
    ));
    if plan.shuffle {
        bodies.shuffle(&mut rng);
    }
    emission.buyers_used = used.len();
    let (event_types, bodies) = bodies
        .iter()
        .map(|(event_type, body)| (*event_type, render(body, &mut rng)))
        .unzip();
    CoinzzBodies {
        bodies,
        emission,
        event_types,
    }
}

/// How a body is laid out: as Coinzz's doc shows it, or as a live account sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Doc,
    Real,
}

impl Shape {
    /// Adds what only real payloads carry at the root.
    pub(super) fn finish(self, mut body: Value) -> Value {
        if self == Shape::Real
            && let Some(root) = body.as_object_mut()
        {
            root.insert("Postack".into(), json!("STATUS PAGAMENTO PLANILHA DN"));
        }
        body
    }
}

pub(super) struct Buyer {
    name: String,
    /// Formatted (`000.000.000-00`, or `00.AAA.000/0AAA-00` for a company).
    document: String,
    /// DDD and number, digits only.
    phone: String,
    email: Option<String>,
}

impl Buyer {
    pub(super) fn random(rng: &mut ChaCha8Rng, n: usize) -> Buyer {
        let company = n % 5 == 4;
        Buyer {
            name: format!("Cliente Sandbox {n}"),
            document: if company {
                random_cnpj(rng, true)
            } else {
                random_cpf(rng)
            },
            phone: format!(
                "{}9{:08}",
                rng.random_range(11..=99),
                rng.random_range(0..100_000_000)
            ),
            email: (n % 3 != 2).then(|| format!("cliente{n}@example.com")),
        }
    }

    pub(super) fn client(&self, shape: Shape, complement_key: &str) -> Value {
        let digits: String = self
            .document
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut client = json!({
            "client_name": self.name,
            "client_email": self.email,
            "client_zip_code": "44620000",
            "client_address_district": "Centro",
            "client_address_city": "Baixa Grande",
            "client_address_country": "BR",
        });
        let (street_key, fields) = match shape {
            Shape::Doc => (
                "client_address",
                json!({"client_phone": self.phone, "client_documment": digits,
                       "client_address_number": 27, "client_address_state": "Bahia"}),
            ),
            Shape::Real => (
                "client_street",
                json!({"client_phone": format!("+55 {}", self.phone),
                       "client_documment": self.document, "client_address_number": "27",
                       "client_address_state": "BA"}),
            ),
        };
        if let (Some(client), Some(fields)) = (client.as_object_mut(), fields.as_object()) {
            client.extend(fields.clone());
            client.insert(street_key.into(), json!("Povoado Exemplo"));
            client.insert(complement_key.into(), json!("proximo ao posto"));
        }
        client
    }
}

pub(super) struct OrderSpec {
    pub(super) number: String,
    date: String,
    /// Reais and centavos, kept apart so the price is written as text, never computed.
    price: (u32, u32),
    quantity: u32,
    post_paid: bool,
    cancelled: bool,
}

impl OrderSpec {
    fn new(rng: &mut ChaCha8Rng, n: usize) -> OrderSpec {
        let date = format!(
            "2025-09-{:02} {:02}:{:02}:00",
            1 + n % 28,
            rng.random_range(0..24),
            rng.random_range(0..60)
        );
        OrderSpec::dated(rng, n, format!("ordsbx{n:04}"), date)
    }

    /// The `n`th order of a run, numbered `number` (which starts with `ordsbx`) and placed
    /// at `date` (São Paulo time, `YYYY-MM-DD HH:MM:SS`).
    pub(super) fn dated(rng: &mut ChaCha8Rng, n: usize, number: String, date: String) -> OrderSpec {
        OrderSpec {
            number,
            date,
            price: (rng.random_range(30..2_000), rng.random_range(0..100)),
            quantity: rng.random_range(1..=5),
            post_paid: n.is_multiple_of(2),
            cancelled: n % 4 == 3,
        }
    }

    /// Each state the order goes through: `(order_status, shipping_status, deleted_at)`.
    pub(super) fn lifecycle(&self) -> Vec<(String, String, Option<String>)> {
        let state = |order: &str, shipping: &str| (order.to_string(), shipping.to_string(), None);
        if self.cancelled {
            return vec![
                state("Pendente", "A enviar"),
                (
                    "Cancelada".into(),
                    "A enviar".into(),
                    Some(self.date.clone()),
                ),
            ];
        }
        if self.post_paid {
            vec![
                state("Aguardando envio", "A enviar"),
                state("Aguardando envio", "Enviado"),
                state("Entregue", "Entregue"),
            ]
        } else {
            vec![
                state("Pendente", "A enviar"),
                state("Aprovada", "A enviar"),
                state("Aprovada", "Enviado"),
                state("Entregue", "Entregue"),
            ]
        }
    }

    pub(super) fn order(
        &self,
        shape: Shape,
        status: &str,
        shipping: &str,
        deleted_at: Option<&str>,
    ) -> Value {
        let price_text = format!("{}.{:02}", self.price.0, self.price.1);
        let price = match shape {
            Shape::Real => json!(price_text),
            Shape::Doc => serde_json::from_str::<Value>(&price_text).unwrap_or(json!(price_text)),
        };
        let shipped = shipping != "A enviar";
        json!({
            "first_order": true, "second_order": false, "date_order": self.date,
            "deadline_delivery": 7, "order_number": self.number, "order_status": status,
            "shipping_status": shipping,
            "tracking_code": shipped.then(|| format!("BR{}", &self.number[6..])),
            "order_quantity": self.quantity, "product_name": "Derma Natural",
            "order_final_price": price,
            "method_payment": if self.post_paid { "Venda pós-paga" } else { "Pix" },
            "total_installments": 1, "qrcode_pix": null, "url_pix": null, "url_bank_slip": null,
            "terms_and_conditions_file_path": null, "courier_name": null, "delivery_time": null,
            "producer_name": "Produtor Sandbox", "producer_email": "produtor@example.com",
            "affiliate_name": null, "affiliate_email": null, "affiliate_phone": null,
            "deleted_at": deleted_at,
        })
    }

    pub(super) fn utms(&self) -> Value {
        let source = (!self.post_paid).then_some("facebook");
        json!({"utm_source": source, "utm_medium": null, "utm_campaign": null,
               "utm_content": null, "utm_term": null})
    }
}

/// JSON text with every object's keys in a random order, as Coinzz sends them.
pub(super) fn render(value: &Value, rng: &mut ChaCha8Rng) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.shuffle(rng);
            let fields: Vec<String> = entries
                .into_iter()
                .map(|(key, value)| {
                    format!("{}:{}", Value::String(key.clone()), render(value, rng))
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_shuffles_keys_but_keeps_the_value() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let value = json!({"a": 1, "b": {"c": [1, 2], "d": null}, "e": "x", "f": true});
        let texts: std::collections::BTreeSet<String> =
            (0..20).map(|_| render(&value, &mut rng)).collect();
        assert!(texts.len() > 1, "keys never moved");
        for text in texts {
            assert_eq!(serde_json::from_str::<Value>(&text).expect("json"), value);
        }
    }

    #[test]
    fn a_doc_shaped_price_is_a_json_number_and_a_real_one_a_string() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let order = OrderSpec::new(&mut rng, 0);
        let doc = order.order(Shape::Doc, "Aprovada", "A enviar", None);
        let real = order.order(Shape::Real, "Aprovada", "A enviar", None);
        assert!(doc["order_final_price"].is_number());
        assert!(real["order_final_price"].is_string());
        assert!(real["tracking_code"].is_null());
    }
}
