//! Gestão Click records → Ponte's domain. One mapper per entity, shared by the pull sync
//! and (later) the real-time path, so the same venda ends up as the same row either way.

mod lancamentos;
mod parties;
mod reference;
mod vendas;

use super::fields::{FieldError, Fields};
use crate::domain::{EntityKind, RecordBody, Scope};
use crate::store::{RecordFailure, StoredRecord};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Maps one provider record. A record that cannot be read becomes a `RecordFailure` that
/// keeps the payload verbatim, so nothing is lost.
pub fn map_record(
    entity: EntityKind,
    item: &Value,
    scope: &Scope,
) -> Result<StoredRecord, RecordFailure> {
    let failure = |external_id: Option<String>, reason: String| RecordFailure {
        external_id,
        reason,
        payload: item.to_string(),
    };
    let Some(map) = item.as_object() else {
        return Err(failure(None, "registro não é um objeto JSON".into()));
    };
    let fields = Fields::new(map);
    let external_id = fields
        .text("id")
        .ok_or_else(|| failure(None, "registro sem id".into()))?;
    let body =
        map_body(entity, fields).map_err(|e| failure(Some(external_id.clone()), e.to_string()))?;
    let modified_at = fields.timestamp("modificado_em").ok().flatten();
    Ok(StoredRecord {
        external_id,
        modified_at,
        // serde_json keeps object keys sorted, so equal records hash equal.
        payload_hash: Sha256::digest(item.to_string().as_bytes()).to_vec(),
        scope: scope.clone(),
        body,
    })
}

fn map_body(entity: EntityKind, fields: Fields<'_>) -> Result<RecordBody, FieldError> {
    Ok(match entity {
        EntityKind::Loja => RecordBody::Loja(reference::loja(fields)?),
        EntityKind::PlanoConta => RecordBody::PlanoConta(reference::plano_conta(fields)?),
        EntityKind::CentroCusto => RecordBody::CentroCusto(reference::centro_custo(fields)?),
        EntityKind::ContaBancaria => RecordBody::ContaBancaria(reference::conta_bancaria(fields)?),
        EntityKind::FormaPagamento => {
            RecordBody::FormaPagamento(reference::forma_pagamento(fields)?)
        }
        EntityKind::Cliente => {
            RecordBody::Party(parties::party(fields, crate::domain::PartyKind::Cliente)?)
        }
        EntityKind::Fornecedor => RecordBody::Party(parties::party(
            fields,
            crate::domain::PartyKind::Fornecedor,
        )?),
        EntityKind::Venda => RecordBody::Venda(vendas::venda(fields)?),
        EntityKind::Recebimento => RecordBody::Lancamento(lancamentos::lancamento(
            fields,
            crate::domain::LancamentoTipo::Recebimento,
        )?),
        EntityKind::Pagamento => RecordBody::Lancamento(lancamentos::lancamento(
            fields,
            crate::domain::LancamentoTipo::Pagamento,
        )?),
    })
}
