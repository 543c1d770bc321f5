//! Writing a Coinzz change inside the batch's transaction. Two things differ from an
//! `Upsert`: the cliente has no id, so it is found by its keys (`domain::coinzz::party`)
//! among the integration's clientes; and the venda has no modification time, so the
//! out-of-order guard compares lifecycle ranks (`providers::coinzz::status`) instead. The
//! rows themselves go through the sync's own `apply_in`, so links, hashes and the
//! `parties`/`vendas` columns are written exactly as for any provider.

use super::StoredRecord;
use super::inbox::EventOutcome;
use super::links::{Batch, apply_in};
use super::runs::EntityCounts;
use crate::domain::coinzz::party::{self, KnownParty};
use crate::domain::coinzz::{Assinatura, CoinzzChange, PartyKeys, VendaCoinzz};
use crate::domain::{EntityKind, IntegrationId, Party, ProviderKind, RecordBody, Scope};
use crate::error::Result;
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

/// Applies one Coinzz change; returns its outcome and, when stale, why.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    provider: &ProviderKind,
    change: &CoinzzChange,
    now: &str,
) -> Result<(EventOutcome, Option<String>)> {
    record_unknown_labels(conn, integration_id, &change.unknown_labels, now).await?;
    let stored_rank: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT vc.status_rank FROM vendas v LEFT JOIN venda_coinzz vc ON vc.venda_id = v.id
         WHERE v.integration_id = ? AND v.external_id = ?",
    )
    .bind(integration_id)
    .bind(&change.order_number)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(Some(stored)) = stored_rank
        && change.detalhe.status_rank < stored
    {
        let detail = format!(
            "estado \"{}\" / \"{}\" (posição {}) anterior ao gravado (posição {stored})",
            change.detalhe.order_status_raw,
            change.detalhe.shipping_status_raw.as_deref().unwrap_or(""),
            change.detalhe.status_rank
        );
        return Ok((EventOutcome::Stale, Some(detail)));
    }
    let cliente_id = write_party(conn, integration_id, provider, change, now).await?;
    let mut venda = change.venda.clone();
    venda.cliente_id = Some(cliente_id.clone());
    let record = StoredRecord {
        external_id: change.order_number.clone(),
        modified_at: None,
        payload_hash: change.payload_hash.clone(),
        scope: Scope::Account,
        body: RecordBody::Venda(venda),
    };
    let counts = write(
        conn,
        integration_id,
        provider,
        EntityKind::Venda,
        &record,
        now,
    )
    .await?;
    let venda_id: i64 =
        sqlx::query_scalar("SELECT id FROM vendas WHERE integration_id = ? AND external_id = ?")
            .bind(integration_id)
            .bind(&change.order_number)
            .fetch_one(&mut *conn)
            .await?;
    write_detalhe(conn, venda_id, &change.detalhe).await?;
    if let Some(assinatura) = &change.assinatura {
        write_assinatura(conn, integration_id, change, assinatura, &cliente_id, now).await?;
    }
    let outcome = if counts.created > 0 {
        EventOutcome::Created
    } else if counts.updated > 0 {
        EventOutcome::Updated
    } else {
        EventOutcome::Unchanged
    };
    Ok((outcome, None))
}

/// One record through `apply_in`.
async fn write(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    provider: &ProviderKind,
    entity: EntityKind,
    record: &StoredRecord,
    now: &str,
) -> Result<EntityCounts> {
    let batch = Batch {
        integration_id,
        provider: provider.clone(),
        entity,
        scan_id: None,
        records: vec![record],
        failures: &[],
    };
    Ok(apply_in(conn, &batch, now).await?.0)
}

