//! Browsing the mirror: clientes, fornecedores, vendas and lançamentos, searched (ignoring
//! accents and case, through the folded `busca` column of `store/search.rs`), filtered
//! (integration, loja, period, vencimento, vencidos, situação, liquidado), sorted
//! (`store/browse_order.rs`) and paginated, with totals over every matching row, not just the
//! page; the SQL is built in `store/browse_query.rs`. This is how an operator checks what a sync brought in. A Coinzz venda also carries
//! what only Coinzz sends (its `venda_coinzz` row): status, tracking code and UTMs. A
//! lançamento carries where its latest change asked from Ponte stands (the outbox), for
//! Dados' "pendente de envio".

use super::browse_order::BrowseSort;
use super::browse_query::{days_overdue, page_query, totals_query, validate};
use super::{OutboxState, Store, lancamento_tipo};
use crate::domain::{IntegrationId, LancamentoTipo};
use crate::error::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::HashMap;

/// What to browse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    Clientes,
    Fornecedores,
    Vendas,
    Lancamentos,
}

/// Filters; `None` means "all". Filters that do not apply to a dataset (a loja for
/// clientes, say) are ignored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct BrowseFilter {
    pub integration_id: Option<IntegrationId>,
    /// Matched, ignoring accents and case, against names, documents (with or without
    /// punctuation), codes and descriptions.
    pub search: Option<String>,
    /// A loja's external id.
    pub loja_id: Option<String>,
    /// Inclusive `YYYY-MM-DD` bounds on the venda's date or the lançamento's competência.
    pub from: Option<String>,
    pub to: Option<String>,
    pub liquidado: Option<bool>,
    /// `"recebimento"` or `"pagamento"`.
    pub tipo: Option<String>,
    /// Vendas only: the situação's name, exactly as listed by `Reports::venda_situacoes`.
    pub situacao: Option<String>,
    /// Lançamentos only: inclusive `YYYY-MM-DD` bounds on the vencimento.
    pub vencimento_from: Option<String>,
    pub vencimento_to: Option<String>,
    /// Lançamentos only: just those still open whose vencimento has passed (São Paulo's today).
    #[serde(default)]
    pub vencidos: bool,
    /// `None` is the dataset's usual order.
    pub sort: Option<BrowseSort>,
}

/// One page of rows plus the totals of everything that matched.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BrowsePage {
    pub rows: BrowseRows,
    pub page: u32,
    pub page_size: u32,
    pub matching: u64,
    /// Sums over every matching row, labelled for the table's foot.
    pub totals: Vec<LabelledTotal>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LabelledTotal {
    pub label: String,
    pub centavos: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "dataset", content = "items", rename_all = "snake_case")]
