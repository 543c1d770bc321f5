//! What a Coinzz webhook changes once mapped: the cliente (with the keys it is deduplicated
//! by), the venda, what only Coinzz sends about it, and for a subscription webhook the
//! assinatura. The store applies it in the batch's transaction. `party` finds which
//! stored cliente a buyer is.

pub mod party;

use super::{Party, Venda};
use serde::Serialize;

/// One Coinzz order or subscription webhook, mapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoinzzChange {
    pub cliente: CoinzzCliente,
    /// The order's identity (`order_number`), the venda's external id.
    pub order_number: String,
    pub venda: Venda,
    pub detalhe: VendaCoinzz,
    pub assinatura: Option<Assinatura>,
    /// Status labels outside Ponte's table, as `(field, raw label)`: kept and flagged.
    pub unknown_labels: Vec<(&'static str, String)>,
    /// Hash of everything above: a repeat of the stored state changes nothing.
    pub payload_hash: Vec<u8>,
}

/// The buyer, and the normalised keys that find them among the stored clientes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoinzzCliente {
    pub keys: PartyKeys,
    /// As this event describes them; the store files it under the matched party's
    /// external id, or a new one.
    pub party: Party,
}

/// The dedupe keys of a party, in the order they are tried.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PartyKeys {
    /// A CPF or CNPJ (numeric or alphanumeric) that passed its check digits, canonical.
    pub documento: Option<String>,
    /// The phone in E.164 (`+5562954544554`).
    pub telefone_e164: Option<String>,
    /// The e-mail, trimmed and lower-cased.
    pub email: Option<String>,
}

/// What only Coinzz sends about an order (the `venda_coinzz` row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendaCoinzz {
    pub order_status_raw: String,
    pub order_status: &'static str,
    pub shipping_status_raw: Option<String>,
    pub shipping_status: &'static str,
    /// Lifecycle rank of this state; see `providers::coinzz::status`.
    pub status_rank: i64,
    pub method_payment: Option<String>,
    pub total_installments: Option<i64>,
    pub tracking_code: Option<String>,
    pub product_name: Option<String>,
    pub order_quantity: Option<i64>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    pub utm_term: Option<String>,
    pub ordered_at_utc: Option<String>,
    pub deleted_at: Option<String>,
    pub deleted_at_utc: Option<String>,
    pub first_order: Option<bool>,
    pub second_order: Option<bool>,
    pub postback_label: Option<String>,
}

/// A Coinzz subscription (the `assinaturas` row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assinatura {
    pub subscription_hash: String,
    pub status_raw: String,
    pub status: &'static str,
    pub frequency: Option<String>,
    pub cycle: Option<String>,
    pub next_charge_date: Option<String>,
    pub next_charge_at_utc: Option<String>,
    /// `<1 if cancelled else 0>|<next charge, UTC>`: text order is lifecycle order.
    pub status_rank: String,
}
