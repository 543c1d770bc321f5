//! The Gestão Click pull: the sync plan and the per-scope strategy (named `pull` so it is
//! never mistaken for the sync engine that runs it).
//!
//! The API has no "modified since" filter. Each (entity, loja) scope is read one of two ways:
//! - **Full scan** (first sync, or when the incremental check finds a gap): every page in
//!   `id` order, one transaction per page with the next page checkpointed, then the records
//!   the scan did not see are marked inactive.
//! - **Incremental**: pages ordered by `modificado_em` descending, read until a record older
//!   than the watermark minus the overlap (`incremental_overlap_minutes`) shows up. The
//!   stamps are local times without a zone, and Brazil has four: an edit can carry a stamp
//!   equal to or older than the watermark, and the overlap reads it back. Records in the
//!   overlap that did not change are recognized as unchanged when written. With nothing
//!   changed that is still one request while the overlap holds less than a page, since the
//!   first page already reaches past it. Then the provider's `total_registros` is compared
//!   with the live local count: a difference means something vanished (or was missed), and
//!   a full scan reconciles it.
//!
//! If the provider ignores the ordering or sends no `modificado_em`, the scope falls back to
//! full scans, which stay correct, only dearer.

use super::client::Client;
use super::envelope::ListPage;
use super::{client_for, mapper};
use crate::domain::{EntityKind, Scope};
use crate::error::Result;
use crate::progress::SyncStep;
use crate::providers::RunContext;
use crate::store::{Checkpoint, EntityCounts, PageWrite, RecordFailure, StoredRecord};
use crate::time::{month_end_offset, month_start_offset, today_sao_paulo};
use chrono::{NaiveDateTime, TimeDelta};
use std::collections::HashMap;