pub enum BrowseRows {
    Parties(Vec<PartyRow>),
    Vendas(Vec<VendaRow>),
    Lancamentos(Vec<LancamentoRow>),
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PartyRow {
    pub id: i64,
    pub external_id: String,
    pub nome: String,
    pub razao_social: Option<String>,
    pub documento: Option<String>,
    pub email: Option<String>,
    pub telefone: Option<String>,
    pub ativo: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VendaRow {
    pub id: i64,
    pub external_id: String,
    pub codigo: Option<String>,
    pub data: Option<String>,
    pub nome_cliente: Option<String>,
    pub nome_situacao: Option<String>,
    pub nome_loja: Option<String>,
    pub valor_total_centavos: i64,
    /// `None` for a venda of a provider other than Coinzz.
    pub coinzz: Option<VendaCoinzzInfo>,
}

/// A Coinzz venda's status (Ponte's key and the label Coinzz sent), tracking and UTMs.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VendaCoinzzInfo {
    pub order_status: String,
    pub order_status_raw: String,
    pub shipping_status: String,
    pub shipping_status_raw: Option<String>,
    pub tracking_code: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    pub utm_term: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LancamentoRow {
    pub id: i64,
    pub external_id: String,
    pub tipo: LancamentoTipo,
    pub descricao: Option<String>,
    /// The cliente or fornecedor named on the lançamento.
    pub contraparte: Option<String>,
    pub data_competencia: Option<String>,
    pub data_vencimento: Option<String>,
    pub data_liquidacao: Option<String>,
    pub liquidado: bool,
    /// Days past its vencimento when still open and overdue today (São Paulo).
    pub dias_em_atraso: Option<u32>,
    pub nome_plano_conta: Option<String>,
    pub nome_loja: Option<String>,
    pub valor_total_centavos: i64,
    pub integration_id: IntegrationId,
    /// The newest change asked from Ponte that is still to be sent or waits for the
    /// operator (pending, sending, conflict, failed); `None` when there is none.
    pub envio: Option<OutboxState>,
}

/// The outbox states a lançamento shows in Dados: open, or waiting for the operator.
const ENVIO_STATES: &str = "'pending', 'sending', 'conflict', 'failed'";

/// The largest page the UI may ask for; more rows than this are not readable anyway.
pub const MAX_PAGE_SIZE: u32 = 500;

/// The Coinzz columns of a vendas row, when it has a `venda_coinzz` row.
fn coinzz_info(row: &sqlx::sqlite::SqliteRow) -> Result<Option<VendaCoinzzInfo>> {
    let Some(order_status) = row.try_get::<Option<String>, _>("coinzz_order_status")? else {
        return Ok(None);
    };
    Ok(Some(VendaCoinzzInfo {
        order_status,
        order_status_raw: row.try_get("coinzz_order_status_raw")?,
        shipping_status: row.try_get("coinzz_shipping_status")?,
        shipping_status_raw: row.try_get("coinzz_shipping_status_raw")?,
        tracking_code: row.try_get("coinzz_tracking_code")?,
        utm_source: row.try_get("coinzz_utm_source")?,
        utm_medium: row.try_get("coinzz_utm_medium")?,
        utm_campaign: row.try_get("coinzz_utm_campaign")?,
        utm_content: row.try_get("coinzz_utm_content")?,
        utm_term: row.try_get("coinzz_utm_term")?,
    }))
}

impl Store {
    /// Page `page` (from 1) of `dataset` under `filter`, with the totals of every match.
    pub async fn browse(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
        page: u32,
        page_size: u32,
    ) -> Result<BrowsePage> {
        validate(filter)?;
        let today = crate::time::today_sao_paulo();
        let page = page.max(1);
        let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        let (matching, totals) = self.browse_totals(dataset, filter, today).await?;
        let mut query = page_query("", dataset, filter, today, page, page_size)?;
        let rows = query.build().fetch_all(&self.pool).await?;
        let rows = match dataset {
            Dataset::Clientes | Dataset::Fornecedores => BrowseRows::Parties(
                rows.iter()
                    .map(|r| {
                        Ok(PartyRow {
                            id: r.try_get("id")?,
                            external_id: r.try_get("external_id")?,
                            nome: r.try_get("nome")?,
                            razao_social: r.try_get("razao_social")?,
                            documento: r.try_get("documento")?,
                            email: r.try_get("email")?,
                            telefone: r
                                .try_get::<Option<String>, _>("celular")?
                                .or(r.try_get("telefone")?),
                            ativo: r.try_get("ativo")?,
                        })
                    })
                    .collect::<Result<_>>()?,
            ),
            Dataset::Vendas => BrowseRows::Vendas(
                rows.iter()
                    .map(|r| {
                        Ok(VendaRow {
                            id: r.try_get("id")?,
                            external_id: r.try_get("external_id")?,
                            codigo: r.try_get("codigo")?,
                            data: r.try_get("data")?,
                            nome_cliente: r.try_get("nome_cliente")?,
                            nome_situacao: r.try_get("nome_situacao")?,
                            nome_loja: r.try_get("nome_loja")?,
                            valor_total_centavos: r.try_get("valor_total_centavos")?,
                            coinzz: coinzz_info(r)?,
                        })
                    })
                    .collect::<Result<_>>()?,
            ),
            Dataset::Lancamentos => BrowseRows::Lancamentos({
                let ids: Vec<i64> = rows
                    .iter()
                    .map(|r| r.try_get("id"))
                    .collect::<std::result::Result<_, _>>()?;
                let envios = self.envios(&ids).await?;
                rows.iter()
                    .map(|r| {
                        let id: i64 = r.try_get("id")?;
                        Ok(LancamentoRow {
                            id,
                            external_id: r.try_get("external_id")?,
                            tipo: lancamento_tipo(r)?,
                            descricao: r.try_get("descricao")?,
                            contraparte: r
                                .try_get::<Option<String>, _>("nome_cliente")?
                                .or(r.try_get("nome_fornecedor")?),
                            data_competencia: r.try_get("data_competencia")?,
                            data_vencimento: r.try_get("data_vencimento")?,
                            data_liquidacao: r.try_get("data_liquidacao")?,
                            liquidado: r.try_get("liquidado")?,
                            dias_em_atraso: days_overdue(
                                r.try_get::<Option<String>, _>("data_vencimento")?
                                    .as_deref(),
                                r.try_get("liquidado")?,
                                today,
                            ),
                            nome_plano_conta: r.try_get("nome_plano_conta")?,
                            nome_loja: r.try_get("nome_loja")?,
                            valor_total_centavos: r.try_get("valor_total_centavos")?,
                            integration_id: r.try_get("integration_id")?,
                            envio: envios.get(&id).copied(),
                        })
                    })
                    .collect::<Result<_>>()?
            }),
        };
        Ok(BrowsePage {
            rows,
            page,
            page_size,
            matching,
            totals,
        })
    }

    /// For each of the lançamentos `ids` that has one, the state of its newest outbox row
    /// still open or waiting for the operator (through the index `outbox_by_record`).
    async fn envios(&self, ids: &[i64]) -> Result<HashMap<i64, OutboxState>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let rows = sqlx::query(&format!(
            "SELECT l.id, (SELECT o.state FROM outbox o
                 WHERE o.integration_id = l.integration_id AND o.entity_type = l.tipo
                   AND o.external_id = l.external_id AND o.state IN ({ENVIO_STATES})
                 ORDER BY o.id DESC LIMIT 1) AS envio
             FROM lancamentos l WHERE l.id IN (SELECT value FROM json_each(?))"
        ))
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        let mut envios = HashMap::new();
        for row in rows {
            let state: Option<String> = row.try_get("envio")?;
            if let Some(state) = state.as_deref().and_then(OutboxState::parse) {
                envios.insert(row.try_get("id")?, state);
            }
        }
        Ok(envios)
    }

