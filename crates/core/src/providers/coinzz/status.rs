//! Coinzz's status labels → Ponte's keys, through one table per field, and the lifecycle
//! rank that orders the states of one order.
//!
//! The labels are free pt-BR text with inconsistent capitalisation (`Aguardando envio`,
//! `Em Processamento`), so they are compared case- and accent-insensitively. A label
//! outside the table is kept verbatim, mapped to the field's safe default (the earliest
//! state, which outranks nothing) and flagged; it is never dropped.
//!
//! **Out-of-order rule.** Coinzz fires the webhook on every status change, with no event
//! id and no timestamp, and deliveries may arrive shuffled. The only order there is, is
//! the lifecycle: a state's rank is `(deleted, order rank, shipping rank)`, compared
//! lexicographically. Order states rank pendente < pago < aguardando envio < entregue <
//! cancelado < reembolsado < chargeback (the terminal states outrank every earlier one;
//! among them, a delivered order can still be cancelled, refunded, then charged back).
//! Shipping ranks a enviar < enviado < entregue and only breaks ties between equal order
//! states. A set `deleted_at` outranks everything. The store never lets an event of lower
//! rank overwrite the stored state (it is logged as stale); an equal rank applies, since
//! the later arrival may carry more (a tracking code). A label Ponte does not know yet is
//! told to the operator once per integration (`unknown_label_notice`).

use crate::store::{NewNotification, NotificationLevel};

/// One field's label, mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub raw: String,
    pub key: &'static str,
    pub rank: i64,
    /// Whether the label is in the table.
    pub known: bool,
}

/// `order_status` labels (folded) → (key, rank). The first entry is the safe default.
const ORDER_STATUSES: &[(&str, &str, i64)] = &[
    ("pendente", "pendente", 1),
    ("em processamento", "pendente", 1),
    ("aguardando pagamento", "pendente", 1),
    ("aprovada", "pago", 2),
    ("aprovado", "pago", 2),
    ("paga", "pago", 2),
    ("pago", "pago", 2),
    ("aguardando envio", "aguardando_envio", 3),
    ("entregue", "entregue", 4),
    ("cancelada", "cancelado", 5),
    ("cancelado", "cancelado", 5),
    ("reembolsada", "reembolsado", 6),
    ("reembolsado", "reembolsado", 6),
    ("chargeback", "chargeback", 7),
];

/// `shipping_status` labels (folded) → (key, rank). The first entry is the safe default.
const SHIPPING_STATUSES: &[(&str, &str, i64)] = &[
    ("a enviar", "a_enviar", 0),
    ("enviado", "enviado", 1),
    ("entregue", "entregue", 2),
];

/// `subscription.status` labels (folded) → (key, 1 when terminal). Default: pendente.
const SUBSCRIPTION_STATUSES: &[(&str, &str, i64)] = &[
    ("pendente", "pendente", 0),
    ("ativa", "ativa", 0),
    ("suspensa", "suspensa", 0),
    ("cancelada", "cancelada", 1),
];

pub fn order_status(label: &str) -> Mapped {
    map(ORDER_STATUSES, label)
}

pub fn shipping_status(label: &str) -> Mapped {
    map(SHIPPING_STATUSES, label)
}

pub fn subscription_status(label: &str) -> Mapped {
    map(SUBSCRIPTION_STATUSES, label)
}

/// The rank of an order state (see the module doc).
pub fn order_rank(order: &Mapped, shipping: &Mapped, deleted: bool) -> i64 {
    i64::from(deleted) * 1_000 + order.rank * 10 + shipping.rank
}

/// Whether money was collected in this state. A post-paid order ("Venda pós-paga", cash
/// on delivery) is collected only once delivered, whatever its order label says before;
/// any other once paid. Cancellations, refunds and chargebacks take it back.
pub fn is_collected(order_key: &str, shipping_key: &str, post_paid: bool) -> bool {
    if post_paid {
        let delivered = order_key == "entregue" || shipping_key == "entregue";
        delivered && !matches!(order_key, "cancelado" | "reembolsado" | "chargeback")
    } else {
        matches!(order_key, "pago" | "aguardando_envio" | "entregue")
    }
}

/// Whether `method_payment` names a post-paid sale (`"Venda pós-paga"`, in any case or
/// accent, hyphen or not).
pub fn is_post_paid(method_payment: &str) -> bool {
    let folded = fold(method_payment).replace('-', " ");
    folded.contains("pos paga")
}

