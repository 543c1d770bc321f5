//! What to do with a queued change once the provider's current record is read: nothing
//! (it is there already), hold it for the operator (the same field changed upstream since
//! the change was asked), or send it merged into the current record. Pure: the sender
//! reads and writes, this decides.
//!
//! Values are compared as the provider means them, not as it spells them: money by its
//! centavos (`"2"` and `"2.00"` are equal), flags by truth (`"1"`, `1`, `true`), and an
//! empty text, a null and a missing field all as "nothing".

use crate::money::parse_centavos;
use serde_json::{Map, Value};

/// The provider's money fields among those a change may set.
const MONEY_FIELDS: [&str; 5] = ["valor", "juros", "desconto", "taxa_banco", "taxa_operadora"];

/// The decision about one change against the provider's current record.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every field already holds the value asked for: a send that landed before its
    /// answer was lost, or the same change made upstream. Nothing is written.
    AlreadyApplied,
    /// These fields changed upstream since the change was asked: the operator decides.
    Conflict { fields: Vec<String> },
    /// The full record to PUT: the current one with the change applied over it, so
    /// another field changed upstream meanwhile is kept (merged), not overwritten.
    Send { body: Value },
}

/// Judges `change` (based on `base`, the mirror's values when it was asked, at
/// `base_modified_at`) against `upstream`, the provider's record now.
pub fn judge(
    change: &Map<String, Value>,
    base: &Map<String, Value>,
    base_modified_at: Option<&str>,
    upstream: &Map<String, Value>,
) -> Verdict {
    if unapplied(change, upstream).is_empty() {
        return Verdict::AlreadyApplied;
    }
    // The provider's stamps share one fixed format, so text order is time order. A base
    // without a stamp cannot prove the record unchanged: its fields are compared anyway.
    let upstream_stamp = upstream.get("modificado_em").and_then(Value::as_str);
    let changed_since = match (base_modified_at, upstream_stamp) {
        (Some(base), Some(now)) => now > base,
        _ => true,
    };
    if changed_since {
        let fields: Vec<String> = change
            .keys()
            .filter(|field| !same(field, upstream.get(*field), base.get(*field)))
            .cloned()
            .collect();
        if !fields.is_empty() {
            return Verdict::Conflict { fields };
        }
    }
    let mut body = upstream.clone();
    for (field, value) in change {
        body.insert(field.clone(), value.clone());
    }
    Verdict::Send {
        body: Value::Object(body),
    }
}

/// The fields of `change` that `record` does not hold as asked: after a write the provider
/// accepted, any of them means it did not apply the change (an estorno it does not allow,
/// say), which is said rather than taken as done.
pub fn unapplied(change: &Map<String, Value>, record: &Map<String, Value>) -> Vec<String> {
    change
        .iter()
        .filter(|(field, wanted)| !same(field, record.get(*field), Some(wanted)))
        .map(|(field, _)| field.clone())
        .collect()
}

/// Whether two values of `field` mean the same to the provider.
pub fn same(field: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    normalized(field, a) == normalized(field, b)
}

/// One spelling per meaning: see the module doc.
pub fn normalized(field: &str, value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.trim().to_string(),
        Some(Value::Bool(flag)) => if *flag { "1" } else { "0" }.to_string(),
        Some(other) => other.to_string(),
    };
    if field == "liquidado" {
        return if matches!(text.as_str(), "1" | "true") {
            "1"
        } else {
            "0"
        }
        .to_string();
    }
    if MONEY_FIELDS.contains(&field) {
        return match parse_centavos(&text) {
            Ok(centavos) => centavos.to_string(),
            // Nothing and zero are the same amount; anything unreadable compares as is.
            Err(_) if text.is_empty() => "0".to_string(),
            Err(_) => text,
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    fn upstream(plano: &str, centro: &str, stamp: &str) -> Map<String, Value> {
        map(json!({
            "id": "512334", "plano_contas_id": plano, "centro_custo_id": centro,
            "juros": "2.00", "liquidado": "0", "modificado_em": stamp,
        }))
    }

    #[test]
    fn a_change_already_there_is_not_sent_again() {
        let change = map(json!({"plano_contas_id": "20"}));
        let base = map(json!({"plano_contas_id": "10"}));
        let verdict = judge(
            &change,
            &base,
            Some("2026-12-01 10:00:00"),
            &upstream("20", "", "2026-12-05 09:00:00"),
        );
        assert_eq!(verdict, Verdict::AlreadyApplied);
    }

    #[test]
    fn the_same_field_changed_upstream_is_a_conflict() {
        let change = map(json!({"plano_contas_id": "20"}));
        let base = map(json!({"plano_contas_id": "10"}));
        let verdict = judge(
            &change,
            &base,
            Some("2026-12-01 10:00:00"),
            &upstream("30", "", "2026-12-05 09:00:00"),
        );
        assert_eq!(
            verdict,
            Verdict::Conflict {
                fields: vec!["plano_contas_id".into()]
            }
        );
    }

    #[test]
    fn another_field_changed_upstream_is_merged() {
        let change = map(json!({"plano_contas_id": "20"}));
        let base = map(json!({"plano_contas_id": "10"}));
        let verdict = judge(
            &change,
            &base,
            Some("2026-12-01 10:00:00"),
            &upstream("10", "7", "2026-12-05 09:00:00"),
        );
        let Verdict::Send { body } = verdict else {
            panic!("expected a send, got {verdict:?}");
        };
        assert_eq!(body["plano_contas_id"], "20");
        assert_eq!(body["centro_custo_id"], "7", "the upstream change is kept");
        assert_eq!(body["id"], "512334", "the full record is sent");
    }

    #[test]
    fn an_unchanged_record_is_sent() {
        let change = map(json!({"liquidado": "1", "juros": "2.00"}));
        let base = map(json!({"liquidado": "0", "juros": "0.00"}));
        let stamp = "2026-12-01 10:00:00";
        let verdict = judge(&change, &base, Some(stamp), &upstream("10", "", stamp));
        assert!(matches!(verdict, Verdict::Send { .. }), "{verdict:?}");
    }

    #[test]
    fn a_record_without_the_change_names_what_is_missing() {
        let change = map(json!({"liquidado": "0", "data_liquidacao": ""}));
        let record = map(json!({"liquidado": "1", "data_liquidacao": "2026-12-01"}));
        assert_eq!(
            unapplied(&change, &record),
            vec!["data_liquidacao".to_string(), "liquidado".to_string()]
        );
        let reopened = map(json!({"liquidado": "0", "data_liquidacao": null}));
        assert!(unapplied(&change, &reopened).is_empty());
    }

    #[test]
    fn values_compare_by_meaning() {
        assert!(same("juros", Some(&json!("2")), Some(&json!("2.00"))));
        assert!(same("juros", None, Some(&json!("0.00"))));
        assert!(same("liquidado", Some(&json!(1)), Some(&json!("1"))));
        assert!(same("liquidado", Some(&json!(false)), Some(&json!("0"))));
        assert!(same(
            "data_liquidacao",
            Some(&Value::Null),
            Some(&json!(""))
        ));
        assert!(same(
            "plano_contas_id",
            Some(&json!(2512)),
            Some(&json!("2512"))
        ));
        assert!(!same("juros", Some(&json!("2.01")), Some(&json!("2.00"))));
        assert!(!same("centro_custo_id", Some(&json!("1")), None));
    }
}
