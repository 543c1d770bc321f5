//! The webhooks the relay benchmarks send: Gestão Click envelopes in the format the sandbox
//! emits (`ponte_core::providers::gestaoclick::webhooks`), each with its own event id,
//! HMAC-signed as a provider signs them, built before any clock starts. (The Coinzz bodies
//! come from the sandbox's own generator; only `signed` is shared with them.)

use crate::error::BenchError;
use axum::body::Bytes;
use chrono::{SecondsFormat, Utc};
use ponte_webhooks::{AuthMode, Outgoing, sign};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::json;

/// A webhook ready to go on the wire.
#[derive(Clone)]
pub struct Signed {
    pub event_id: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What the events are about, so the desktop applies each one for real.
pub struct Targets {
    /// External ids of centros de custo the desktop already mirrors.
    pub centros: Vec<String>,
    /// The first external id of the clientes the events create; far above the sandbox's.
    pub first_cliente: u64,
}

impl Targets {
    /// For a relay with no desktop behind it: any ids do.
    pub fn unmirrored() -> Targets {
        Targets {
            centros: (1..=8).map(|id| id.to_string()).collect(),
            first_cliente: 90_000_000,
        }
    }
}

/// Event `n` of run `run`: even ones rename a centro de custo (an update of a mirrored
/// row), odd ones create a cliente (a new row), so half the effects are inserts.
pub fn envelope(run: &str, n: usize, targets: &Targets) -> (String, Vec<u8>) {
    let event_id = format!("bench-{run}-{n}");
    let occurred_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let body = if n.is_multiple_of(2) {
        let centro = &targets.centros[(n / 2) % targets.centros.len()];
        json!({
            "event_id": event_id, "event": "cost_center.updated", "resource": "centros_custos",
            "occurred_at": occurred_at,
            "data": {"id": centro, "nome": format!("Centro {centro} rev {n}")},
        })
    } else {
        let id = targets.first_cliente + n as u64;
        json!({
            "event_id": event_id, "event": "customer.created", "resource": "clientes",
            "occurred_at": occurred_at,
            "data": {
                "id": id.to_string(), "tipo_pessoa": "PF", "nome": format!("Cliente {id}"),
                "cpf": "", "email": format!("cliente{id}@example.com"),
                "telefone": "(11) 3333-4444", "ativo": "1",
                "cadastrado_em": "2026-01-05 10:00:00", "modificado_em": "2026-01-05 10:00:00",
            },
        })
    };
    (event_id, body.to_string().into_bytes())
}

/// Signs `body` with a channel's secret as its provider would: an HMAC for Gestão Click,
/// nothing for Coinzz (in url-token mode the secret is in the URL).
pub fn signed(
    mode: AuthMode,
    secret: &str,
    event_id: String,
    body: Vec<u8>,
) -> Result<Signed, BenchError> {
    let mut headers = sign(
        mode,
        secret,
        &Outgoing {
            id: &event_id,
            timestamp: Utc::now(),
            body: &body,
        },
    )?;
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(Signed {
        event_id,
        headers,
        body: Bytes::from(body),
    })
}

/// Events `range` of run `run`, signed.
pub fn batch(
    run: &str,
    range: std::ops::Range<usize>,
    targets: &Targets,
    secret: &str,
) -> Result<Vec<Signed>, BenchError> {
    range
        .map(|n| {
            let (event_id, body) = envelope(run, n, targets);
            signed(AuthMode::Hmac, secret, event_id, body)
        })
        .collect()
}
