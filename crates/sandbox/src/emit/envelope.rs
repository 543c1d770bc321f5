//! One webhook as it goes on the wire: its event type, its event id and the envelope body
//! (format in the `emit` module doc), built from the dataset the change has just left.

use crate::dataset::Dataset;
use crate::mutations::{MutationAction, MutationEntity, MutationOutcome};
use crate::resource::Resource;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::value::RawValue;

/// The event types the real-time path of Ponte applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventType {
    SaleCreated,
    SaleUpdated,
    TransactionCreated,
    TransactionUpdated,
    CostCenterCreated,
    CostCenterUpdated,
    CustomerCreated,
    CustomerUpdated,
    CustomerDeleted,
    /// Coinzz bodies carry no type; these name their shape, for the summary.
    CoinzzOrder,
    CoinzzSubscription,
    CoinzzAffiliation,
}

impl EventType {
    /// The event a change implies; `None` for the changes no webhook reports.
    fn of(action: MutationAction, entity: MutationEntity) -> Option<EventType> {
        use MutationAction::{Created, Deleted, Updated};
        use MutationEntity::{CentroCusto, Cliente, Pagamento, Recebimento, Venda};
        Some(match (action, entity) {
            (Created, Venda) => EventType::SaleCreated,
            (Updated, Venda) => EventType::SaleUpdated,
            (Created, Recebimento | Pagamento) => EventType::TransactionCreated,
            (Updated, Recebimento | Pagamento) => EventType::TransactionUpdated,
            (Created, CentroCusto) => EventType::CostCenterCreated,
            (Updated, CentroCusto) => EventType::CostCenterUpdated,
            (Created, Cliente) => EventType::CustomerCreated,
            (Updated, Cliente) => EventType::CustomerUpdated,
            (Deleted, Cliente) => EventType::CustomerDeleted,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::SaleCreated => "sale.created",
            EventType::SaleUpdated => "sale.updated",
            EventType::TransactionCreated => "transaction.created",
            EventType::TransactionUpdated => "transaction.updated",
            EventType::CostCenterCreated => "cost_center.created",
            EventType::CostCenterUpdated => "cost_center.updated",
            EventType::CustomerCreated => "customer.created",
            EventType::CustomerUpdated => "customer.updated",
            EventType::CustomerDeleted => "customer.deleted",
            EventType::CoinzzOrder => "coinzz.order",
            EventType::CoinzzSubscription => "coinzz.subscription",
            EventType::CoinzzAffiliation => "coinzz.affiliate_request",
        }
    }
}

/// A webhook ready to send, and to send again with the same bytes.
#[derive(Debug, Clone)]
pub(crate) struct WebhookEvent {
    pub event_id: String,
    pub event_type: EventType,
    pub body: Vec<u8>,
}

/// Field order as documented in the `emit` module.
#[derive(Serialize)]
struct Envelope<'a> {
    event_id: &'a str,
    event: &'static str,
    resource: &'static str,
    occurred_at: String,
    data: &'a RawValue,
}

#[derive(Serialize)]
struct DeletedRecord<'a> {
    id: &'a str,
}

/// The webhook `outcome` implies, `data` read from `dataset` as `GET /{resource}/{id}`
/// reads it; `None` when no webhook reports that change.
pub(crate) fn build(
    dataset: &Dataset,
    outcome: &MutationOutcome,
    event_id: String,
    occurred_at: DateTime<Utc>,
) -> Option<WebhookEvent> {
    let event_type = EventType::of(outcome.action, outcome.entity)?;
    let resource = outcome.entity.resource();
    let data = match outcome.action {
        MutationAction::Deleted => {
            serde_json::value::to_raw_value(&DeletedRecord { id: &outcome.id }).ok()?
        }
        MutationAction::Created | MutationAction::Updated => {
            let rendered = Resource::from_path(resource)
                .zip(outcome.id.parse().ok())
                .and_then(|(known, id)| dataset.find(known, id))?;
            RawValue::from_string(rendered.json.clone()).ok()?
        }
    };
    let body = serde_json::to_vec(&Envelope {
        event_id: &event_id,
        event: event_type.as_str(),
        resource,
        occurred_at: occurred_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        data: &data,
    })
    .ok()?;
    Some(WebhookEvent {
        event_id,
        event_type,
        body,
    })
}