fn map(table: &[(&str, &'static str, i64)], label: &str) -> Mapped {
    let folded = fold(label);
    let found = table.iter().find(|(name, _, _)| *name == folded);
    let (_, key, rank) = found.or(table.first()).copied().unwrap_or(("", "", 0));
    Mapped {
        raw: label.to_string(),
        key,
        rank,
        known: found.is_some(),
    }
}

/// Lower case, without accents, single spaces.
fn fold(label: &str) -> String {
    crate::format::fold_accents(label)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Coinzz status label outside Ponte's table, said once per integration: what was kept
/// and what was assumed, so the operator knows nothing was lost.
pub fn unknown_label_notice(field: &str, label: &str, integration_id: i64) -> NewNotification {
    NewNotification {
        level: NotificationLevel::Warning,
        title: "Status desconhecido da Coinzz".into(),
        body: format!(
            "A Coinzz enviou \"{label}\" em {field}, um valor que a Ponte ainda não conhece. \
             O valor foi guardado como veio e tratado como o estado inicial; nenhum evento \
             foi descartado."
        ),
        integration_id: Some(integration_id),
        sync_run_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_whatever_their_case_and_accents() {
        for (label, key) in [
            ("Aprovada", "pago"),
            ("APROVADA", "pago"),
            ("Pendente", "pendente"),
            ("Em Processamento", "pendente"),
            ("em  processamento", "pendente"),
            ("Aguardando Pagamento", "pendente"),
            ("Aguardando envio", "aguardando_envio"),
            ("Cancelada", "cancelado"),
            ("Entregue", "entregue"),
            ("Reembolsada", "reembolsado"),
            ("Chargeback", "chargeback"),
        ] {
            let mapped = order_status(label);
            assert_eq!((mapped.key, mapped.known), (key, true), "{label}");
            assert_eq!(mapped.raw, label);
        }
        assert_eq!(shipping_status("A enviar").key, "a_enviar");
        assert_eq!(shipping_status("ENVIADO").key, "enviado");
        assert_eq!(shipping_status("Entregue").key, "entregue");
        assert_eq!(subscription_status("Ativa").key, "ativa");
        assert_eq!(subscription_status("cancelada").rank, 1);
    }

    #[test]
    fn an_unknown_label_is_kept_verbatim_with_the_safe_default() {
        let mapped = order_status("Em Trânsito Reverso");
        assert_eq!(mapped.raw, "Em Trânsito Reverso");
        assert_eq!((mapped.key, mapped.known), ("pendente", false));
        let shipping = shipping_status("Extraviado");
        assert_eq!((shipping.key, shipping.known), ("a_enviar", false));
    }

    #[test]
    fn a_post_paid_order_is_collected_only_once_delivered() {
        assert!(is_post_paid("Venda pós-paga"));
        assert!(is_post_paid("VENDA POS PAGA"));
        assert!(!is_post_paid("Pix"));
        let collected = |order: &str, shipping: &str, post_paid| {
            is_collected(
                order_status(order).key,
                shipping_status(shipping).key,
                post_paid,
            )
        };
        assert!(!collected("Aguardando envio", "A enviar", true));
        assert!(!collected("Aprovada", "Enviado", true));
        assert!(collected("Aguardando envio", "Entregue", true));
        assert!(collected("Entregue", "Entregue", true));
        assert!(!collected("Cancelada", "Entregue", true));
        assert!(collected("Aprovada", "A enviar", false));
        assert!(collected("Aguardando envio", "A enviar", false));
        assert!(!collected("Reembolsada", "Entregue", false));
        assert!(!collected("Pendente", "A enviar", false));
    }

    #[test]
    fn terminal_states_outrank_earlier_ones_and_deletion_outranks_all() {
        let rank = |order: &str, shipping: &str, deleted| {
            order_rank(&order_status(order), &shipping_status(shipping), deleted)
        };
        assert!(
            rank("Aguardando envio", "A enviar", false)
                < rank("Aguardando envio", "Enviado", false)
        );
        assert!(rank("Aguardando envio", "Enviado", false) < rank("Entregue", "Entregue", false));
        assert!(rank("Entregue", "Entregue", false) < rank("Reembolsada", "Entregue", false));
        assert!(rank("Chargeback", "Entregue", false) < rank("Pendente", "A enviar", true));
    }
}
