//! Browsing the mirror: clientes, fornecedores, vendas and lançamentos, searched, filtered
//! (integration, loja, period, situação, liquidado) and paginated, with totals over every matching
//! row, not just the page. This is how an operator checks what a sync brought in. A Coinzz
//! venda also carries what only Coinzz sends (its `venda_coinzz` row): status, tracking
//! code and UTMs.

use super::{Store, lancamento_tipo};
use crate::domain::{IntegrationId, LancamentoTipo};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite};

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
    /// Matched, case-insensitively, against names, documents, codes and descriptions.
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

/// Vendas with their Coinzz columns (null for other providers), under the table's name so
/// the filters read the same.
const VENDAS_WITH_COINZZ: &str = "(SELECT vendas.*,
        vc.order_status AS coinzz_order_status, vc.order_status_raw AS coinzz_order_status_raw,
        vc.shipping_status AS coinzz_shipping_status,
        vc.shipping_status_raw AS coinzz_shipping_status_raw,
        vc.tracking_code AS coinzz_tracking_code, vc.utm_source AS coinzz_utm_source,
        vc.utm_medium AS coinzz_utm_medium, vc.utm_campaign AS coinzz_utm_campaign,
        vc.utm_content AS coinzz_utm_content, vc.utm_term AS coinzz_utm_term
    FROM vendas LEFT JOIN venda_coinzz vc ON vc.venda_id = vendas.id) AS vendas";

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
    pub nome_plano_conta: Option<String>,
    pub nome_loja: Option<String>,
    pub valor_total_centavos: i64,
}

/// The largest page the UI may ask for; more rows than this are not readable anyway.
pub const MAX_PAGE_SIZE: u32 = 500;

impl Dataset {
    /// What to select from: a table, or for vendas the table with its Coinzz columns.
    fn table(self) -> &'static str {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => "parties",
            Dataset::Vendas => VENDAS_WITH_COINZZ,
            Dataset::Lancamentos => "lancamentos",
        }
    }

    fn search_columns(self) -> &'static [&'static str] {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => {
                &["nome", "razao_social", "documento", "email", "external_id"]
            }
            Dataset::Vendas => &[
                "codigo",
                "nome_cliente",
                "external_id",
                "nome_situacao",
                "coinzz_tracking_code",
            ],
            Dataset::Lancamentos => &[
                "descricao",
                "nome_cliente",
                "nome_fornecedor",
                "codigo",
                "external_id",
                "nome_plano_conta",
            ],
        }
    }

    fn date_column(self) -> Option<&'static str> {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => None,
            Dataset::Vendas => Some("data"),
            Dataset::Lancamentos => Some("data_competencia"),
        }
    }

    fn order(self) -> &'static str {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => "nome COLLATE NOCASE, id",
            Dataset::Vendas => "data DESC, id DESC",
            Dataset::Lancamentos => "data_competencia DESC, id DESC",
        }
    }
}

/// Appends `WHERE …` for the live rows of `dataset` matching `filter`.
fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, dataset: Dataset, filter: &BrowseFilter) {
    query.push(" WHERE deactivated_at IS NULL");
    match dataset {
        Dataset::Clientes => {
            query.push(" AND kind = 'cliente'");
        }
        Dataset::Fornecedores => {
            query.push(" AND kind = 'fornecedor'");
        }
        Dataset::Vendas | Dataset::Lancamentos => {}
    }
    if let Some(id) = filter.integration_id {
        query.push(" AND integration_id = ").push_bind(id);
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!("%{}%", escape_like(search));
        query.push(" AND (");
        for (i, column) in dataset.search_columns().iter().enumerate() {
            if i > 0 {
                query.push(" OR ");
            }
            query
                .push(format!("{column} LIKE "))
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\'");
        }
        query.push(")");
    }
    if matches!(dataset, Dataset::Vendas | Dataset::Lancamentos)
        && let Some(loja) = filter.loja_id.as_deref().filter(|s| !s.is_empty())
    {
        query.push(" AND loja_id = ").push_bind(loja.to_string());
    }
    if let Some(column) = dataset.date_column() {
        if let Some(from) = &filter.from {
            query
                .push(format!(" AND {column} >= "))
                .push_bind(from.clone());
        }
        if let Some(to) = &filter.to {
            query
                .push(format!(" AND {column} <= "))
                .push_bind(to.clone());
        }
    }
    if dataset == Dataset::Vendas
        && let Some(situacao) = &filter.situacao
    {
        query
            .push(" AND nome_situacao = ")
            .push_bind(situacao.clone());
    }
    if dataset == Dataset::Lancamentos {
        if let Some(liquidado) = filter.liquidado {
            query.push(" AND liquidado = ").push_bind(liquidado);
        }
        if let Some(tipo) = &filter.tipo {
            query.push(" AND tipo = ").push_bind(tipo.clone());
        }
    }
}

/// `%` and `_` typed by the operator are literal characters, not wildcards.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn validate(filter: &BrowseFilter) -> Result<()> {
    for (field, date) in [("de", &filter.from), ("até", &filter.to)] {
        if let Some(date) = date
            && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
        {
            return Err(Error::InvalidInput {
                field: if field == "de" {
                    "período (de)"
                } else {
                    "período (até)"
                },
                detail: format!("\"{date}\" não é uma data; use o formato dd/mm/aaaa"),
            });
        }
    }
    if let Some(tipo) = &filter.tipo
        && tipo != "recebimento"
        && tipo != "pagamento"
    {
        return Err(Error::InvalidInput {
            field: "tipo",
            detail: format!("\"{tipo}\" não é recebimento nem pagamento"),
        });
    }
    Ok(())
}

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
        let page = page.max(1);
        let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        let (matching, totals) = self.browse_totals(dataset, filter).await?;

        let mut query = QueryBuilder::new(format!("SELECT * FROM {}", dataset.table()));
        push_filter(&mut query, dataset, filter);
        query
            .push(format!(" ORDER BY {} LIMIT ", dataset.order()))
            .push_bind(i64::from(page_size))
            .push(" OFFSET ")
            .push_bind(i64::from(page - 1) * i64::from(page_size));
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
            Dataset::Lancamentos => BrowseRows::Lancamentos(
                rows.iter()
                    .map(|r| {
                        Ok(LancamentoRow {
                            id: r.try_get("id")?,
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
                            nome_plano_conta: r.try_get("nome_plano_conta")?,
                            nome_loja: r.try_get("nome_loja")?,
                            valor_total_centavos: r.try_get("valor_total_centavos")?,
                        })
                    })
                    .collect::<Result<_>>()?,
            ),
        };
        Ok(BrowsePage {
            rows,
            page,
            page_size,
            matching,
            totals,
        })
    }

    async fn browse_totals(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
    ) -> Result<(u64, Vec<LabelledTotal>)> {
        let sums = match dataset {
            Dataset::Clientes | Dataset::Fornecedores => "0, 0",
            Dataset::Vendas => "coalesce(sum(valor_total_centavos), 0), 0",
            Dataset::Lancamentos => {
                "coalesce(sum(CASE WHEN tipo = 'recebimento' THEN valor_total_centavos END), 0),
                 coalesce(sum(CASE WHEN tipo = 'pagamento' THEN valor_total_centavos END), 0)"
            }
        };
        let mut query =
            QueryBuilder::new(format!("SELECT count(*), {sums} FROM {}", dataset.table()));
        push_filter(&mut query, dataset, filter);
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
