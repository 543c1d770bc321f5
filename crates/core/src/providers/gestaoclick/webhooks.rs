//! Gestão Click webhooks → effects on the mirror. Gestão Click documents no webhooks; the
//! integrators' guide names the events, and Ponte fixes the body (the sandbox sends it):
//!
//! `{"event_id": "…", "event": "sale.created", "resource": "vendas", "occurred_at": "…",
//!   "data": { …the record exactly as GET /{resource}/{id} returns it… }}`
//!
//! - `sale.created|updated` → venda; `transaction.created|updated` → recebimento or
//!   pagamento, as `resource` says; `cost_center.created|updated` → centro de custo;
//!   `customer.created|updated` → cliente; `customer.deleted` (`data` is `{"id": …}`) →
//!   the cliente marked inactive.
//! - The record goes through the same mapper as a pulled one, with the same scope (the
//!   loja for vendas and títulos), so both paths end in the same row.
//! - `ponte.verify` is Ponte's own round-trip test: recorded, and nothing else.
//! - Anything else (an unknown type, a body that is not this envelope, a record the mapper
//!   refuses) is quarantined with its reason and the body verbatim.

use super::mapper::map_record;
use crate::domain::{EntityKind, Scope};
use crate::store::{EventEffect, RecordFailure};
use serde_json::Value;

/// The event's type (when the body names one) and what it does.
pub fn decode(body: &[u8]) -> (Option<String>, EventEffect) {
    let payload = String::from_utf8_lossy(body).into_owned();
    let quarantine = |entity: Option<EntityKind>, reason: String, external_id: Option<String>| {
        EventEffect::Quarantine {
            entity,
            failure: RecordFailure {
                external_id,
                reason,
                payload: payload.clone(),
            },
        }
    };
    let envelope: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return (
                None,
                quarantine(None, format!("corpo não é JSON: {error}"), None),
            );
        }
    };
    let event_type = envelope
        .get("event")
        .and_then(Value::as_str)
        .map(str::to_string);
    let Some(kind) = event_type.as_deref() else {
        return (
            None,
            quarantine(None, "evento sem o campo \"event\"".into(), None),
        );
    };
    if kind == ponte_webhooks::VERIFY_EVENT {
        return (event_type, EventEffect::Acknowledge);
    }
    let resource = envelope
        .get("resource")
        .and_then(Value::as_str)
        .unwrap_or("");
    let Some((entity, deletes)) = entity_for(kind, resource) else {
        let reason = format!("tipo de evento desconhecido: {kind} (recurso \"{resource}\")");
        return (event_type, quarantine(None, reason, None));
    };
    let Some(data) = envelope.get("data").filter(|data| data.is_object()) else {
        let reason = format!("evento {kind} sem o objeto \"data\"");
        return (event_type, quarantine(Some(entity), reason, None));
    };
    let external_id = data.get("id").and_then(id_text);
    if deletes {
        let effect = match external_id {
            Some(external_id) => EventEffect::Deactivate {
                entity,
                external_id,
            },
            None => quarantine(Some(entity), format!("evento {kind} sem data.id"), None),
        };
        return (event_type, effect);
    }
    let effect = match map_record(entity, data, &scope_of(entity, data)) {
        Ok(record) => EventEffect::Upsert {
            entity,
            record: Box::new(record),
        },
        Err(failure) => quarantine(Some(entity), failure.reason, failure.external_id),
    };
    (event_type, effect)
}

/// The entity an event type is about, and whether it deletes it.
fn entity_for(kind: &str, resource: &str) -> Option<(EntityKind, bool)> {
    Some(match (kind, resource) {
        ("sale.created" | "sale.updated", _) => (EntityKind::Venda, false),
        ("transaction.created" | "transaction.updated", "recebimentos") => {
            (EntityKind::Recebimento, false)
        }
        ("transaction.created" | "transaction.updated", "pagamentos") => {
            (EntityKind::Pagamento, false)
        }
        ("cost_center.created" | "cost_center.updated", _) => (EntityKind::CentroCusto, false),
        ("customer.created" | "customer.updated", _) => (EntityKind::Cliente, false),
        ("customer.deleted", _) => (EntityKind::Cliente, true),
        _ => return None,
    })
}

/// The scope the pull sync files the record under: its loja for vendas and títulos,
/// nothing for account-wide lists.
pub(super) fn scope_of(entity: EntityKind, data: &Value) -> Scope {
    match entity {
        EntityKind::Venda | EntityKind::Recebimento | EntityKind::Pagamento => {
            Scope::of_loja(data.get("loja_id").and_then(id_text))
        }
        _ => Scope::Account,
    }
}

/// Ids arrive as strings or numbers.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Ponte's test event in this envelope, as "Verificar" sends it through the relay.
pub fn verify_event(event_id: &str, occurred_at: &str) -> Vec<u8> {
    serde_json::json!({
        "event_id": event_id,
        "event": ponte_webhooks::VERIFY_EVENT,
        "resource": "ponte",
        "occurred_at": occurred_at,
        "data": {},
    })
    .to_string()
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(value: Value) -> Vec<u8> {
        serde_json::to_vec(&value).expect("json")
    }

    #[test]
    fn a_centro_de_custo_event_maps_like_a_pulled_record() {
        let (kind, effect) = decode(&body(json!({
            "event_id": "e1", "event": "cost_center.updated", "resource": "centros_custos",
            "data": {"id": "12", "nome": "Marketing"}
        })));
        assert_eq!(kind.as_deref(), Some("cost_center.updated"));
        match effect {
            EventEffect::Upsert { entity, record } => {
                assert_eq!(entity, EntityKind::CentroCusto);
                assert_eq!(record.external_id, "12");
                assert_eq!(record.scope, Scope::Account);
            }
            other => panic!("expected an upsert, got {other:?}"),
        }
    }

    #[test]
    fn transactions_follow_their_resource_and_unknown_types_are_quarantined() {
        let (_, unknown) = decode(&body(json!({"event": "invoice.paid", "data": {"id": "1"}})));
        assert!(
            matches!(&unknown, EventEffect::Quarantine { failure, .. } if failure.reason.contains("desconhecido")),
            "{unknown:?}"
        );
        let (_, no_resource) = decode(&body(
            json!({"event": "transaction.created", "data": {"id": "1"}}),
        ));
        assert!(matches!(no_resource, EventEffect::Quarantine { .. }));
    }

    #[test]
    fn a_deleted_customer_is_deactivated_by_id() {
        let (_, effect) = decode(&body(
            json!({"event": "customer.deleted", "resource": "clientes", "data": {"id": 77}}),
        ));
        assert!(matches!(
            effect,
            EventEffect::Deactivate { entity: EntityKind::Cliente, ref external_id } if external_id == "77"
        ));
    }

    #[test]
    fn bodies_that_are_not_the_envelope_are_quarantined_verbatim() {
        let (kind, effect) = decode(b"{not json");
        assert!(kind.is_none());
        match effect {
            EventEffect::Quarantine { failure, .. } => assert_eq!(failure.payload, "{not json"),
            other => panic!("expected quarantine, got {other:?}"),
        }
        let (_, no_data) = decode(&body(
            json!({"event": "sale.created", "resource": "vendas"}),
        ));
        assert!(matches!(
            no_data,
            EventEffect::Quarantine {
                entity: Some(EntityKind::Venda),
                ..
            }
        ));
    }
}