/// Finds the buyer among the integration's clientes (or makes a new one), writes what
/// this event says of them, and returns their external id. A key this event lacks keeps
/// its stored value, so a later, sparser payload never unlinks the party.
async fn write_party(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    provider: &ProviderKind,
    change: &CoinzzChange,
    now: &str,
) -> Result<String> {
    let keys = &change.cliente.keys;
    let rows = sqlx::query(
        // One indexed lookup per key (migration 00012): written as an OR, SQLite would
        // rather read every cliente of the integration.
        "SELECT external_id, documento, cpf, cnpj, tipo_pessoa, telefone, celular, email
         FROM parties
         WHERE id IN (
             SELECT id FROM parties WHERE integration_id = ?1 AND kind = 'cliente' AND documento = ?2
             UNION ALL
             SELECT id FROM parties WHERE integration_id = ?1 AND kind = 'cliente' AND celular = ?3
             UNION ALL
             SELECT id FROM parties
             WHERE integration_id = ?1 AND kind = 'cliente' AND lower(trim(email)) = ?4)
         ORDER BY id",
    )
    .bind(integration_id)
    .bind(keys.documento.as_deref())
    .bind(keys.telefone_e164.as_deref())
    .bind(keys.email.as_deref())
    .fetch_all(&mut *conn)
    .await?;
    let known = rows
        .iter()
        .map(|row| {
            let email: Option<String> = row.try_get("email")?;
            Ok(KnownParty {
                external_id: row.try_get("external_id")?,
                keys: PartyKeys {
                    documento: row.try_get("documento")?,
                    telefone_e164: row.try_get("celular")?,
                    email: email.map(|e| e.trim().to_lowercase()),
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut party = change.cliente.party.clone();
    let external_id = match party::find(keys, &known) {
        Some(found) => {
            let at = known
                .iter()
                .position(|k| k.external_id == found.external_id);
            if let Some(row) = at.and_then(|at| rows.get(at)) {
                keep_stored_keys(&mut party, row)?;
            }
            found.external_id.clone()
        }
        None => party::new_external_id(keys, &change.order_number),
    };
    let hashed = serde_json::to_string(&party).unwrap_or_default();
    let record = StoredRecord {
        external_id: external_id.clone(),
        modified_at: None,
        payload_hash: Sha256::digest(hashed.as_bytes()).to_vec(),
        scope: Scope::Account,
        body: RecordBody::Party(party),
    };
    write(
        conn,
        integration_id,
        provider,
        EntityKind::Cliente,
        &record,
        now,
    )
    .await?;
    Ok(external_id)
}

/// Fills the keys this event lacks from the stored party.
fn keep_stored_keys(party: &mut Party, row: &sqlx::sqlite::SqliteRow) -> Result<()> {
    let fill = |mine: &mut Option<String>, column: &str| -> Result<()> {
        if mine.is_none() {
            *mine = row.try_get(column)?;
        }
        Ok(())
    };
    fill(&mut party.documento, "documento")?;
    fill(&mut party.cpf, "cpf")?;
    fill(&mut party.cnpj, "cnpj")?;
    fill(&mut party.tipo_pessoa, "tipo_pessoa")?;
    fill(&mut party.telefone, "telefone")?;
    fill(&mut party.celular, "celular")?;
    fill(&mut party.email, "email")?;
    Ok(())
}

/// Writes the order's Coinzz detail. A tracking code, once known, is kept: a re-send of
/// the same state from before it existed may arrive after the one that carried it.
async fn write_detalhe(conn: &mut SqliteConnection, venda_id: i64, d: &VendaCoinzz) -> Result<()> {
    sqlx::query(
        "INSERT INTO venda_coinzz (venda_id, order_status_raw, order_status,
            shipping_status_raw, shipping_status, status_rank, method_payment, total_installments,
            tracking_code, product_name, order_quantity, utm_source, utm_medium, utm_campaign,
            utm_content, utm_term, ordered_at_utc, deleted_at, deleted_at_utc, first_order,
            second_order, postback_label)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (venda_id) DO UPDATE SET
            order_status_raw = excluded.order_status_raw, order_status = excluded.order_status,
            shipping_status_raw = excluded.shipping_status_raw,
            shipping_status = excluded.shipping_status, status_rank = excluded.status_rank,
            method_payment = excluded.method_payment,
            total_installments = excluded.total_installments,
            tracking_code = coalesce(excluded.tracking_code, venda_coinzz.tracking_code),
            product_name = excluded.product_name, order_quantity = excluded.order_quantity,
            utm_source = excluded.utm_source, utm_medium = excluded.utm_medium,
            utm_campaign = excluded.utm_campaign, utm_content = excluded.utm_content,
            utm_term = excluded.utm_term, ordered_at_utc = excluded.ordered_at_utc,
            deleted_at = excluded.deleted_at, deleted_at_utc = excluded.deleted_at_utc,
            first_order = excluded.first_order, second_order = excluded.second_order,
            postback_label = excluded.postback_label",
    )
    .bind(venda_id)
    .bind(&d.order_status_raw)
    .bind(d.order_status)
    .bind(d.shipping_status_raw.as_deref())
    .bind(d.shipping_status)
    .bind(d.status_rank)
    .bind(d.method_payment.as_deref())
    .bind(d.total_installments)
    .bind(d.tracking_code.as_deref())
    .bind(d.product_name.as_deref())
    .bind(d.order_quantity)
    .bind(d.utm_source.as_deref())
    .bind(d.utm_medium.as_deref())
    .bind(d.utm_campaign.as_deref())
    .bind(d.utm_content.as_deref())
    .bind(d.utm_term.as_deref())
    .bind(d.ordered_at_utc.as_deref())
    .bind(d.deleted_at.as_deref())
    .bind(d.deleted_at_utc.as_deref())
    .bind(d.first_order)
    .bind(d.second_order)
    .bind(d.postback_label.as_deref())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Upserts the assinatura unless the stored one is of a later state (its rank text is
/// greater: cancelled, or a later next charge).
async fn write_assinatura(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    change: &CoinzzChange,
    a: &Assinatura,
    cliente_id: &str,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO assinaturas (integration_id, subscription_hash, cliente_id, status_raw, status,
            frequency, cycle, next_charge_date, next_charge_at_utc, order_number, status_rank,
            payload_hash, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (integration_id, subscription_hash) DO UPDATE SET
            cliente_id = excluded.cliente_id, status_raw = excluded.status_raw,
            status = excluded.status, frequency = excluded.frequency, cycle = excluded.cycle,
            next_charge_date = excluded.next_charge_date,
            next_charge_at_utc = excluded.next_charge_at_utc,
            order_number = excluded.order_number, status_rank = excluded.status_rank,
            payload_hash = excluded.payload_hash, updated_at = excluded.updated_at
         WHERE excluded.status_rank >= assinaturas.status_rank
           AND excluded.payload_hash <> assinaturas.payload_hash",
    )
    .bind(integration_id)
    .bind(&a.subscription_hash)
    .bind(cliente_id)
    .bind(&a.status_raw)
    .bind(a.status)
    .bind(a.frequency.as_deref())
    .bind(a.cycle.as_deref())
    .bind(a.next_charge_date.as_deref())
    .bind(a.next_charge_at_utc.as_deref())
    .bind(&change.order_number)
    .bind(&a.status_rank)
    .bind(&change.payload_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps each label Ponte does not know, once per integration and field; the notice goes
/// out after the batch commits (`coinzz_labels.rs`).
async fn record_unknown_labels(
    conn: &mut SqliteConnection,
    integration_id: IntegrationId,
    labels: &[(&'static str, String)],
    now: &str,
) -> Result<()> {
    for (field, label) in labels {
        sqlx::query(
            "INSERT OR IGNORE INTO coinzz_unknown_labels (integration_id, field, label, first_seen_at)
             VALUES (?, ?, ?, ?)",
        )
        .bind(integration_id)
        .bind(field)
        .bind(label)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