/// How the provider writes `modificado_em`: local time with no zone.
const STAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// `"planos de contas"` → `"Planos de contas"`, as a progress line starts.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One list read with its own checkpoint and reconciliation.
struct Listing {
    resource: &'static str,
    entity: EntityKind,
    scope: Scope,
    /// For progress messages: `"Recebimentos · Matriz"`.
    label: String,
    params: Vec<(&'static str, String)>,
}

const ACCOUNT_WIDE: [(&str, EntityKind); 6] = [
    ("planos_contas", EntityKind::PlanoConta),
    ("centros_custos", EntityKind::CentroCusto),
    ("contas_bancarias", EntityKind::ContaBancaria),
    ("formas_pagamentos", EntityKind::FormaPagamento),
    ("clientes", EntityKind::Cliente),
    ("fornecedores", EntityKind::Fornecedor),
];

const PER_LOJA: [(&str, EntityKind); 3] = [
    ("vendas", EntityKind::Venda),
    ("recebimentos", EntityKind::Recebimento),
    ("pagamentos", EntityKind::Pagamento),
];

/// The steps of a run, in order: lojas, the account-wide lists, then each per-loja entity
/// across every loja (one part per loja), so "etapa i de n" counts entities.
const STEPS: u32 = 1 + ACCOUNT_WIDE.len() as u32 + PER_LOJA.len() as u32;

pub(super) async fn run(run: &RunContext) -> Result<()> {
    let client = client_for(&run.connection)?;
    let lojas = listing("lojas", EntityKind::Loja, Scope::Account, "", Vec::new());
    enter_step(run, 1, 1, 1);
    sync_listing(run, &client, &lojas).await?;
    for (index, (resource, entity)) in (2..).zip(ACCOUNT_WIDE) {
        enter_step(run, index, 1, 1);
        sync_listing(
            run,
            &client,
            &listing(resource, entity, Scope::Account, "", Vec::new()),
        )
        .await?;
    }
    // Titles without a period return only the current month: always send the window.
    let today = today_sao_paulo();
    let settings = &run.connection.integration.settings;
    let window = [
        (
            "data_inicio",
            month_start_offset(today, -(settings.history_months as i32)).to_string(),
        ),
        (
            "data_fim",
            month_end_offset(today, settings.horizon_months as i32).to_string(),
        ),
    ];
    let lojas = run
        .connection
        .store
        .lojas(run.connection.integration.id)
        .await?;
    let first_per_loja = 2 + ACCOUNT_WIDE.len() as u32;
    for (index, (resource, entity)) in (first_per_loja..).zip(PER_LOJA) {
        for (part, loja) in (1..).zip(&lojas) {
            enter_step(run, index, part, lojas.len() as u32);
            let mut params = vec![("loja_id", loja.external_id.clone())];
            if entity != EntityKind::Venda {
                params.extend(window.iter().cloned());
            }
            let scope = Scope::Loja(loja.external_id.clone());
            sync_listing(
                run,
                &client,
                &listing(resource, entity, scope, &loja.nome, params),
            )
            .await?;
        }
    }
    Ok(())
}

fn enter_step(run: &RunContext, index: u32, part: u32, parts: u32) {
    run.progress.enter_step(SyncStep {
        index,
        count: STEPS,
        part,
        parts,
    });
}

fn listing(
    resource: &'static str,
    entity: EntityKind,
    scope: Scope,
    loja: &str,
    params: Vec<(&'static str, String)>,
) -> Listing {
    let name = capitalized(entity.label());
    let label = if loja.is_empty() {
        name
    } else {
        format!("{name} · {loja}")
    };
    Listing {
        resource,
        entity,
        scope,
        label,
        params,
    }
}

async fn sync_listing(run: &RunContext, client: &Client, listing: &Listing) -> Result<()> {
    let store = &run.connection.store;
    let checkpoint = store
        .checkpoint(
            run.connection.integration.id,
            listing.entity,
            &listing.scope,
        )
        .await?;
    match (
        checkpoint.scan_id,
        checkpoint.next_page,
        &checkpoint.watermark,
    ) {
        (Some(scan_id), Some(page), _) => {
            full_scan(run, client, listing, checkpoint.clone(), scan_id, page).await
        }
        (_, _, Some(watermark)) => {
            if !incremental(run, client, listing, watermark).await? {
                full_scan(run, client, listing, checkpoint.clone(), run.run_id, 1).await?;
            }
            Ok(())
        }
        _ => full_scan(run, client, listing, checkpoint, run.run_id, 1).await,
    }
}

/// Reads changes newer than the watermark minus the overlap. `false` means a full scan
/// must reconcile.
async fn incremental(
    run: &RunContext,
    client: &Client,
    listing: &Listing,
    watermark: &str,
) -> Result<bool> {
    let Some(known) = parse_stamp(watermark) else {
        tracing::info!(
            resource = listing.resource,
            "marca d'água ilegível: usando leitura completa"
        );
        return Ok(false);
    };
    let overlap = TimeDelta::minutes(i64::from(
        run.connection
            .integration
            .settings
            .incremental_overlap_minutes,
    ));
    let read_back_to = known
        .checked_sub_signed(overlap)
        .unwrap_or(NaiveDateTime::MIN);
    let mut params = listing.params.clone();
    params.push(("ordenacao", "modificado_em".into()));
    params.push(("direcao", "desc".into()));
    let mut page_number = 1;
    // The watermark only moves forward: an edit stamped in the overlap leaves it where it is.
    let mut newest = (known, watermark.to_string());
    let total = loop {
        let page = fetch(run, client, listing, &params, page_number).await?;
        let Some(stamps) = page_stamps(&page) else {
            return Ok(false);
        };
        if stamps.windows(2).any(|pair| pair[0].0 < pair[1].0) {
            tracing::info!(
                resource = listing.resource,
                "ordenação por modificado_em ignorada: usando leitura completa"
            );
            return Ok(false);
        }
        apply(run, listing, &page, None, None, page_number).await?;
        if let Some(&(first, text)) = stamps.first().filter(|(stamp, _)| *stamp > newest.0) {
            newest = (first, text.to_string());
        }
        let reached_known = stamps.last().is_none_or(|(last, _)| *last < read_back_to);
        if reached_known || !page.has_more {
            break page.total_records;
        }
        page_number += 1;
    };
    let store = &run.connection.store;
    let local = store
        .active_count(
            run.connection.integration.id,
            listing.entity,
            &listing.scope,
        )
        .await?;
    if total != Some(local) {
        tracing::info!(
            resource = listing.resource,
            ?total,
            local,
            "contagens diferem: reconciliando"
        );
        return Ok(false);
    }
    let mut checkpoint = Checkpoint::empty(
        run.connection.integration.id,
        listing.entity,
        &listing.scope,
    );
    checkpoint.watermark = Some(newest.1);
    store.save_checkpoint(&checkpoint).await?;
    Ok(true)
}

fn parse_stamp(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, STAMP_FORMAT).ok()
}

/// Each record's `modificado_em`, parsed and as sent; `None` when one lacks it or it does
/// not parse, and the list falls back to full scans.
fn page_stamps(page: &ListPage) -> Option<Vec<(NaiveDateTime, &str)>> {
    page.items
        .iter()
        .map(|item| {
            let text = item.get("modificado_em")?.as_str()?;
            Some((parse_stamp(text)?, text))
        })
        .collect()
}

async fn full_scan(
    run: &RunContext,
    client: &Client,
    listing: &Listing,
    mut checkpoint: Checkpoint,
    scan_id: i64,
    first_page: u32,
) -> Result<()> {
    let mut params = listing.params.clone();
    params.push(("ordenacao", "id".into()));
    params.push(("direcao", "asc".into()));
    let mut page_number = first_page;
    let mut failed = 0;
    checkpoint.scan_id = Some(scan_id);
    let mut page = fetch(run, client, listing, &params, page_number).await?;
    let total = loop {
        checkpoint.next_page = Some(page_number + 1);
        let applying = apply(
            run,
            listing,
            &page,
            Some(scan_id),
            Some(&checkpoint),
            page_number,
        );
        if !page.has_more {
            failed += applying.await?;
            break page.total_records;
        }
        // The next page downloads while this one is written: in id order the pages are
        // known ahead, and a prefetched page is simply read again if this one fails.
        let (applied, next) = tokio::join!(
            applying,
            fetch(run, client, listing, &params, page_number + 1)
        );
        failed += applied?;
        page = next?;
        page_number += 1;
    };
    let store = &run.connection.store;
    let integration_id = run.connection.integration.id;
    let seen = store
        .seen_in_scan(integration_id, listing.entity, &listing.scope, scan_id)
        .await?;
    // Deactivate only when the scan saw everything the provider counts: a scan that raced
    // with edits upstream could otherwise retire live records. Pages read before a resume
    // count too, since they carry the same scan id.
    let complete = total.is_none_or(|t| seen + failed >= t);
    if !complete {
        tracing::warn!(
            resource = listing.resource,
            seen,
            ?total,
            "leitura incompleta: nada foi desativado"
        );
    }
    let final_checkpoint = Checkpoint {
        watermark: store
            .newest_modified(integration_id, listing.entity, &listing.scope)
            .await?,
        scan_id: None,
        next_page: None,
        ..checkpoint
    };
    let vanished = store
        .finish_scan(run.run_id, scan_id, complete, &final_checkpoint)
        .await?;
    if vanished > 0 {
        let counts = EntityCounts {
            deactivated: vanished,
            ..EntityCounts::default()
        };
        store
            .add_entity_counts(run.run_id, listing.entity, &counts)
            .await?;
    }
    Ok(())
}

async fn fetch(
    run: &RunContext,
    client: &Client,
    listing: &Listing,
    params: &[(&str, String)],
    page: u32,
) -> Result<ListPage> {
    let before = client.requests();
    let list = client.list(listing.resource, params, page).await;
    // Counted before the outcome is looked at: a failed request was still sent and spent
    // the day's budget, and the run must say so.
    let counts = EntityCounts {
        requests: client.requests() - before,
        ..EntityCounts::default()
    };
    if counts.requests > 0 {
        run.connection
            .store
            .add_entity_counts(run.run_id, listing.entity, &counts)
            .await?;
    }
    let list = list?;
    run.progress.page(
        listing.entity,
        &listing.label,
        page,
        list.total_pages,
        list.items.len() as u64,
    );
    Ok(list)
}

/// Maps and writes one page in one transaction. Returns how many records failed mapping.
async fn apply(
    run: &RunContext,
    listing: &Listing,
    page: &ListPage,
    scan_id: Option<i64>,
    checkpoint: Option<&Checkpoint>,
    page_number: u32,
) -> Result<u64> {
    let (records, failures) = map_page(listing, page);
    let counts = run
        .connection
        .store
        .apply_page(PageWrite {
            integration_id: run.connection.integration.id,
            provider: run.connection.integration.provider.clone(),
            entity: listing.entity,
            run_id: run.run_id,
            scan_id,
            records: &records,
            failures: &failures,
            checkpoint,
        })
        .await?;
    tracing::debug!(
        resource = listing.resource,
        page = page_number,
        ?counts,
        "página aplicada"
    );
    run.connection
        .store
        .add_entity_counts(run.run_id, listing.entity, &counts)
        .await?;
    Ok(failures.len() as u64)
}

/// Maps a page, keeping one copy per id (the newest `modificado_em`): records can move
/// between pages while they are read.
fn map_page(listing: &Listing, page: &ListPage) -> (Vec<StoredRecord>, Vec<RecordFailure>) {
    let mut by_id: HashMap<String, StoredRecord> = HashMap::new();
    let mut order = Vec::new();
    let mut failures = Vec::new();
    for item in &page.items {
        match mapper::map_record(listing.entity, item, &listing.scope) {
            Ok(record) => match by_id.get(&record.external_id) {
                Some(kept) if kept.modified_at >= record.modified_at => {}
                Some(_) => {
                    by_id.insert(record.external_id.clone(), record);
                }
                None => {
                    order.push(record.external_id.clone());
                    by_id.insert(record.external_id.clone(), record);
                }
            },
            Err(failure) => failures.push(failure),
        }
    }
    let records = order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect();
    (records, failures)
}