    /// How SQLite runs the page and the count of a search: `EXPLAIN QUERY PLAN`'s lines
    /// for each. Says whether a search reads an index or scans the table.
    pub async fn browse_query_plan(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
    ) -> Result<Vec<String>> {
        validate(filter)?;
        let today = crate::time::today_sao_paulo();
        let mut page = page_query("EXPLAIN QUERY PLAN ", dataset, filter, today, 1, 50)?;
        let mut count = totals_query("EXPLAIN QUERY PLAN ", dataset, filter, today);
        let mut lines = Vec::new();
        for query in [&mut page, &mut count] {
            for row in query.build().fetch_all(&self.pool).await? {
                lines.push(row.try_get("detail")?);
            }
        }
        Ok(lines)
    }

    async fn browse_totals(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
        today: NaiveDate,
    ) -> Result<(u64, Vec<LabelledTotal>)> {
        let mut query = totals_query("", dataset, filter, today);
        let row = query.build().fetch_one(&self.pool).await?;
        let matching = row.try_get::<i64, _>(0)?.max(0) as u64;
        let (first, second): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
        let totals = match dataset {
            Dataset::Clientes | Dataset::Fornecedores => Vec::new(),
            Dataset::Vendas => vec![LabelledTotal {
                label: "Valor total".into(),
                centavos: first,
            }],
            Dataset::Lancamentos => vec![
                LabelledTotal {
                    label: "Recebimentos".into(),
                    centavos: first,
                },
                LabelledTotal {
                    label: "Pagamentos".into(),
                    centavos: second,
                },
            ],
        };
        Ok((matching, totals))
    }
}
