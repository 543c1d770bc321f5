//! The SQL of a Dados browse: what each dataset reads from, its filters rendered into a
//! `WHERE` (every value bound, never put into the text), the search on the folded `busca`
//! column (`store/search.rs`), and the page and totals queries `store/browse.rs` runs.

use super::browse::{BrowseFilter, Dataset};
use super::browse_order::order_by;
use super::search::search_terms;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use sqlx::{QueryBuilder, Sqlite};

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

impl Dataset {
    /// What to select from: a table, or for vendas the table with its Coinzz columns.
    fn table(self) -> &'static str {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => "parties",
            Dataset::Vendas => VENDAS_WITH_COINZZ,
            Dataset::Lancamentos => "lancamentos",
        }
    }

    /// Searched as they are, beside `busca`: ids and tracking codes are plain ASCII, which
    /// `LIKE` already matches ignoring case.
    fn raw_search_columns(self) -> &'static [&'static str] {
        match self {
            Dataset::Clientes | Dataset::Fornecedores | Dataset::Lancamentos => &["external_id"],
            Dataset::Vendas => &["external_id", "coinzz_tracking_code"],
        }
    }

    fn date_column(self) -> Option<&'static str> {
        match self {
            Dataset::Clientes | Dataset::Fornecedores => None,
            Dataset::Vendas => Some("data"),
            Dataset::Lancamentos => Some("data_competencia"),
        }
    }
}

/// Appends `WHERE …` for the live rows of `dataset` matching `filter`; `today` says which
/// vencimentos have passed.
fn push_filter(
    query: &mut QueryBuilder<'_, Sqlite>,
    dataset: Dataset,
    filter: &BrowseFilter,
    today: NaiveDate,
) {
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
        let like = |text: &str| format!("%{}%", escape_like(text));
        let folded = search_terms(search)
            .into_iter()
            .map(|term| ("busca", like(&term)));
        let raw = dataset
            .raw_search_columns()
            .iter()
            .map(|column| (*column, like(search)));
        query.push(" AND (");
        for (i, (column, pattern)) in folded.chain(raw).enumerate() {
            if i > 0 {
                query.push(" OR ");
            }
            query
                .push(format!("{column} LIKE "))
                .push_bind(pattern)
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
        if let Some(from) = &filter.vencimento_from {
            query
                .push(" AND data_vencimento >= ")
                .push_bind(from.clone());
        }
        if let Some(to) = &filter.vencimento_to {
            // "By D" is "before D + 1", so a vencimento with a time of day on D counts.
            query
                .push(" AND data_vencimento < ")
                .push_bind(next_day(to));
        }
        if filter.vencidos {
            query
                .push(" AND liquidado = 0 AND data_vencimento <> '' AND data_vencimento < ")
                .push_bind(today.to_string());
        }
    }
}

/// The day after a valid `YYYY-MM-DD` (checked by `validate`); "~" sorts after every date.
fn next_day(date: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.succ_opt())
        .map_or_else(|| String::from("~"), |day| day.to_string())
}

/// Days from a vencimento to `today` when the lançamento is open and overdue.
pub(super) fn days_overdue(
    vencimento: Option<&str>,
    liquidado: bool,
    today: NaiveDate,
) -> Option<u32> {
    let due = NaiveDate::parse_from_str(vencimento?.get(..10)?, "%Y-%m-%d").ok()?;
    let days = (today - due).num_days();
    (!liquidado && days > 0).then(|| u32::try_from(days).unwrap_or(u32::MAX))
}

/// `%` and `_` typed by the operator are literal characters, not wildcards.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(super) fn validate(filter: &BrowseFilter) -> Result<()> {
    for (field, date) in [
        ("período (de)", &filter.from),
        ("período (até)", &filter.to),
        ("vencimento (de)", &filter.vencimento_from),
        ("vencimento (até)", &filter.vencimento_to),
    ] {
        if let Some(date) = date
            && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
        {
            return Err(Error::InvalidInput {
                field,
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

/// `prefix` then the query for page `page` of `dataset` under `filter`, in its order.
pub(super) fn page_query<'q>(
    prefix: &str,
    dataset: Dataset,
    filter: &'q BrowseFilter,
    today: NaiveDate,
    page: u32,
    page_size: u32,
) -> Result<QueryBuilder<'q, Sqlite>> {
    let order = order_by(dataset, filter.sort)?;
    let mut query = QueryBuilder::new(format!("{prefix}SELECT * FROM {}", dataset.table()));
    push_filter(&mut query, dataset, filter, today);
    query
        .push(format!(" ORDER BY {order} LIMIT "))
        .push_bind(i64::from(page_size))
        .push(" OFFSET ")
        .push_bind(i64::from(page - 1) * i64::from(page_size));
    Ok(query)
}

/// `prefix` then the query for the count and the sums of every row matching `filter`.
pub(super) fn totals_query<'q>(
    prefix: &str,
    dataset: Dataset,
    filter: &'q BrowseFilter,
    today: NaiveDate,
) -> QueryBuilder<'q, Sqlite> {
    let sums = match dataset {
        Dataset::Clientes | Dataset::Fornecedores => "0, 0",
        Dataset::Vendas => "coalesce(sum(valor_total_centavos), 0), 0",
        Dataset::Lancamentos => {
            "coalesce(sum(CASE WHEN tipo = 'recebimento' THEN valor_total_centavos END), 0),
             coalesce(sum(CASE WHEN tipo = 'pagamento' THEN valor_total_centavos END), 0)"
        }
    };
    let mut query = QueryBuilder::new(format!(
        "{prefix}SELECT count(*), {sums} FROM {}",
        dataset.table()
    ));
    push_filter(&mut query, dataset, filter, today);
    query
}
