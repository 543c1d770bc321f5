//! `RecordWrites`: what a provider with a write API offers the outbox's sender — read one
//! record as it stands now, send one full record back exactly once, and map a record the
//! way its sync does, so a record written back lands in the mirror by the sync's own path.

use super::Connection;
use crate::domain::EntityKind;
use crate::error::{Error, Result};
use crate::store::{RecordFailure, StoredRecord};
use async_trait::async_trait;
use serde_json::{Map, Value};

/// Why a write did not come back with the record.
#[derive(Debug)]
pub enum WriteFailure {
    /// It may or may not have been applied: a timeout, a broken connection, a 5xx, an
    /// answer cut short. The record must be read before trying again.
    Unknown(String),
    /// It was not applied: refused with a reason (validation, credentials, budget, rate
    /// limit past the waits, cancellation before it was sent).
    Refused(Error),
}

#[async_trait]
pub trait RecordWrites: Send + Sync {
    /// The provider's record `external_id` of `entity` as it stands now.
    async fn fetch(
        &self,
        connection: &Connection,
        entity: EntityKind,
        external_id: &str,
    ) -> Result<Map<String, Value>>;

    /// Sends `body`, the full record, once: never retried here, because the provider has
    /// no idempotency key. Ok is the record as the provider stored it.
    async fn put(
        &self,
        connection: &Connection,
        entity: EntityKind,
        external_id: &str,
        body: &Value,
    ) -> std::result::Result<Map<String, Value>, WriteFailure>;

    /// The record mapped as the sync maps a pulled one, with the same scope.
    fn map(
        &self,
        entity: EntityKind,
        record: &Map<String, Value>,
    ) -> std::result::Result<StoredRecord, RecordFailure>;
}
