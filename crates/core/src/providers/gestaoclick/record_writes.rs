//! Gestão Click's write API for the outbox: recebimentos and pagamentos are read with
//! `GET /{resource}/{id}` and written with `PUT /{resource}/{id}` carrying the full record
//! (reference §5.5, §5.6); a record written back is mapped as a pulled one, in its loja.

use super::DISPLAY_NAME;
use super::client_for;
use super::mapper::map_record;
use super::webhooks::scope_of;
use crate::domain::EntityKind;
use crate::error::{Error, Result};
use crate::providers::{Connection, RecordWrites, WriteFailure};
use crate::store::{RecordFailure, StoredRecord};
use async_trait::async_trait;
use serde_json::{Map, Value};

pub struct GestaoClickWrites;

/// The resource a writable entity is served under.
fn resource(entity: EntityKind) -> Result<&'static str> {
    match entity {
        EntityKind::Recebimento => Ok("recebimentos"),
        EntityKind::Pagamento => Ok("pagamentos"),
        _ => Err(Error::WritesUnsupported {
            provider: DISPLAY_NAME,
        }),
    }
}

/// The record object of an answer.
fn record_of(value: Value, resource: &str) -> std::result::Result<Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(format!("a resposta de /{resource} não é um registro")),
    }
}

#[async_trait]
impl RecordWrites for GestaoClickWrites {
    async fn fetch(
        &self,
        connection: &Connection,
        entity: EntityKind,
        external_id: &str,
    ) -> Result<Map<String, Value>> {
        let resource = resource(entity)?;
        let record = client_for(connection)?
            .fetch_record(resource, external_id)
            .await?;
        record_of(record, resource).map_err(|detail| Error::ProviderUnavailable {
            provider: DISPLAY_NAME,
            attempts: 1,
            detail,
        })
    }

    async fn put(
        &self,
        connection: &Connection,
        entity: EntityKind,
        external_id: &str,
        body: &Value,
    ) -> std::result::Result<Map<String, Value>, WriteFailure> {
        let resource = resource(entity).map_err(WriteFailure::Refused)?;
        let client = client_for(connection).map_err(WriteFailure::Refused)?;
        let record = client.put_record(resource, external_id, body).await?;
        // A 2xx that is not a record: whether it was applied is unknown.
        record_of(record, resource).map_err(WriteFailure::Unknown)
    }

    fn map(
        &self,
        entity: EntityKind,
        record: &Map<String, Value>,
    ) -> std::result::Result<StoredRecord, RecordFailure> {
        let record = Value::Object(record.clone());
        map_record(entity, &record, &scope_of(entity, &record))
    }
}
