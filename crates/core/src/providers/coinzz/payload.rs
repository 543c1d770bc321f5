//! The bodies Coinzz POSTs, as serde reads them, tolerant of every quirk of
//! `docs/providers/coinzz.md#payload-quirks`: any field may be missing or null; unknown keys
//! (the root `"Postack"` label, fields a later version adds) are ignored; scalars that
//! arrive as a string or a number (`client_address_number`, `order_final_price`,
//! `order_quantity`) are read as their text and parsed by the mapper, so a bad value
//! becomes a quarantine reason instead of a serde error.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An order webhook (`{client, order, utms}`), or a subscription one (the same plus
/// `subscription` and `general_info`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Webhook {
    pub client: Client,
    pub order: Order,
    pub utms: Utms,
    pub subscription: Option<Subscription>,
    /// Sic: the name the producer gave the postback configuration (real payloads).
    #[serde(rename = "Postack", deserialize_with = "text")]
    pub postack: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Client {
    #[serde(deserialize_with = "text")]
    pub client_name: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_phone: Option<String>,
    /// Sic (double "m"), exactly as Coinzz spells it.
    #[serde(deserialize_with = "text")]
    pub client_documment: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_email: Option<String>,
    /// The street per the doc; real payloads send `client_street` instead.
    #[serde(deserialize_with = "text")]
    pub client_address: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_street: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_zip_code: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_address_number: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_address_district: Option<String>,
    /// The complement on orders; subscriptions send `client_address_complement`.
    #[serde(deserialize_with = "text")]
    pub client_address_comp: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_address_complement: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_address_city: Option<String>,
    /// A UF code (`"BA"`) or a full state name.
    #[serde(deserialize_with = "text")]
    pub client_address_state: Option<String>,
    #[serde(deserialize_with = "text")]
    pub client_address_country: Option<String>,
}

impl Client {
    pub fn street(&self) -> Option<&str> {
        self.client_address
            .as_deref()
            .or(self.client_street.as_deref())
    }

    pub fn complement(&self) -> Option<&str> {
        self.client_address_comp
            .as_deref()
            .or(self.client_address_complement.as_deref())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Order {
    #[serde(deserialize_with = "flag")]
    pub first_order: Option<bool>,
    #[serde(deserialize_with = "flag")]
    pub second_order: Option<bool>,
    #[serde(deserialize_with = "text")]
    pub date_order: Option<String>,
    #[serde(deserialize_with = "text")]
    pub order_number: Option<String>,
    #[serde(deserialize_with = "text")]
    pub order_status: Option<String>,
    #[serde(deserialize_with = "text")]
    pub shipping_status: Option<String>,
    #[serde(deserialize_with = "text")]
    pub tracking_code: Option<String>,
    #[serde(deserialize_with = "text")]
    pub order_quantity: Option<String>,
    #[serde(deserialize_with = "text")]
    pub product_name: Option<String>,
    /// A JSON number in the doc (`150.99`), a string in real payloads (`"397.00"`).
    #[serde(deserialize_with = "text")]
    pub order_final_price: Option<String>,
    #[serde(deserialize_with = "text")]
    pub method_payment: Option<String>,
    #[serde(deserialize_with = "text")]
    pub total_installments: Option<String>,
    #[serde(deserialize_with = "text")]
    pub producer_name: Option<String>,
    #[serde(deserialize_with = "text")]
    pub affiliate_name: Option<String>,
    #[serde(deserialize_with = "text")]
    pub deleted_at: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Utms {
    #[serde(deserialize_with = "text")]
    pub utm_source: Option<String>,
    #[serde(deserialize_with = "text")]
    pub utm_medium: Option<String>,
    #[serde(deserialize_with = "text")]
    pub utm_campaign: Option<String>,
    #[serde(deserialize_with = "text")]
    pub utm_content: Option<String>,
    #[serde(deserialize_with = "text")]
    pub utm_term: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Subscription {
    #[serde(deserialize_with = "text")]
    pub subscription_hash: Option<String>,
    #[serde(deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(deserialize_with = "text")]
    pub frequency: Option<String>,
    #[serde(deserialize_with = "text")]
    pub cycle: Option<String>,
    #[serde(deserialize_with = "text")]
    pub next_charge_date: Option<String>,
}

/// A string, or a number's text, trimmed; null, blank, or any other JSON type → `None`.
/// A JSON number keeps its textual form: serde_json (without `arbitrary_precision`, which
/// this workspace does not enable) prints a parsed float as the shortest text that reads
/// back to it, which for a price like `150.99` is that literal. So money is never computed
/// in f64: the text goes to `money::parse_centavos`.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// A boolean, or `0`/`1` and their strings.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(flag) => Some(flag),
        Value::Number(number) => number.as_i64().map(|n| n != 0),
        Value::String(text) => match text.trim() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    })
}
