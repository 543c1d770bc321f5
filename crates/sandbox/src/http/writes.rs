//! `PUT /{resource}/{id}` and `PUT /api/{resource}/{id}`: the provider's write of a whole
//! recebimento or pagamento, through the same steps as the reads (`api::serve`). The body
//! is the record as JSON, plain or wrapped as `{"recebimento": {...}}`, values as strings
//! or numbers. A refusal is the provider's 404 with a pt-BR `mensagem` and changes
//! nothing; success answers the record as `GET /{resource}/{id}` would, logs the write and,
//! when switched on, sends its webhook.

use super::api::{NO_RECORD, RequestLine, serve};
use super::replies::Reply;
use crate::error::SandboxError;
use crate::locks::{lock, write};
use crate::mutations::{EditRefusal, EditScope, MutationEntity, title_entity};
use crate::resource::Resource;
use crate::state::SharedState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use serde_json::{Map, Value};
use std::sync::Arc;

pub(crate) async fn put_one(
    State(state): State<Arc<SharedState>>,
    Path((resource, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let line = RequestLine {
        method: Method::PUT,
        resource: &resource,
        id: Some(&id),
    };
    serve(&state, line, &headers, || {
        write_title(&state, &resource, &id, &body)
    })
    .await
}

fn write_title(state: &SharedState, resource: &str, id: &str, body: &[u8]) -> Reply {
    let Some(entity) = title_entity(resource) else {
        let refusal = SandboxError::NotWritable {
            resource: resource.to_string(),
        };
        return Reply::not_found(&refusal.to_string());
    };
    let Ok(numeric) = id.parse::<u64>() else {
        return Reply::not_found(NO_RECORD);
    };
    let fields = match record_fields(body, entity) {
        Ok(fields) => fields,
        Err(mensagem) => return Reply::not_found(mensagem),
    };
    let mut dataset = write(&state.dataset);
    let edit = match dataset.edit_title(entity, numeric, &fields, EditScope::WholeRecord) {
        Ok(edit) => edit,
        Err(EditRefusal::NotFound) => return Reply::not_found(NO_RECORD),
        Err(EditRefusal::Invalid(mensagem)) => return Reply::not_found(&mensagem),
    };
    lock(&state.writes).record(entity.resource(), id, edit.changed);
    let webhook = state.write_webhooks.prepare(state, &dataset, &edit.outcome);
    let reply = Resource::from_path(resource)
        .and_then(|known| dataset.find(known, numeric))
        .map_or_else(|| Reply::not_found(NO_RECORD), |r| Reply::record(&r.json));
    drop(dataset);
    if let Some(webhook) = webhook {
        webhook.send();
    }
    reply
}

const NOT_A_RECORD: &str = "O corpo da requisição deve ser o lançamento em JSON: um objeto com \
                            descricao, valor, datas e ids, como o GET do registro devolve.";

/// The body's fields, unwrapped from `{"recebimento": {...}}` (or `Recebimento`) if sent so.
fn record_fields(body: &[u8], entity: MutationEntity) -> Result<Map<String, Value>, &'static str> {
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(NOT_A_RECORD);
    };
    let wrappers: &[&str] = match entity {
        MutationEntity::Recebimento => &["recebimento", "Recebimento"],
        _ => &["pagamento", "Pagamento"],
    };
    if fields.len() == 1
        && let Some(key) = wrappers.iter().find(|key| fields.contains_key(**key))
    {
        return match fields.remove(*key) {
            Some(Value::Object(inner)) => Ok(inner),
            _ => Err(NOT_A_RECORD),
        };
    }
    Ok(fields)
}
