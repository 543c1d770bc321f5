//! How a queued change reads for the operator: each field it changes with its label and
//! its values as the mirror had it, as asked, and (for a conflict) as the provider has it
//! now, formatted in pt-BR with the names of the ids; and the one-line audit of a change
//! written back.

use super::change::Operation;
use super::verdict::same;
use crate::domain::{IntegrationId, LancamentoTipo};
use crate::money::{format_brl, parse_centavos};
use crate::store::{OutboxId, OutboxRow, OutboxState, ReferenceKind, Store};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// One queued change, as the screen "Alterações enviadas" and `ponte outbox list` show it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OutboxItem {
    pub id: OutboxId,
    pub integration_id: IntegrationId,
    pub integration_name: String,
    pub tipo: LancamentoTipo,
    /// The provider's id of the lançamento.
    pub external_id: String,
    /// The local lançamento, while the mirror has it.
    pub lancamento_id: Option<i64>,
    pub descricao: Option<String>,
    pub operation: Operation,
    pub fields: Vec<OutboxField>,
    /// 0–10, higher first.
    pub priority: u8,
    pub state: OutboxState,
    pub attempts: u32,
    pub max_attempts: u32,
    /// When a pending change is next tried (UTC).
    pub next_attempt_at: String,
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    pub requested_at: String,
    pub finished_at: Option<String>,
}

/// One field a change sets, side by side.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OutboxField {
    pub field: String,
    pub label: String,
    /// As the mirror had it when the change was asked.
    pub base: String,
    /// "Sua alteração".
    pub requested: String,
    /// "No Gestão Click": the provider's value when a conflict was found.
    pub upstream: Option<String>,
    /// The provider changed this field since the change was asked.
    pub conflicting: bool,
}

/// The label of a provider field, and the reference its id names, if any.
fn describe_field(field: &str) -> (&'static str, Option<ReferenceKind>) {
    match field {
        "liquidado" => ("Situação", None),
        "data_liquidacao" => ("Data da baixa", None),
        "conta_bancaria_id" => ("Conta bancária", Some(ReferenceKind::ContaBancaria)),
        "forma_pagamento_id" => ("Forma de pagamento", Some(ReferenceKind::FormaPagamento)),
        "juros" => ("Juros", None),
        "desconto" => ("Desconto", None),
        "taxa_banco" => ("Taxa do banco", None),
        "taxa_operadora" => ("Taxa da operadora", None),
        "plano_contas_id" => ("Plano de contas", Some(ReferenceKind::PlanoConta)),
        "centro_custo_id" => ("Centro de custo", Some(ReferenceKind::CentroCusto)),
        _ => ("Campo", None),
    }
}

/// A value as the operator reads it, ids still unnamed.
fn plain(field: &str, value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.trim().to_string(),
        Some(other) => other.to_string(),
    };
    match field {
        "liquidado" => match super::verdict::normalized(field, value).as_str() {
            "1" => "Baixado".to_string(),
            _ => "Em aberto".to_string(),
        },
        _ if text.is_empty() => "—".to_string(),
        "juros" | "desconto" | "taxa_banco" | "taxa_operadora" | "valor" => {
            parse_centavos(&text).map_or(text, format_brl)
        }
        "data_liquidacao" => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_or(text, |date| date.format("%d/%m/%Y").to_string()),
        _ => text,
    }
}

impl OutboxItem {
    /// The row with its values formatted and its ids named from the mirror.
    pub(crate) async fn from_row(store: &Store, row: OutboxRow) -> OutboxItem {
        let mut fields = Vec::with_capacity(row.change.len());
        for (field, requested) in &row.change {
            let (label, reference) = describe_field(field);
            let upstream_value = row.upstream.as_ref().map(|upstream| upstream.get(field));
            let conflicting =
                upstream_value.is_some_and(|upstream| !same(field, upstream, row.base.get(field)));
            fields.push(OutboxField {
                field: field.clone(),
                label: label.to_string(),
                base: named(store, &row, reference, field, row.base.get(field)).await,
                requested: named(store, &row, reference, field, Some(requested)).await,
                upstream: match upstream_value {
                    Some(value) => Some(named(store, &row, reference, field, value).await),
                    None => None,
                },
                conflicting,
            });
        }
        OutboxItem {
            id: row.id,
            integration_id: row.integration_id,
            integration_name: row.integration_name,
            tipo: row.tipo,
            external_id: row.external_id,
            lancamento_id: row.lancamento_id,
            descricao: row.descricao,
            operation: Operation::parse(&row.operation).unwrap_or(Operation::Reclassificar),
            fields,
            priority: row.priority,
            state: row.state,
            attempts: row.attempts,
            max_attempts: row.max_attempts,
            next_attempt_at: row.next_attempt_at,
            last_error_code: row.last_error_code,
            last_error: row.last_error,
            requested_at: row.requested_at,
            finished_at: row.finished_at,
        }
    }
}

/// `plain`, with an id replaced by the name the mirror has for it ("Aluguel (10896691)").
async fn named(
    store: &Store,
    row: &OutboxRow,
    reference: Option<ReferenceKind>,
    field: &str,
    value: Option<&Value>,
) -> String {
    let text = plain(field, value);
    let Some(kind) = reference.filter(|_| text != "—") else {
        return text;
    };
    match store
        .reference_name(kind, Some(row.integration_id), &text)
        .await
    {
        Ok(Some(name)) => format!("{name} ({text})"),
        _ => text,
    }
}

/// The audit line of a change written back: what changed, from what to what.
pub(crate) fn audit_line(
    operation: Operation,
    base: &Map<String, Value>,
    change: &Map<String, Value>,
) -> String {
    let parts: Vec<String> = change
        .iter()
        .map(|(field, requested)| {
            format!(
                "{}: {} → {}",
                describe_field(field).0,
                plain(field, base.get(field)),
                plain(field, Some(requested))
            )
        })
        .collect();
    format!(
        "{} gravada na origem ({})",
        operation.label(),
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_in_pt_br() {
        assert_eq!(plain("juros", Some(&json!("1234.5"))), "R$ 1.234,50");
        assert_eq!(
            plain("data_liquidacao", Some(&json!("2026-12-05"))),
            "05/12/2026"
        );
        assert_eq!(plain("liquidado", Some(&json!("1"))), "Baixado");
        assert_eq!(plain("liquidado", Some(&json!("0"))), "Em aberto");
        assert_eq!(plain("centro_custo_id", Some(&json!(""))), "—");
    }

    #[test]
    fn the_audit_line_says_what_changed_from_what_to_what() {
        let base = json!({"plano_contas_id": "10", "centro_custo_id": ""});
        let change = json!({"plano_contas_id": "20", "centro_custo_id": "3"});
        let line = audit_line(
            Operation::Reclassificar,
            base.as_object().expect("object"),
            change.as_object().expect("object"),
        );
        assert_eq!(
            line,
            "Reclassificação gravada na origem (Centro de custo: — → 3; Plano de contas: 10 → 20)"
        );
    }
}
