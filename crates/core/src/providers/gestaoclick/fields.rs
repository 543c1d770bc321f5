//! Reading Gestão Click records as they really arrive: ids and amounts as strings (or
//! numbers), `"0"`/`"1"` booleans, and `null` and `""` meaning the same thing.

use crate::money::parse_centavos;
use serde_json::{Map, Value};

/// Why one field of a record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub detail: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "campo {}: {}", self.field, self.detail)
    }
}

/// One provider record (a JSON object) with lenient typed accessors.
#[derive(Clone, Copy)]
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Map<String, Value>) -> Fields<'a> {
        Fields { map }
    }

    fn error(&self, key: &str, detail: impl Into<String>) -> FieldError {
        FieldError {
            field: key.to_string(),
            detail: detail.into(),
        }
    }

    /// Text, with numbers rendered as text, and `null`/`""`/whitespace as `None`.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        }
    }

    pub fn required_text(&self, key: &str) -> Result<String, FieldError> {
        self.text(key)
            .ok_or_else(|| self.error(key, "ausente ou vazio"))
    }

    /// Money as centavos; `None` when absent or empty.
    pub fn money(&self, key: &str) -> Result<Option<i64>, FieldError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) => parse_centavos(&text)
                .map(Some)
                .map_err(|e| self.error(key, e.to_string())),
        }
    }

    /// Money as centavos, treating absent as zero (fees, interest, discounts).
    pub fn money_or_zero(&self, key: &str) -> Result<i64, FieldError> {
        Ok(self.money(key)?.unwrap_or(0))
    }

    /// A decimal quantity in thousandths (`"1.50"` → 1500), without floats.
    pub fn thousandths(&self, key: &str) -> Result<i64, FieldError> {
        match self.money(key)? {
            None => Ok(0),
            // centavos are hundredths; quantities beyond two places are rare enough to round.
            Some(hundredths) => hundredths
                .checked_mul(10)
                .ok_or_else(|| self.error(key, "grande demais")),
        }
    }

    /// `"1"`/`"0"`, `1`/`0`, `true`/`false`; absent means false.
    pub fn flag(&self, key: &str) -> Result<bool, FieldError> {
        match self.text(key).as_deref() {
            None | Some("0") | Some("false") => Ok(false),
            Some("1") | Some("true") => Ok(true),
            Some(other) => Err(self.error(key, format!("\"{other}\" não é 0 nem 1"))),
        }
    }

    /// A whole number; `None` when absent or empty.
    pub fn integer(&self, key: &str) -> Result<Option<i64>, FieldError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| self.error(key, format!("\"{text}\" não é um número inteiro"))),
        }
    }

    /// A `YYYY-MM-DD` date, kept as text. `0000-00-00` reads as absent.
    pub fn date(&self, key: &str) -> Result<Option<String>, FieldError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) if text.starts_with("0000-00-00") => Ok(None),
            Some(text) => {
                let day = text.get(..10).unwrap_or(&text);
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .map(|_| Some(day.to_string()))
                    .map_err(|_| self.error(key, format!("\"{text}\" não é uma data AAAA-MM-DD")))
            }
        }
    }

    /// A `YYYY-MM-DD HH:MM:SS` provider timestamp, kept as text (it carries no zone).
    pub fn timestamp(&self, key: &str) -> Result<Option<String>, FieldError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) if text.starts_with("0000-00-00") => Ok(None),
            Some(text) => chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
                .map(|_| Some(text.clone()))
                .map_err(|_| {
                    self.error(
                        key,
                        format!("\"{text}\" não é um horário AAAA-MM-DD HH:MM:SS"),
                    )
                }),
        }
    }

    /// The elements of an array field, each unwrapped from its `{"name": {...}}` wrapper.
    pub fn wrapped_list(&self, key: &str, wrapper: &str) -> Vec<&'a Map<String, Value>> {
        let Some(Value::Array(items)) = self.map.get(key) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                let object = item.as_object()?;
                match object.get(wrapper) {
                    Some(Value::Object(inner)) => Some(inner),
                    _ => Some(object),
                }
            })
            .collect()
    }

    /// An array field unwrapped and re-serialised, for columns kept as JSON.
    pub fn wrapped_list_json(&self, key: &str, wrapper: &str) -> String {
        let items: Vec<&Map<String, Value>> = self.wrapped_list(key, wrapper);
        serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(value: Value, read: impl FnOnce(Fields<'_>)) {
        let map = value.as_object().expect("test value is an object").clone();
        read(Fields::new(&map));
    }

    #[test]
    fn null_and_empty_string_are_the_same_absence() {
        with(json!({"a": null, "b": "", "c": "  ", "d": "x"}), |f| {
            assert_eq!(f.text("a"), None);
            assert_eq!(f.text("b"), None);
            assert_eq!(f.text("c"), None);
            assert_eq!(f.text("missing"), None);
            assert_eq!(f.text("d").as_deref(), Some("x"));
            assert_eq!(f.money("b"), Ok(None));
            assert_eq!(f.date("a"), Ok(None));
        });
    }

    #[test]
    fn string_and_number_ids_read_alike() {
        with(json!({"id": "505", "produto_id": 1238787}), |f| {
            assert_eq!(f.text("id").as_deref(), Some("505"));
            assert_eq!(f.text("produto_id").as_deref(), Some("1238787"));
        });
    }

    #[test]
    fn zero_one_strings_are_booleans_and_garbage_is_an_error() {
        with(json!({"t": "1", "f": "0", "n": 1, "bad": "sim"}), |f| {
            assert_eq!(f.flag("t"), Ok(true));
            assert_eq!(f.flag("f"), Ok(false));
            assert_eq!(f.flag("n"), Ok(true));
            assert_eq!(f.flag("missing"), Ok(false));
            assert!(f.flag("bad").is_err());
        });
    }

    #[test]
    fn dates_and_timestamps_are_checked_but_kept_as_given() {
        with(
            json!({"d": "2025-11-03", "z": "0000-00-00", "t": "2025-11-03 14:27:20", "bad": "03/11/2025"}),
            |f| {
                assert_eq!(f.date("d"), Ok(Some("2025-11-03".into())));
                assert_eq!(f.date("z"), Ok(None));
                assert_eq!(f.timestamp("t"), Ok(Some("2025-11-03 14:27:20".into())));
                assert!(f.date("bad").is_err());
            },
        );
    }

    #[test]
    fn money_fields_parse_to_centavos_and_report_the_field() {
        with(json!({"v": "2931.44", "q": "1.50", "bad": "R$ 10"}), |f| {
            assert_eq!(f.money("v"), Ok(Some(293_144)));
            assert_eq!(f.thousandths("q"), Ok(1_500));
            assert_eq!(f.money_or_zero("missing"), Ok(0));
            assert_eq!(f.money("bad").map_err(|e| e.field), Err("bad".to_string()));
        });
    }
}
