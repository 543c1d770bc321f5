//! The one parse of an ingest's body, strict: only an object at the top, at most
//! `MAX_DEPTH` levels of nesting, valid UTF-8 with no lone surrogates, no number that
//! overflows, nothing after the value, and at most one top-level `event_id`, which it
//! returns so the event id is read from this same parse. The size limit is
//! `MAX_BODY_BYTES`, applied while the body is read.
//!
//! A lax parse stored bodies a consumer may choke on (deep nesting, `1e999999`) and let
//! two `event_id` keys hide an event from deduplication.

use crate::error::RelayError;
use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::error::Category;
use std::fmt;

/// Provider payloads nest a few levels; 64 leaves room and stops hostile nesting early.
pub(super) const MAX_DEPTH: usize = 64;

const EVENT_ID_KEY: &str = "event_id";

/// Checks `body` and returns its top-level `event_id`, if any.
pub(super) fn parse(body: &[u8]) -> Result<Option<Value>, RelayError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let event_id = deserializer
        .deserialize_any(Top)
        .and_then(|event_id| deserializer.end().map(|()| event_id))
        .map_err(|error| RelayError::NotJson {
            detail: detail(&error),
        })?;
    Ok(event_id)
}

/// serde_json's own messages are English; the caller reads pt-BR.
fn detail(error: &serde_json::Error) -> String {
    match error.classify() {
        // Every data error comes from the visitors below, already in pt-BR.
        Category::Data => error.to_string(),
        Category::Eof => "o texto termina antes do fim do JSON".to_string(),
        Category::Syntax | Category::Io => format!(
            "JSON inválido na linha {}, coluna {} (sintaxe, UTF-8 inválido, surrogate sem par \
             ou número fora do intervalo)",
            error.line(),
            error.column()
        ),
    }
}

fn not_an_object<E: de::Error>() -> E {
    E::custom("o topo do JSON precisa ser um objeto")
}

/// The top level: an object, whose `event_id` is kept.
struct Top;

impl<'de> Visitor<'de> for Top {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um objeto JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut event_id = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == EVENT_ID_KEY {
                if event_id.is_some() {
                    return Err(de::Error::custom(
                        "a chave event_id aparece mais de uma vez",
                    ));
                }
                event_id = Some(map.next_value_seed(Nested { depth: 2 }.capture())?);
            } else {
                map.next_value_seed(Nested { depth: 2 })?;
            }
        }
        Ok(event_id)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(not_an_object())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(not_an_object())
    }
}

/// Any value below the top, `depth` being the level a container here would open.
#[derive(Clone, Copy)]
struct Nested {
    depth: usize,
}

impl Nested {
    fn deeper(self) -> Result<Nested, String> {
        if self.depth > MAX_DEPTH {
            Err(format!("o JSON passa de {MAX_DEPTH} níveis de aninhamento"))
        } else {
            Ok(Nested {
                depth: self.depth + 1,
            })
        }
    }

    /// The value, checked the same way, kept as a `Value` (for `event_id`).
    fn capture(self) -> Captured {
        Captured(self)
    }
}

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um valor JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper().map_err(de::Error::custom)?;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper().map_err(de::Error::custom)?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// `event_id`'s value: an id is a scalar, so a container there is kept only as a marker
/// (`provider_event_id` refuses it), after being checked like any other value.
struct Captured(Nested);

impl<'de> DeserializeSeed<'de> for Captured {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Captured {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("um valor JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        self.0
            .visit_map(map)
            .map(|()| Value::Object(Default::default()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        self.0.visit_seq(seq).map(|()| Value::Array(Vec::new()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(body: &[u8]) -> String {
        match parse(body) {
            Err(RelayError::NotJson { detail }) => detail,
            other => panic!(
                "{:?} was accepted: {other:?}",
                String::from_utf8_lossy(body)
            ),
        }
    }

    fn nested(depth: usize) -> Vec<u8> {
        format!(r#"{{"a":{}1{}}}"#, "[".repeat(depth), "]".repeat(depth)).into_bytes()
    }

    #[test]
    fn an_object_gives_its_event_id() {
        assert_eq!(
            parse(br#"{"x":[1,{"y":null}],"event_id":"e-1"}"#).unwrap(),
            Some(Value::from("e-1"))
        );
        assert_eq!(parse(br#"{"event_id":42}"#).unwrap(), Some(Value::from(42)));
        assert_eq!(parse(br#" {"id":"7"} "#).unwrap(), None);
    }

    #[test]
    fn only_an_object_is_accepted_at_the_top() {
        for body in [&br#"["e-1"]"#[..], b"1", b"\"e\"", b"null", b"true"] {
            assert!(refused(body).contains("objeto"));
        }
    }

    #[test]
    fn the_hostile_bodies_are_refused() {
        refused(b"{\"a\":\"\xff\"}");
        refused(br#"{"a":"\ud800"}"#);
        refused(br#"{"a":"\udc00x"}"#);
        refused(br#"{"a":1e999999}"#);
        refused(br#"{"a":1} {}"#);
        refused(b"");
        assert!(refused(br#"{"event_id":"a","x":1,"event_id":"b"}"#).contains("event_id"));
        assert!(refused(&nested(100_000)).contains("níveis"));
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        // The top object is level 1, so `MAX_DEPTH - 1` arrays inside it fit.
        assert!(parse(&nested(MAX_DEPTH - 1)).is_ok());
        refused(&nested(MAX_DEPTH));
    }
}
